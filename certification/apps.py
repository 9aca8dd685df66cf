from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = "ECFMG certification"

    def ready(self) -> None:
        from applicants.signals import profile_saved

        from .progress import refresh_progress

        def refresh(sender, applicant, **kwargs):
            refresh_progress(applicant.pk)

        profile_saved.connect(refresh, weak=False, dispatch_uid="certification-progress")
