from django.apps import AppConfig


class ResidencyConfig(AppConfig):
    name = "residency"
    verbose_name = "Residency and the Match"

    def ready(self) -> None:
        from applicants.signals import progress_refreshed

        from .progress import refresh_match_progress

        # Certification records feed the Match checks: whenever certification refreshes an
        # applicant's progress, the Match summary follows in the same transaction.
        def refresh(sender, applicant, evaluation, today=None, **kwargs):
            refresh_match_progress(applicant.pk, today, loaded=applicant, evaluation=evaluation)

        progress_refreshed.connect(refresh, weak=False, dispatch_uid="residency-match-progress")

        from django.db.models.signals import post_delete, post_save

        from certification.tasks import refresh_season_progress
        from core import reference_cache

        season = self.get_model("MatchSeason")
        for signal in (post_save, post_delete):
            signal.connect(reference_cache.clear, sender=season, weak=False,
                           dispatch_uid=f"reference-cache-season-{signal}")
            # Stored Match statuses follow an edited season's dates.
            signal.connect(refresh_season_progress, sender=season, weak=False,
                           dispatch_uid=f"season-progress-{signal}")
