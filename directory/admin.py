from django.contrib import admin
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from core.csv_admin import CsvAdminMixin

from . import services
from .models import MedicalSchool


@admin.register(MedicalSchool)
class MedicalSchoolAdmin(CsvAdminMixin, SimpleHistoryAdmin):
    """The World Directory schools; bulk changes come from `manage.py import_schools`."""

    list_display = ["name", "city", "country", "wdoms_id", "sponsor_note", "note_years",
                    "accreditation"]
    list_filter = [("country", CountryFilter), "sponsor_note", "accreditation",
                   "note_years_are_sample"]
    search_fields = ["name", "city", "wdoms_id"]
    ordering = ["name"]
    csv_columns = services.COLUMNS
    csv_read = staticmethod(services.read_schools)
    csv_save = staticmethod(services.import_schools)
    fieldsets = [
        (None, {"fields": ["name", "city", "country", "wdoms_id", "accreditation"]}),
        ("ECFMG sponsor note", {"fields": ["sponsor_note", "note_from_year", "note_to_year",
                                           "note_years_are_sample"]}),
    ]

    @admin.display(description="note years")
    def note_years(self, school: MedicalSchool) -> str:
        if not school.sponsor_note:
            return "—"
        first = school.note_from_year or "any"
        last = school.note_to_year or "Current"
        return f"{first}–{last}" + (" (sample)" if school.note_years_are_sample else "")
