from django.apps import AppConfig


class RoadConfig(AppConfig):
    """The whole road: the pages and functions that read all three apps (the dashboard, the
    stored summary, the one refresh after a write). Nothing below imports this app: the
    apps below reach the refresh and the summary through core.road."""

    name = "road"
    verbose_name = "The road to residency"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from residency.models import MatchSeason

        from .tasks import refresh_season

        # Stored Match statuses follow an edited season's dates, whoever saves it (the
        # admin, propose_season, any ORM write).
        for signal in (post_save, post_delete):
            signal.connect(refresh_season, sender=MatchSeason, weak=False,
                           dispatch_uid=f"road-season-{signal}")
