"""Admin for the tables beyond the US Match: state licensure limits and CaRMS seasons, each
row with its source, the day it was checked and its history (django-simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import CarmsSeason, StateLicensureLimit


@admin.register(StateLicensureLimit)
class StateLicensureLimitAdmin(SimpleHistoryAdmin):
    list_display = ["state", "years_limit", "clock", "attempts_per_step", "step3_attempts",
                    "training_years", "provenance", "checked_on"]
    list_filter = ["provenance", "clock"]
    search_fields = ["state", "source", "note"]
    fieldsets = [
        (None, {"fields": ["state"]}),
        ("Limits", {"fields": [("years_limit", "clock"), ("attempts_per_step", "step3_attempts"),
                               "training_years"]}),
        ("Where it comes from", {"fields": ["provenance", "source", "checked_on", "note"]}),
    ]


@admin.register(CarmsSeason)
class CarmsSeasonAdmin(SimpleHistoryAdmin):
    list_display = ["year", "status", "file_review_opens", "match_day", "checked_on"]
    list_filter = ["status"]
    ordering = ["-year"]
    fieldsets = [
        (None, {"fields": ["year", "status", "note"]}),
        ("Dates (Eastern time)", {"fields": [
            "carms_online_opens", "file_review_opens", ("interviews_start", "interviews_end"),
            "rol_deadline", "match_day", "second_iteration_opens", "training_starts"]}),
        ("Where each date comes from", {"fields": ["provenance", "source", "checked_on"]}),
    ]
