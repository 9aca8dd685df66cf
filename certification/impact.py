"""Who a rule set change affects, and how: every applicant judged by a set under one list of
published sets and under another, compared requirement by requirement.

The same comparison serves the impact preview of a draft (today's sets against the sets once
the draft is published) and the notices after a publish or a rollback (the sets as they
stood against the sets now). Each side is judged by the certificate engine itself
(`rules.select_rule_set`, `rules.evaluate`) over the facts `progress.facts_under` builds:
outcomes left to the pass mark follow that side's marks, as the road refresh makes them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Prefetch

from applicants.models import Applicant
from core import preload
from core.status import Status, word

from . import rules
from .models import Requirement, RequirementSet
from .progress import CANADA, CERTIFICATE, RECORDS, facts_under, season_for

CHUNK = 500  # applicants loaded per query


@dataclass(frozen=True)
class Flip:
    code: str
    title: str
    before: Status | None  # None: no such requirement on that side
    after: Status | None

    @property
    def sentence(self) -> str:
        """'Step 2 CK: now Not started (was Met)', in the checklist's own words."""
        now = word(self.after) if self.after else "no longer checked"
        was = word(self.before) if self.before else "new"
        return f"{self.title}: now {now} (was {was})"


@dataclass(frozen=True)
class Impact:
    applicant_id: int
    category: str  # the IMG category's label: what a content editor may see
    season: int
    before: str  # the code of the set that judged them, "" for none
    after: str
    flips: tuple[Flip, ...]


def rule_sets_of(sets: Iterable[RequirementSet]) -> list[rules.RuleSet]:
    """The engine's sets, requirements included (1 query for all of them), each with the
    dates of the row given (a row may carry planned, unsaved dates)."""
    sets = list(sets)
    loaded = RequirementSet.objects.filter(pk__in=[s.pk for s in sets]).prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("order", "pk")))
    by_id = {s.pk: s for s in loaded}
    return [replace(by_id[s.pk].as_rule_set(by_id[s.pk].requirements.all()),
                    effective_from=s.effective_from, effective_to=s.effective_to)
            for s in sets]


def snapshot(sets: Iterable[RequirementSet]) -> list[list]:
    """The published sets as JSON (id, from, to): enough to judge anyone as they stood,
    since a published set's requirements never change."""
    return [[s.pk, s.effective_from.isoformat(),
             s.effective_to.isoformat() if s.effective_to else None] for s in sets]


def from_snapshot(data: list[list]) -> list[RequirementSet]:
    by_id = RequirementSet.objects.in_bulk([pk for pk, _, _ in data])
    sets = []
    for pk, start, end in data:
        stored = by_id.get(pk)
        if stored is not None:
            stored.effective_from = date.fromisoformat(start)
            stored.effective_to = date.fromisoformat(end) if end else None
            sets.append(stored)
    return sets


def compare(applicant: Applicant, before: list[rules.RuleSet], after: list[rules.RuleSet],
            today: date, kind: str = CERTIFICATE) -> Impact | None:
    """How the applicant (loaded with RECORDS) fares under `after` against `before` (sets
    of one kind); None when the same set judges them on both sides, or the applicant does
    not follow the route."""
    if kind == CANADA and not applicant.track_canada:
        return None
    old, old_out = outcomes_under(applicant, before, today, kind)
    new, new_out = outcomes_under(applicant, after, today, kind)
    if _same(old, new):
        return None
    flips = tuple(
        Flip(code, (new_out.get(code) or old_out[code]).title,
             old_out[code].status if code in old_out else None,
             new_out[code].status if code in new_out else None)
        for code in [*old_out, *(c for c in new_out if c not in old_out)]
        if _status(old_out.get(code)) != _status(new_out.get(code)))
    return Impact(applicant.pk, applicant.classification.label, season_for(applicant, kind),
                  old.code if old else "", new.code if new else "", flips)


def outcomes_under(applicant: Applicant, sets: list[rules.RuleSet], today: date,
                   kind: str = CERTIFICATE):
    """(the set that would judge the applicant, its outcomes by code) among `sets` (all of
    `kind`)."""
    rule_set = rules.select_rule_set(sets, season_for(applicant, kind), today)
    if rule_set is None:
        return None, {}
    evaluation = rules.evaluate(rule_set, facts_under(applicant, rule_set), today)
    return rule_set, {o.code: o for o in evaluation.outcomes}


def _same(old: rules.RuleSet | None, new: rules.RuleSet | None) -> bool:
    if old is None or new is None:
        return old is new
    return old.code == new.code and old.requirements == new.requirements


def _status(outcome) -> Status | None:
    if outcome is None or not outcome.status.counts:
        return None  # a rule switched off and a rule not there read the same to an applicant
    return outcome.status


def impacts(applicants, before: list[rules.RuleSet], after: list[rules.RuleSet], today: date,
            progress: Callable[[int], None] | None = None,
            kind: str = CERTIFICATE) -> Iterator[Impact]:
    """compare() for every applicant of the queryset, loaded CHUNK at a time; `progress`
    is told how many have been looked at after each chunk."""
    ids = list(applicants.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = Applicant.objects.filter(pk__in=ids[start:start + CHUNK]).order_by("pk")
        for applicant in preload.load(chunk, RECORDS):
            found = compare(applicant, before, after, today, kind)
            if found is not None:
                yield found
        if progress:
            progress(min(start + CHUNK, len(ids)))


def summarise(found: Iterable[Impact]) -> dict:
    """The preview's stored result: status changes counted per requirement and direction,
    and every affected applicant (id, category, season, flips); JSON-safe."""
    counts: Counter = Counter()
    titles = {}
    people = []
    for impact in found:
        for flip in impact.flips:
            counts[(flip.code, flip.before or "", flip.after or "")] += 1
            titles[flip.code] = flip.title
        people.append([impact.applicant_id, impact.category, impact.season,
                       [[f.code, f.before or "", f.after or ""] for f in impact.flips]])
    rows = [[code, titles[code], before, after, n]
            for (code, before, after), n in sorted(counts.items())]
    return {"counts": rows, "applicants": people,
            "flipped": sum(1 for p in people if p[3])}
