"""The certificate engine: rule sets of requirements, evaluated over an applicant's facts.

Pure decisions over plain data: no Django, no clock (`today` is always an argument), so the
same engine serves the dashboard, the caseload, reminders and the API, and hundreds of cases
test in milliseconds. Facts: shared/domain/RULES.md §1 (current set), §2 (earlier sets and
exam-policy history), §5 (USMLE) and §9 (cross-check verdicts).

Requirements are data (a RuleSet of Requirements, each naming a rule *kind* with JSON params);
kinds are code (kinds/, one RuleKind each in the registry); status meanings: common.py.
Choices made here:
- Inactive requirements are returned with status not_applicable, not omitted, so advisors see
  that a rule exists but is switched off; they count in no total. A switched-off rule whose
  status no source settles (the 7-year exam rule) reads check_with_ecfmg where the
  applicant's records are where it would bite: a warning, counted in no total either.
- A requirement's provenance is that of the weakest value it rests on, so the UI can flag
  every requirement an applicant should double-check.
- An issued certificate (Facts.certificate_issued_on) means ECFMG found every requirement
  met: a line not met by the applicant's own records reads met "per your ECFMG certificate".
- Badly configured params raise InvalidRule: a wrong "met" is worse than an error page, and
  admins are told the same messages by validate_params when they save.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from core.status import Status

from .common import Result
from .facts import Facts
from .params import validate_params
from .registry import RULE_KINDS

PROVENANCES = ("verified", "third_party", "derived")


# Rule sets and their evaluation


@dataclass(frozen=True)
class Requirement:
    code: str
    title: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    provenance: str = "verified"  # verified | third_party | derived
    source: str = ""
    active: bool = True


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    effective_from: date
    effective_to: date | None
    requirements: tuple[Requirement, ...]
    note: str = ""  # where the effective dates come from
    # Set on a copy made for a later season that has no set of its own (select_rule_set):
    # the season it stands in for. An admin must publish that season's own set.
    derived_for: int | None = None
    kind: str = "certificate"  # registry.TRACKS: the US certificate or the Canadian route

    def in_force_on(self, day: date) -> bool:
        ends = self.effective_to
        return self.effective_from <= day and (ends is None or day <= ends)

    @property
    def last_season(self) -> int:
        """The last Match season the set may judge: the season of its end date, and for a
        set with no end date the season it took effect in (an open-ended set is never
        silently reused for later seasons)."""
        return season_of(self.effective_to or self.effective_from)


@dataclass(frozen=True)
class Outcome:
    code: str
    title: str
    status: Status
    why: str
    next_action: str  # empty when there is nothing to do
    source: str
    provenance: str
    satisfied: bool = False  # counts towards the certificate (met, or expiring but valid)
    kind: str = ""  # the requirement's rule kind: its group and fix page are the registry's
    awaits: str | None = None  # the result that can settle it (RuleKind.awaits), if any


@dataclass(frozen=True)
class Evaluation:
    rule_set_code: str
    outcomes: tuple[Outcome, ...]

    @property
    def counted(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status.counts)

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def met_count(self) -> int:
        return sum(o.satisfied for o in self.counted)

    @property
    def percent_met(self) -> int:
        # Rounded down: 11 of 12 must not read as 100%.
        return self.met_count * 100 // self.total if self.total else 0

    @property
    def blocking(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.counted if o.status is Status.BLOCKED)

    @property
    def certificate_status(self) -> str:
        """eligible_for_certificate | blocked | in_progress | not_started."""
        if self.total and self.met_count == self.total:
            return "eligible_for_certificate"
        if self.blocking:
            return "blocked"
        if any(o.satisfied or o.status is not Status.NOT_STARTED for o in self.counted):
            return "in_progress"
        return "not_started"


class InvalidRule(ValueError):
    """A requirement whose kind or params the engine can't use."""


def evaluate(rule_set: RuleSet, facts: Facts, today: date) -> Evaluation:
    outcomes = tuple(_outcome(req, facts, today) for req in rule_set.requirements)
    return Evaluation(rule_set.code, outcomes)


