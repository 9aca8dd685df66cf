from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core import csv_import
from core.csv_admin import CsvAdminMixin

from .. import facts
from ..data.columns import COLUMNS
from ..models import Program
from ..services import programs as services


def _fact_fields() -> dict[str, forms.Field]:
    fields = {}
    for fact in facts.FACTS:
        fields[facts.checked_on_column(fact)] = forms.DateField(
            label=f"{fact.label}: checked on", required=False,
            help_text="Empty: the program's date below.",
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        fields[facts.source_column(fact)] = forms.CharField(
            label=f"{fact.label}: source", required=False, max_length=facts.SOURCE_MAX_LENGTH)
    return fields


class _ProgramForm(forms.ModelForm):
    """The program, with each fact's own checked-on date and source as fields of their own
    (stored together in criteria_notes; residency.facts reads them back)."""

    class Meta:
        model = Program
        fields = [f.name for f in Program._meta.fields
                  if f.editable and f.name not in ("id", "criteria_notes")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in facts.OWN_COLUMNS:
            self.initial.setdefault(name, facts.own_value(self.instance, name))

    def clean(self):
        cleaned = super().clean()
        self.instance.criteria_notes = facts.notes_for({
            fact.column: (cleaned.get(facts.checked_on_column(fact)),
                          (cleaned.get(facts.source_column(fact)) or "").strip())
            for fact in facts.FACTS})
        return cleaned


ProgramForm = type("ProgramForm", (_ProgramForm,), _fact_fields())


def _fact_line(fact_column: str, *others: str) -> tuple[str, ...]:
    fact = facts.BY_COLUMN[fact_column]
    return (fact_column, *others, facts.checked_on_column(fact), facts.source_column(fact))


@admin.register(Program)
class ProgramAdmin(CsvAdminMixin, SimpleHistoryAdmin):
    """The program directory; bulk changes come from `manage.py import_programs`.

    An empty criterion is "not recorded": applicants see it as unknown, not as "no cut-off".
    Each fact may carry its own checked-on date and source; empty ones fall back to the
    program's.
    """

    form = ProgramForm
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
        if column in facts.OWN_COLUMNS:
            return csv_import.cell(facts.own_value(program, column) or None)
        if column in program.no_requirement:
            return "none"  # the program states it has no such requirement
        return csv_import.cell(getattr(program, column))

    fieldsets = [
        (None, {"fields": ["nrmp_code", "name", "institution", "specialty", "city", "state",
                           "is_sample", _fact_line("img_share"),
                           _fact_line("application_deadline")]}),
        ("Visa sponsorship (empty: not recorded)", {"fields": [
            _fact_line("sponsors_j1"), _fact_line("sponsors_h1b")]}),
        ("Requirements (empty: not recorded)", {"fields": [
            _fact_line("max_years_since_graduation", "yog_is_hard"),
            _fact_line("max_attempts_per_step", "attempts_is_hard"),
            _fact_line("min_step2ck_score", "ck_is_hard"),
            _fact_line("min_usce_months", "usce_is_hard"),
            _fact_line("certificate_by_rank_deadline"),
        ]}),
        ("Where the requirements come from (for facts without their own)",
         {"fields": ["criteria_source", "criteria_checked_on"]}),
    ]
