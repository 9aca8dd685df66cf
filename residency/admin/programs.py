from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core import csv_import
from core.csv_admin import CsvAdminMixin

from ..data.columns import COLUMNS
from ..models import Program
from ..services import programs as services


@admin.register(Program)
class ProgramAdmin(CsvAdminMixin, SimpleHistoryAdmin):
    """The program directory; bulk changes come from `manage.py import_programs`.

    An empty criterion is "not recorded": applicants see it as unknown, not as "no cut-off".
    """

    list_display = ["name", "nrmp_code", "specialty", "city", "state", "sponsors_j1",
                    "sponsors_h1b", "criteria_checked_on", "is_sample"]
    list_filter = ["specialty", "sponsors_j1", "sponsors_h1b", "certificate_by_rank_deadline",
                   "is_sample", "state"]
    search_fields = ["name", "institution", "city", "nrmp_code"]
    ordering = ["name"]
    csv_columns = COLUMNS
    csv_read = staticmethod(services.read_programs)
    csv_save = staticmethod(services.import_programs)

    def csv_cell(self, program: Program, column: str) -> str:
        if column in program.no_requirement:
            return "none"  # the program states it has no such requirement
        return csv_import.cell(getattr(program, column))
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