def _outcome(req: Requirement, facts: Facts, today: date) -> Outcome:
    kind = RULE_KINDS.get(req.kind)
    if req.active:
        errors = validate_params(req.kind, req.params)
        if errors:
            raise InvalidRule(f"{req.code}: " + "; ".join(errors))
        result = kind.evaluate(req, facts, today)
        issued = facts.certificate_issued_on
        if issued and issued <= today and not result.satisfied:
            # An issued certificate means ECFMG found every requirement met; lines the
            # applicant recorded as met keep their own evidence.
            result = Result(Status.MET, f"Met per your ECFMG certificate of {issued}", "",
                            True)
    elif kind and kind.when_off and not facts.certificate_issued_on:
        result = kind.when_off(req, facts, today)  # not applicable, or check with ECFMG
        if result.status.counts or result.satisfied:
            raise InvalidRule(f"{req.code}: a rule switched off cannot count")
    else:
        result = Result(Status.NOT_APPLICABLE, "Not counted for your Match season")
    awaits = kind.awaits(req.params) if kind and kind.awaits and req.active else None
    return Outcome(req.code, req.title, result.status, result.why, result.next_action,
                   req.source, req.provenance, result.satisfied, req.kind, awaits)


def season_reference_date(season: int) -> date:
    """The day whose rules govern Match season M: 1 October of M-1.

    A season's Pathways open in August of M-1 (2026: 2025-08-19) and close on 31 May of M, so
    1 October lies inside every season's window even when the opening slips a few weeks; a
    date as early as 1 August would fall before the 2026 opening, into no set at all.
    """
    return date(season - 1, 10, 1)


def season_of(day: date) -> int:
    """The Match season a day belongs to: a season runs from 1 June of M-1 to 31 May of M."""
    return day.year + 1 if day.month >= 6 else day.year


def select_rule_set(
    rule_sets: Iterable[RuleSet], target_season: int | None, today: date
) -> RuleSet | None:
    """The set for the applicant's Match season; with no season, the set in force today.

    A set published ahead of its season is chosen for that season even before it takes
    effect, and a set judges no season after its last (RuleSet.last_season). A season later
    than every set's gets a copy of the latest set marked `derived_for` that season, for an
    admin to replace with the season's own; an older set is never silently reused. None when
    no set covers an earlier day (e.g. seasons before Step 2 CS).
    """
    sets = list(rule_sets)
    if not target_season:
        candidates = [rs for rs in sets if rs.in_force_on(today)]
        return max(candidates, key=lambda rs: rs.effective_from, default=None)
    day = season_reference_date(target_season)
    candidates = [rs for rs in sets if rs.in_force_on(day) and target_season <= rs.last_season]
    found = max(candidates, key=lambda rs: rs.effective_from, default=None)
    if found is not None or not sets:
        return found
    latest = max(sets, key=lambda rs: rs.effective_from)
    if target_season <= max(rs.last_season for rs in sets):
        return None  # a gap between sets, not a season still to come
    return replace(latest, derived_for=target_season)


def check_rule_set(rule_set: RuleSet) -> list[str]:
    """Problems with a whole rule set: dates, duplicate codes, provenance, params."""
    errors = []
    if rule_set.effective_to and rule_set.effective_to < rule_set.effective_from:
        errors.append(f"{rule_set.code}: effective_to is before effective_from")
    codes = [r.code for r in rule_set.requirements]
    errors += [f"{rule_set.code}: duplicate code {c}" for c in sorted(set(codes))
               if codes.count(c) > 1]
    if not any(r.active for r in rule_set.requirements):
        errors.append(f"{rule_set.code}: no active requirement")
    for req in rule_set.requirements:
        if req.provenance not in PROVENANCES:
            errors.append(f"{req.code}: provenance must be one of {', '.join(PROVENANCES)}")
        errors += [f"{req.code}: {e}" for e in validate_params(req.kind, req.params)]
        errors += [f"{req.code}: {e}" for e in check_track(req.kind, rule_set.kind)]
    return errors


def check_track(kind: str, set_kind: str) -> list[str]:
    """A rule kind belongs in one kind of set: no Canadian exam in the US certificate."""
    found = RULE_KINDS.get(kind)
    if found is None or found.track == set_kind:
        return []
    return [f"the rule kind {kind!r} belongs in a {found.track} set, not a {set_kind} set"]
