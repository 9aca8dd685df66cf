from django.apps import AppConfig


class ResidencyConfig(AppConfig):
    name = "residency"
    verbose_name = "Residency and the Match"
