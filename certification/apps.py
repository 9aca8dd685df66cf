from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = "ECFMG certification"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core import reference_cache

        # A document deleted any way (the service, an account erased, the admin) takes its
        # file along once the deletion commits.
        post_delete.connect(_delete_file, sender=self.get_model("CredentialDocument"),
                            weak=False, dispatch_uid="credential-document-file")
        for model in (self.get_model("RequirementSet"), self.get_model("Requirement")):
            for signal in (post_save, post_delete):
                signal.connect(reference_cache.clear, sender=model, weak=False,
                               dispatch_uid=f"reference-cache-{model.__name__}-{signal}")


def _delete_file(sender, instance, **kwargs) -> None:
    from django.db import transaction

    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
