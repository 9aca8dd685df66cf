"""The only writers of rule set versions: copy as draft, publish (now or on a date), roll
back, confirm a value's source, and preview a draft's impact.

A published set is never edited in place (PostgreSQL refuses it: migration 0011); it is
superseded by a new version. Publishing and rolling back start the re-evaluation of everyone
(road.tasks.refresh_all_progress through core.road.refresh_all) with a Reevaluation row the
admin shows as done / total, and a notice to each applicant whose checklist changed.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from applicants.models import Applicant
from core import clock, road

from .. import impact, versions
from ..models import ImpactPreview, Reevaluation, Requirement, RequirementSet

# Up to this many applicants a preview runs in the request; more go to a background task.
SYNC_PREVIEW_LIMIT = 500
_VERSION = re.compile(r"-v\d+$")
_YEAR = re.compile(r"(19|20)\d\d")


def _by(instance, user):
    instance._history_user = user  # django-simple-history: who, outside a request too
    return instance


def _published_locked() -> list[RequirementSet]:
    # Locked: two publishes at once must not both close the same set.
    return list(RequirementSet.objects.published().select_for_update().order_by("pk"))


def _next_version(base: str) -> int:
    found = RequirementSet.objects.filter(code__regex=rf"^{re.escape(base)}(-v\d+)?$")
    return (found.aggregate(v=Max("version"))["v"] or 0) + 1


@transaction.atomic
def copy_as_draft(source: RequirementSet, *, by, season: int | None = None) -> RequirementSet:
    """A draft copy of `source` to edit freely. With `season`: the set for that Match season,
    dated for it and with every value marked derived until confirmed with a source."""
    if season is None:
        base = _VERSION.sub("", source.code)
        version = _next_version(base)
        code, name = f"{base}-v{version}", source.name
        start, end = source.effective_from, source.effective_to
    else:
        code = _YEAR.sub(str(season), source.code, count=1)
        if code == source.code:
            code = f"{source.code}-{season}"
        version = 1
        name = _YEAR.sub(str(season), source.name, count=1)
        start, end = date(season - 1, 6, 1), date(season, 5, 31)
    if RequirementSet.objects.filter(code=code).exists():
        raise ValidationError({"code": f"A rule set {code} exists already."})
    note = (f"Copied from {source.code} for the {season} Match: every value is derived from "
            "the earlier season until confirmed with a source." if season
            else f"Version {version}, copied from {source.code}.")
    draft = _by(RequirementSet(code=code, name=name, kind=source.kind, effective_from=start,
                               effective_to=end, note=note, version=version,
                               copied_from=source), by)
    draft.save()
    for copy in versions.copied_requirements(source, draft, derived=season is not None):
        _by(copy, by).save()  # one by one: each gets its history row
    return draft


@transaction.atomic
def publish(draft: RequirementSet, *, effective_from: date, by) -> Reevaluation:
    """Publish `draft` from `effective_from`: the set in force that day ends the day before
    (or is superseded, if it would not have started yet); everyone is re-evaluated."""
    published = _published_locked()
    draft = RequirementSet.objects.select_for_update().get(pk=draft.pk)
    plan = versions.publishing_plan(draft, effective_from, published)
    before = impact.snapshot(published)
    if plan.replaces is not None:
        old = plan.replaces
        draft.replaced = {"id": old.pk, "status": old.status,
                          "effective_to": old.effective_to.isoformat() if old.effective_to
                          else None}
        if plan.supersedes:
            old.status = RequirementSet.Status.SUPERSEDED
        else:
            old.effective_to = plan.closes_to
        _by(old, by).save(update_fields=["status", "effective_to"])
    draft.effective_from = effective_from
    draft.status = RequirementSet.Status.PUBLISHED
    draft.publish_on = None
    draft.published_at = timezone.now()
    _by(draft, by).save()
    return _reevaluate(draft, "published", before)


@transaction.atomic
def rollback(rule_set: RequirementSet, *, by) -> Reevaluation:
    """Withdraw a published version and put back the set it replaced as it stood."""
    published = _published_locked()
    rule_set = RequirementSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.status != RequirementSet.Status.PUBLISHED:
        raise ValidationError("Only a published set can be rolled back.")
    before = impact.snapshot(published)
    replaced = rule_set.replaced
    if replaced:
        old = RequirementSet.objects.select_for_update().get(pk=replaced["id"])
        old.status = replaced["status"]
        old.effective_to = (date.fromisoformat(replaced["effective_to"])
                            if replaced["effective_to"] else None)
        _by(old, by).save(update_fields=["status", "effective_to"])
    rule_set.status = RequirementSet.Status.SUPERSEDED
    _by(rule_set, by).save(update_fields=["status"])
    return _reevaluate(rule_set, "rolled back", before)


def _reevaluate(rule_set: RequirementSet, action: str, before: list) -> Reevaluation:
    run = Reevaluation.objects.create(rule_set=rule_set, action=action, before=before,
                                      total=Applicant.objects.count())
    road.refresh_all(reevaluation=run.pk)
    return run


@transaction.atomic
def schedule(draft: RequirementSet, *, on: date, by) -> RequirementSet:
    """Publish `draft` on `on` (certification.tasks.publish_due runs daily); checked now."""
    published = list(RequirementSet.objects.published())
    versions.publishing_plan(draft, on, published)
    draft.publish_on = on
    _by(draft, by).save(update_fields=["publish_on"])
    return draft


def publish_due(today: date | None = None) -> list[int]:
    """Publish every draft scheduled by `today`; returns their ids. A draft that can no
    longer be published (another set took its dates) stays a draft, its schedule dropped."""
    done = []
    for draft in RequirementSet.objects.due_for_publishing(today or clock.today()):
        try:
            publish(draft, effective_from=draft.publish_on, by=None)
            done.append(draft.pk)
        except ValidationError:
            RequirementSet.objects.filter(pk=draft.pk).update(publish_on=None)
    return done


@transaction.atomic
def confirm_value(requirement: Requirement, *, provenance: str, source: str, source_url: str,
                  checked_on: date, by) -> Requirement:
    """The one change a published set allows: where a value comes from and when it was
    checked (kept in history). Any other field stays as it is."""
    errors = {}
    if provenance not in {Requirement.Provenance.VERIFIED, Requirement.Provenance.THIRD_PARTY}:
        errors["provenance"] = "Choose the kind of source that confirms the value."
    if not source.strip():
        errors["source"] = "Say where the value was confirmed."
    if checked_on > clock.recorded_today():
        errors["checked_on"] = "The day the source was checked cannot be in the future."
    if errors:
        raise ValidationError(errors)
    requirement = Requirement.objects.select_for_update().get(pk=requirement.pk)
    requirement.provenance, requirement.source = provenance, source.strip()
    requirement.source_url, requirement.checked_on = source_url.strip(), checked_on
    _by(requirement, by).save(update_fields=["provenance", "source", "source_url",
                                             "checked_on"])
    return requirement


def start_preview(draft: RequirementSet, *, effective_from: date, by) -> ImpactPreview:
    """Preview publishing `draft` from `effective_from` (ValidationError if it cannot be):
    in the request for a few applicants, in a background task beyond SYNC_PREVIEW_LIMIT."""
    versions.publishing_plan(draft, effective_from, list(RequirementSet.objects.published()))
    preview = ImpactPreview.objects.create(rule_set=draft, effective_from=effective_from,
                                           started_by=by, total=Applicant.objects.count())
    if preview.total <= SYNC_PREVIEW_LIMIT:
        run_preview(preview.pk)
        preview.refresh_from_db()
    else:
        from ..tasks import preview_impact
        transaction.on_commit(lambda: preview_impact.delay(preview.pk))
    return preview


def run_preview(preview_id: int, today: date | None = None) -> None:
    """Evaluate everyone under today's sets and under the sets once the draft is published,
    writing progress to the preview row as it goes."""
    running = ImpactPreview.objects.filter(pk=preview_id, state=ImpactPreview.State.RUNNING)
    preview = running.select_related("rule_set").first()
    if preview is None:
        return  # finished already (a task delivered twice computes nothing twice)
    kind = preview.rule_set.kind
    published = list(RequirementSet.objects.published().filter(kind=kind))
    try:
        plan = versions.publishing_plan(preview.rule_set, preview.effective_from, published)
        before = impact.rule_sets_of(published)
        found = impact.impacts(
            Applicant.objects.all(), before, plan.sets_after(before), today or clock.today(),
            progress=lambda n: ImpactPreview.objects.filter(pk=preview_id).update(done=n),
            kind=kind)
        result = impact.summarise(found)
    except ValidationError as error:
        ImpactPreview.objects.filter(pk=preview_id).update(
            state=ImpactPreview.State.FAILED, error="; ".join(error.messages),
            finished_at=timezone.now())
        return
    ImpactPreview.objects.filter(pk=preview_id).update(
        state=ImpactPreview.State.DONE, result=result, done=preview.total,
        finished_at=timezone.now())
