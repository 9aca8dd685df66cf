"""What the rule set admin pages read: a set's versions, a preview's rows, and one
affected applicant's checklist under today's sets beside the draft's."""

from __future__ import annotations

from dataclasses import dataclass

from applicants.models import Applicant
from core import clock, preload
from core.status import Status, word

from .. import impact, versions
from ..models import ImpactPreview, RequirementSet
from ..progress import RECORDS, season_for


def versions_of(rule_set: RequirementSet) -> list[RequirementSet]:
    """Every set of the same lineage (copied from one another), oldest first (a few
    queries: lineages are short)."""
    root = rule_set
    while root.copied_from_id:
        root = RequirementSet.objects.get(pk=root.copied_from_id)
    found, frontier = [root], [root.pk]
    while frontier:
        children = list(RequirementSet.objects.filter(copied_from__in=frontier).order_by("pk"))
        found += children
        frontier = [c.pk for c in children]
    return found


def replaced_by(rule_set: RequirementSet) -> RequirementSet | None:
    """The set `rule_set` closed or superseded when it was published, if any."""
    pk = (rule_set.replaced or {}).get("id")
    return RequirementSet.objects.filter(pk=pk).first() if pk else None


def _word(value: str) -> str:
    return word(Status(value)) if value else "not checked"


def preview_rows(preview: ImpactPreview) -> dict:
    """The preview's result in the checklist's words."""
    result = preview.result or {}
    counts = [{"code": code, "title": title, "before": _word(before), "after": _word(after),
               "n": n} for code, title, before, after, n in result.get("counts", [])]
    people = [{"id": pk, "category": category, "season": season,
               "flips": [f"{code}: {_word(b)} → {_word(a)}" for code, b, a in flips]}
              for pk, category, season, flips in result.get("applicants", [])]
    return {"counts": counts, "people": people, "flipped": result.get("flipped", 0)}


@dataclass(frozen=True)
class Line:
    code: str
    title: str
    before: str
    after: str
    before_why: str = ""
    after_why: str = ""

    @property
    def changed(self) -> bool:
        return self.before != self.after


def side_by_side(preview: ImpactPreview, applicant_id: str, *, with_details: bool):
    """(applicant id, category, lines) for an applicant the preview found affected, or None
    (any other id). Without details (a content editor): statuses only, no why lines, since
    they name dates, scores and schools."""
    affected = {str(row[0]) for row in (preview.result or {}).get("applicants", [])}
    if applicant_id not in affected:
        return None
    loaded = preload.load(Applicant.objects.filter(pk=int(applicant_id)), RECORDS)
    if not loaded:
        return None
    applicant, today = loaded[0], clock.today()
    kind = preview.rule_set.kind
    published = list(RequirementSet.objects.published().filter(kind=kind))
    before = impact.rule_sets_of(published)
    after = versions.publishing_plan(preview.rule_set, preview.effective_from,
                                     published).sets_after(before)
    sides = [impact.outcomes_under(applicant, sets, today, kind)[1] for sets in (before, after)]
    codes = [*sides[0], *(c for c in sides[1] if c not in sides[0])]
    lines = [Line(code, (sides[1].get(code) or sides[0][code]).title,
                  *(_status_word(side.get(code)) for side in sides),
                  *((_why(side.get(code)) for side in sides) if with_details else ("", "")))
             for code in codes]
    return {"id": applicant.pk, "category": applicant.classification.label,
            "season": season_for(applicant, kind), "lines": lines}


def _status_word(outcome) -> str:
    return word(outcome.status) if outcome else word(Status.NOT_APPLICABLE)


def _why(outcome) -> str:
    return outcome.why if outcome else ""
