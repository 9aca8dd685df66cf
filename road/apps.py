from django.apps import AppConfig


class RoadConfig(AppConfig):
    """The whole road: the pages and functions that read all three apps (the dashboard, the
    stored summary, the one refresh after a write). Nothing below imports this app."""

    name = "road"
    verbose_name = "The road to residency"
