from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core import road

from ..models import Requirement, RequirementSet


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
