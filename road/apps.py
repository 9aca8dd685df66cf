from django.apps import AppConfig


class RoadConfig(AppConfig):
    """The whole road: the pages and functions that read all three apps (the dashboard, the
    stored summary, the one refresh after a write). Nothing below imports this app: the
    apps below reach the refresh and the summary through core.road."""

    name = "road"
    verbose_name = "The road to residency"
