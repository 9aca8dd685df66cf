from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = "Applicants and accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401
