"""Rule sets in the admin: drafts are edited freely; a published set is read-only (and
PostgreSQL refuses any change to it, migration 0011) and is changed by copying it as a new
draft, previewing the draft's impact and publishing it. Pages: copy, publish / schedule /
preview, roll back, compare two versions, a preview's result and one applicant's checklist
under both sets, the re-evaluation's done / total."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from ..forms.rulesets import ConfirmValueForm, PublishForm
from ..models import ImpactPreview, Reevaluation, Requirement, RequirementSet
from ..progress import seasons_without_a_set
from ..selectors import rulesets as selectors
from ..services import rulesets as services
from ..versions import diff

HTTPS = {models.URLField: {"assume_scheme": "https"}}


class RequirementInline(admin.StackedInline):
    model = Requirement
    extra = 0
    formfield_overrides = HTTPS
    fields = [("order", "code", "active"), "title", "help_text", ("kind", "provenance"),
              "params", ("source", "source_url", "checked_on")]

    def _draft(self, obj) -> bool:
        return obj is None or obj.is_draft

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


class _FixedHistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's revert page saves on POST for anyone who may view: here it
    needs the right to change the object now (a published set: nobody)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(
                request, self.get_object(request, object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(RequirementSet)
class RequirementSetAdmin(_FixedHistoryAdmin):
    list_display = ["name", "code", "version", "kind", "effective_from", "effective_to",
                    "status", "publish_on"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "code"]
    readonly_fields = ["status", "version", "copied_from", "publish_on", "published_at"]
    inlines = [RequirementInline]
    change_form_template = "admin/certification/requirementset/change_form.html"
    change_list_template = "admin/certification/requirementset/change_list.html"

    def has_change_permission(self, request, obj=None):
        # A published set is read-only here; it changes by a new version.
        return (obj is None or obj.is_draft) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_delete_permission(request, obj)

    def changelist_view(self, request, extra_context=None):
        for season, code in seasons_without_a_set():
            messages.warning(request, (
                f"No published rule set for the {season} Match: its applicants are judged by "
                f"a copy of {code}, marked derived. Publish the {season} set once ECFMG's "
                "rules for it are known."))
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        rule_set = self.get_object(request, object_id)
        extra = {**(extra_context or {})}
        if rule_set is not None:
            extra.update(
                can_publish=self._can_publish(request),
                previews=rule_set.previews.all()[:5],
                reevaluations=rule_set.reevaluations.all()[:5],
                versions=selectors.versions_of(rule_set))
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self):
        view = self.admin_site.admin_view
        own = [
            path("<path:object_id>/copy/", view(self.copy_view),
                 name="certification_requirementset_copy"),
            path("<path:object_id>/publish/", view(self.publish_view),
                 name="certification_requirementset_publish"),
            path("<path:object_id>/rollback/", view(self.rollback_view),
                 name="certification_requirementset_rollback"),
            path("compare/", view(self.diff_view), name="certification_requirementset_diff"),
            path("preview/<int:id>/", view(self.preview_view),
                 name="certification_requirementset_preview"),
            path("reevaluation/<int:id>/", view(self.reevaluation_view),
                 name="certification_requirementset_reevaluation"),
        ]
        return own + super().get_urls()

    # Pages

    def _can_publish(self, request) -> bool:
        return request.user.has_perm("certification.change_requirementset")

    def _page(self, request, template: str, title: str, **context):
        return TemplateResponse(request, f"admin/certification/requirementset/{template}", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": title, **context})

    def _set(self, request, object_id) -> RequirementSet:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(RequirementSet, pk=object_id)

    def copy_view(self, request, object_id):
        source = self._set(request, object_id)
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        draft = services.copy_as_draft(source, by=request.user)
        messages.success(request, f"{draft.code} is a draft copy of {source.code}: edit it, "
                         "preview who it affects, then publish it.")
        return redirect("admin:certification_requirementset_change", draft.pk)

    def publish_view(self, request, object_id):
        draft = self._set(request, object_id)
        if not self._can_publish(request) or not draft.is_draft:
            raise PermissionDenied
        form = PublishForm(request.POST or None,
                           initial={"effective_from": draft.effective_from})
        if request.method == "POST" and form.is_valid():
            try:
                return self._publish(request, draft, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("effective_from", message)
        return self._page(request, "publish.html", f"Publish {draft.code}", original=draft,
                          form=form)

    def _publish(self, request, draft, *, effective_from, action):
        if action == PublishForm.PREVIEW:
            preview = services.start_preview(draft, effective_from=effective_from,
                                             by=request.user)
            return redirect("admin:certification_requirementset_preview", preview.pk)
        if action == PublishForm.SCHEDULE:
            services.schedule(draft, on=effective_from, by=request.user)
            messages.success(request, f"{draft.code} will be published on {effective_from}.")
            return redirect("admin:certification_requirementset_change", draft.pk)
        run = services.publish(draft, effective_from=effective_from, by=request.user)
        messages.success(request, f"{draft.code} is published from {effective_from}; "
                         "everyone is being re-evaluated.")
        return redirect("admin:certification_requirementset_reevaluation", run.pk)

    def rollback_view(self, request, object_id):
        rule_set = self._set(request, object_id)
        if not self._can_publish(request) or rule_set.status != RequirementSet.Status.PUBLISHED:
            raise PermissionDenied
        if request.method == "POST":
            run = services.rollback(rule_set, by=request.user)
            messages.success(request, f"{rule_set.code} is withdrawn; the set it replaced "
                             "judges its applicants again.")
            return redirect("admin:certification_requirementset_reevaluation", run.pk)
        return self._page(request, "rollback.html", f"Roll back {rule_set.code}",
                          original=rule_set, replaced=selectors.replaced_by(rule_set))

    def diff_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        sets = RequirementSet.objects.order_by("code")
        chosen = [request.GET.get("a"), request.GET.get("b")]
        context = {"sets": sets, "chosen": chosen}
        if all(c and c.isdigit() for c in chosen):
            old, new = (get_object_or_404(sets.prefetch_related(
                Prefetch("requirements", queryset=Requirement.objects.order_by("order", "pk"))),
                pk=c) for c in chosen)
            context.update(old=old, new=new, diff=diff(old, new))
        return self._page(request, "diff.html", "Compare two rule sets", **context)

    def preview_view(self, request, id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        preview = get_object_or_404(ImpactPreview.objects.select_related("rule_set"), pk=id)
        people = request.user.has_perm("applicants.view_applicant")
        chosen = request.GET.get("applicant")
        side_by_side = None
        if chosen:
            side_by_side = selectors.side_by_side(preview, chosen, with_details=people)
            if side_by_side is None:
                raise Http404("That applicant is not affected by this preview.")
        return self._page(request, "preview.html", f"Who {preview.rule_set.code} affects",
                          preview=preview, original=preview.rule_set,
                          rows=selectors.preview_rows(preview), people=people,
                          side_by_side=side_by_side)

    def reevaluation_view(self, request, id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(Reevaluation.objects.select_related("rule_set"), pk=id)
        return self._page(request, "reevaluation.html", f"Re-evaluation: {run.rule_set.code}",
                          run=run, original=run.rule_set)


@admin.register(Requirement)
class RequirementAdmin(_FixedHistoryAdmin):
    list_display = ["code", "title", "rule_set", "kind", "provenance", "checked_on", "active",
                    "order"]
    list_filter = ["rule_set", "kind", "provenance", "active"]
    search_fields = ["code", "title"]
    list_select_related = ["rule_set"]
    change_form_template = "admin/certification/requirement/change_form.html"
    formfield_overrides = HTTPS

    def _draft(self, obj) -> bool:
        return obj is None or obj.rule_set.is_draft

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rule_set":  # requirements are added to drafts only
            kwargs["queryset"] = RequirementSet.objects.drafts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        return [path("<path:object_id>/confirm/", self.admin_site.admin_view(self.confirm_view),
                     name="certification_requirement_confirm"), *super().get_urls()]

    def confirm_view(self, request, object_id):
        """Confirm a value's source and checked-on date: allowed on a published set too."""
        if not super().has_change_permission(request):
            raise PermissionDenied
        requirement = get_object_or_404(Requirement.objects.select_related("rule_set"),
                                        pk=object_id)
        form = ConfirmValueForm(request.POST or None, initial={
            "source": requirement.source, "source_url": requirement.source_url,
            "checked_on": requirement.checked_on})
        if request.method == "POST" and form.is_valid():
            try:
                services.confirm_value(requirement, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field, problems)
            else:
                messages.success(request, f"{requirement.code}: source confirmed.")
                return redirect("admin:certification_requirementset_change",
                                requirement.rule_set_id)
        return TemplateResponse(request, "admin/certification/requirement/confirm.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": f"Confirm the source of {requirement.code}", "original": requirement,
            "form": form})
