from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import Program


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    """The program directory; bulk changes come from `manage.py import_programs`.

    An empty criterion is "not recorded": applicants see it as unknown, not as "no cut-off".
    """

    list_display = ["name", "nrmp_code", "specialty", "city", "state", "sponsors_j1",
                    "sponsors_h1b", "criteria_checked_on", "is_sample"]
    list_filter = ["specialty", "sponsors_j1", "sponsors_h1b", "certificate_by_rank_deadline",
                   "is_sample", "state"]
    search_fields = ["name", "institution", "city", "nrmp_code"]
    ordering = ["name"]
    fieldsets = [
        (None, {"fields": ["nrmp_code", "name", "institution", "specialty", "city", "state",
                           "img_share", "is_sample"]}),
        ("Visa sponsorship (empty: not recorded)", {"fields": ["sponsors_j1", "sponsors_h1b"]}),
        ("Requirements (empty: not recorded)", {"fields": [
            ("max_years_since_graduation", "yog_is_hard"),
            ("max_attempts_per_step", "attempts_is_hard"),
            ("min_step2ck_score", "ck_is_hard"),
            ("min_usce_months", "usce_is_hard"),
            "certificate_by_rank_deadline",
        ]}),
        ("Where the requirements come from", {"fields": ["criteria_source",
                                                         "criteria_checked_on",
                                                         "criteria_notes"]}),
    ]
