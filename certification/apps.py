from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = "ECFMG certification"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core import reference_cache

        for model in (self.get_model("RequirementSet"), self.get_model("Requirement")):
            for signal in (post_save, post_delete):
                signal.connect(reference_cache.clear, sender=model, weak=False,
                               dispatch_uid=f"reference-cache-{model.__name__}-{signal}")
