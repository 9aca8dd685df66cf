from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from core import road

from ..models import Requirement, RequirementSet
from ..progress import seasons_without_a_set


class RequirementInline(admin.StackedInline):
    model = Requirement
    extra = 0
    fields = [("order", "code", "active"), "title", "help_text", ("kind", "provenance"),
              "params", "source"]


@admin.register(RequirementSet)
class RequirementSetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "effective_from", "effective_to", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "code"]
    inlines = [RequirementInline]

    def changelist_view(self, request, extra_context=None):
        for season, code in seasons_without_a_set():
            messages.warning(request, (
                f"No published rule set for the {season} Match: its applicants are judged by "
                f"a copy of {code}, marked derived. Publish the {season} set once ECFMG's "
                "rules for it are known."))
        return super().changelist_view(request, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Every applicant's stored progress follows the new rules, in the background.
        road.refresh_all()


@admin.register(Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "rule_set", "kind", "provenance", "active", "order"]
    list_filter = ["rule_set", "kind", "provenance", "active"]
    search_fields = ["code", "title"]
    list_select_related = ["rule_set"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        road.refresh_all()
