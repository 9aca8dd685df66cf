from django.contrib import admin
from django.db import transaction

from core import road

from ..models import EcfmgRecord, ExamAttempt, MccAttempt, OetSitting, PathwayApplication


class ApplicantRecordAdmin(admin.ModelAdmin):
    """Staff corrections go straight to the row (no applicant-facing checks), but the
    applicant's progress still follows in the same transaction."""

    list_select_related = ["applicant"]
    search_fields = ["applicant__legal_name", "applicant__user__email"]
    raw_id_fields = ["applicant"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            road.refresh(obj.applicant_id)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            road.refresh(obj.applicant_id)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            applicant_ids = set(queryset.values_list("applicant_id", flat=True))
            super().delete_queryset(request, queryset)
            for applicant_id in applicant_ids:
                road.refresh(applicant_id)


@admin.register(EcfmgRecord)
class EcfmgRecordAdmin(ApplicantRecordAdmin):
    list_display = ["applicant", "ecfmg_id", "account_status", "application_status",
                    "certificate_issued_on"]
    list_filter = ["account_status", "application_status"]
    search_fields = [*ApplicantRecordAdmin.search_fields, "ecfmg_id", "certificate_number"]


@admin.register(ExamAttempt)
class ExamAttemptAdmin(ApplicantRecordAdmin):
    list_display = ["applicant", "exam", "test_date", "outcome", "outcome_derived", "score"]
    list_filter = ["exam", "outcome"]
    date_hierarchy = "test_date"
    readonly_fields = ["outcome_derived"]

    def save_model(self, request, obj, form, change):
        if "outcome" in form.changed_data:
            # Staff typed the outcome: it is recorded, no longer worked out from the mark.
            obj.outcome_derived = not obj.outcome
        super().save_model(request, obj, form, change)


@admin.register(OetSitting)
class OetSittingAdmin(ApplicantRecordAdmin):
    list_display = ["applicant", "test_date", "listening", "reading", "writing", "speaking"]
    date_hierarchy = "test_date"


@admin.register(PathwayApplication)
class PathwayApplicationAdmin(ApplicantRecordAdmin):
    list_display = ["applicant", "pathway", "season", "status", "decided_on", "valid_through"]
    list_filter = ["pathway", "status", "season"]


@admin.register(MccAttempt)
class MccAttemptAdmin(ApplicantRecordAdmin):
    list_display = ["applicant", "exam", "test_date", "outcome", "result_date"]
    list_filter = ["exam", "outcome"]
    date_hierarchy = "test_date"
