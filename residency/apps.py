from django.apps import AppConfig


class ResidencyConfig(AppConfig):
    name = "residency"
    verbose_name = "Residency and the Match"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core import reference_cache

        season = self.get_model("MatchSeason")
        for signal in (post_save, post_delete):
            signal.connect(reference_cache.clear, sender=season, weak=False,
                           dispatch_uid=f"reference-cache-season-{signal}")
