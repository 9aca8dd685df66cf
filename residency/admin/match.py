"""Admin for Match seasons (calendars admins confirm), registrations and applications.

Registrations and applications are the applicant's own records, written through the
services that keep the Match summary in step: here they are read-only.
"""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from ..models import MatchSeason, Registration, ResidencyApplication


@admin.register(MatchSeason)
class MatchSeasonAdmin(SimpleHistoryAdmin):
    list_display = ["year", "status", "rol_deadline", "match_day", "updated_at"]
    list_filter = ["status"]
    ordering = ["-year"]
    actions = ["confirm_seasons"]
    change_list_template = "residency/match/admin_season_change_list.html"
    fieldsets = [
        (None, {"fields": ["year", "status", "time_zone", "note"]}),
        ("Applications (ERAS) and registration (NRMP)", {"fields": [
            "programs_register", "eras_opens", "eras_applicants_submit",
            "nrmp_registration_opens", "eras_programs_review", "pathways_deadline",
            "standard_registration_deadline"]}),
        ("Ranking and the Match", {"fields": [
            "ranking_opens", "rol_deadline", ("match_week", "match_week_end"),
            ("soap", "soap_end"), "match_day", "eras_ends", "training_starts"]}),
        ("Where each date comes from", {"fields": ["provenance"]}),
    ]

    @admin.action(description="Confirm selected seasons")
    def confirm_seasons(self, request, queryset):
        # Saved one by one (a few rows): the signals clear cached calendars and re-evaluate
        # the applicants aiming at each season.
        count = 0
        for season in queryset.exclude(status=MatchSeason.Status.CONFIRMED):
            season.status = MatchSeason.Status.CONFIRMED
            season.save()
            count += 1
        self.message_user(request, f"{count} season(s) confirmed. Dates marked derived in "
                          "the provenance stay flagged until you mark them verified.",
                          messages.SUCCESS)


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_urls(self):
        # No add or delete pages: they would only ever answer 403.
        return [url for url in super().get_urls()
                if not (url.name or "").endswith(("_add", "_delete"))]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["applicant", "season", "nrmp_registered_on", "rol_certified_on",
                    "eras_submitted_on", "visa_need"]
    list_filter = ["season", "visa_need"]
    list_select_related = ["applicant"]
    search_fields = ["applicant__legal_name", "applicant__user__email", "nrmp_id"]


@admin.register(ResidencyApplication)
class ResidencyApplicationAdmin(ReadOnlyAdmin):
    list_display = ["applicant", "program", "season", "status", "submitted_on",
                    "interview_on", "rank_position"]
    list_filter = ["season", "status", "program__specialty"]
    list_select_related = ["applicant", "program"]
    search_fields = ["applicant__legal_name", "applicant__user__email", "program__name",
                     "program__nrmp_code"]
