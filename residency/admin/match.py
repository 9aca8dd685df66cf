"""Admin for Match seasons (calendars admins confirm), registrations and applications.

Registrations and applications are the applicant's own records, written through the
services that keep the Match summary in step: here they are read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.csv_admin import CsvAdminMixin

from ..forms.seasons import ConfirmDateForm
from ..models import MatchSeason, Registration, ResidencyApplication
from ..services import seasons as services


@admin.register(MatchSeason)
class MatchSeasonAdmin(CsvAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "status", "rol_deadline", "match_day", "updated_at"]
    list_filter = ["status"]
    ordering = ["-year"]
    actions = ["confirm_seasons"]
    change_list_template = "residency/match/admin_season_change_list.html"
    change_form_template = "admin/residency/matchseason/change_form.html"
    fieldsets = [
        (None, {"fields": ["year", "status", "time_zone", "note"]}),
        ("Applications (ERAS) and registration (NRMP)", {"fields": [
            "programs_register", "eras_opens", "eras_applicants_submit",
            "nrmp_registration_opens", "eras_programs_review", "pathways_deadline",
            "standard_registration_deadline"]}),
        ("Ranking and the Match", {"fields": [
            "ranking_opens", "rol_deadline", ("match_week", "match_week_end"),
            ("soap", "soap_end"), "match_day", "eras_ends", "training_starts"]}),
        ("Where each date comes from", {"fields": ["provenance", "sources"]}),
    ]

    readonly_fields = ["sources"]
    csv_columns = services.SEASON_COLUMNS
    csv_read = staticmethod(services.read_seasons)
    csv_save = staticmethod(services.import_seasons)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("next-season/", view(self.next_season_view),
                 name="residency_matchseason_next"),
            path("<path:object_id>/confirm-date/", view(self.confirm_date_view),
                 name="residency_matchseason_confirm_date"),
            *super().get_urls(),  # with CsvAdminMixin's import and export
        ]

    def next_season_view(self, request):
        """Propose next season's calendar and a derived draft rule set (POST)."""
        if request.method != "POST" or not (
                self.has_add_permission(request)
                and request.user.has_perm("certification.add_requirementset")):
            raise PermissionDenied
        try:
            season, draft = services.propose_next_season(by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("admin:residency_matchseason_changelist")
        draft_url = reverse("admin:certification_requirementset_change", args=[draft.pk])
        messages.success(request, format_html(
            "Proposed the {} calendar and the draft rule set <a href=\"{}\">{}</a>, every "
            "value derived: confirm each with a source, then publish.", season.year,
            draft_url, draft.code))
        return redirect("admin:residency_matchseason_change", season.pk)

    def confirm_date_view(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        season = get_object_or_404(MatchSeason, pk=object_id)
        form = ConfirmDateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.confirm_date(season, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, f"{season.year}: {form.cleaned_data['key']} "
                                 "confirmed.")
                return redirect("admin:residency_matchseason_change", season.pk)
        return TemplateResponse(request, "admin/residency/matchseason/confirm_date.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": f"Confirm a date of the {season.year} Match", "original": season,
            "form": form})

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
