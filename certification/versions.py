"""Rule set versions: what publishing a draft changes, and how two versions differ.

`publishing_plan` is the one decision of what a publish does to the published sets (the
service applies it, the impact preview evaluates it unsaved); `diff` compares any two
versions requirement by requirement. Both read rows already loaded and write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.core.exceptions import ValidationError

from . import rules
from .models import Requirement, RequirementSet

# What a copy carries over, and what a diff compares, of each requirement.
REQUIREMENT_FIELDS = ("order", "code", "title", "help_text", "kind", "params", "provenance",
                      "source", "source_url", "checked_on", "active")
SET_FIELDS = ("name", "kind", "effective_from", "effective_to", "note")


@dataclass(frozen=True)
class Plan:
    """Publishing `draft` from `effective_from`: the set it replaces (if any) either ends the
    day before (`closes_to`) or, replaced from its first day, is superseded."""

    draft: RequirementSet
    effective_from: date
    replaces: RequirementSet | None = None
    closes_to: date | None = None
    supersedes: bool = False

    def sets_after(self, published: list[rules.RuleSet]) -> list[rules.RuleSet]:
        """The published sets (the engine's dataclasses) as they would stand once published."""
        after = []
        for rule_set in published:
            if self.replaces is not None and rule_set.code == self.replaces.code:
                if self.supersedes:
                    continue
                rule_set = replace(rule_set, effective_to=self.closes_to)
            after.append(rule_set)
        draft = self.draft.as_rule_set(self.draft.requirements.all())
        return [*after, replace(draft, effective_from=self.effective_from)]


def publishing_plan(draft: RequirementSet, effective_from: date,
                    published: list[RequirementSet]) -> Plan:
    """What publishing `draft` from `effective_from` does, given the published sets; raises
    ValidationError (every problem at once) when it cannot be published."""
    errors = _draft_problems(draft, effective_from)
    same_kind = [s for s in published if s.kind == draft.kind and s.pk != draft.pk]
    replaces = next((s for s in sorted(same_kind, key=lambda s: s.effective_from, reverse=True)
                     if s.as_rule_set(()).in_force_on(effective_from)), None)
    ends = draft.effective_to
    later = [s for s in same_kind if s is not replaces and s.effective_from > effective_from
             and (ends is None or s.effective_from <= ends)]
    if later:
        errors.append(f"It would overlap {later[0].code}, published from "
                      f"{later[0].effective_from}: end it before then.")
    if errors:
        raise ValidationError({"effective_from": errors})
    if replaces is None:
        return Plan(draft, effective_from)
    if replaces.effective_from >= effective_from:
        return Plan(draft, effective_from, replaces, supersedes=True)
    return Plan(draft, effective_from, replaces, closes_to=effective_from - timedelta(days=1))


def _draft_problems(draft: RequirementSet, effective_from: date) -> list[str]:
    if not draft.is_draft:
        return [f"{draft.code} is not a draft."]
    errors = []
    if draft.effective_to and effective_from > draft.effective_to:
        errors.append(f"The effective date is after the set's end date ({draft.effective_to}).")
    shell = replace(draft.as_rule_set(draft.requirements.all()), effective_from=effective_from)
    errors += rules.check_rule_set(shell)
    return errors


@dataclass(frozen=True)
class Change:
    code: str
    what: str  # "added" | "removed" | "changed"
    fields: tuple[tuple[str, object, object], ...] = ()  # (field, before, after)


def diff(old: RequirementSet, new: RequirementSet) -> tuple[list[Change], list[Change]]:
    """(changes to the set's own fields, changes to its requirements by code) from `old` to
    `new`: any two versions, in either order (2 queries)."""
    head = [Change("set", "changed", tuple(
        (f, getattr(old, f), getattr(new, f)) for f in SET_FIELDS
        if getattr(old, f) != getattr(new, f)))]
    before = {r.code: r for r in old.requirements.all()}
    after = {r.code: r for r in new.requirements.all()}
    changes = []
    for code in sorted(before.keys() | after.keys(),
                       key=lambda c: (after.get(c) or before[c]).order):
        if code not in before:
            changes.append(Change(code, "added"))
        elif code not in after:
            changes.append(Change(code, "removed"))
        else:
            fields = tuple((f, getattr(before[code], f), getattr(after[code], f))
                           for f in REQUIREMENT_FIELDS if f != "code"
                           and getattr(before[code], f) != getattr(after[code], f))
            if fields:
                changes.append(Change(code, "changed", fields))
    return [c for c in head if c.fields], changes


def copied_requirements(source: RequirementSet, into: RequirementSet, *,
                        derived: bool) -> list[Requirement]:
    """Unsaved copies of `source`'s requirements for `into`; `derived`: every value is
    marked derived, to be confirmed with a source (a set for a season not yet announced)."""
    copies = []
    for requirement in source.requirements.all():
        values = {f: getattr(requirement, f) for f in REQUIREMENT_FIELDS}
        if derived:
            values.update(provenance=Requirement.Provenance.DERIVED, checked_on=None)
        copies.append(Requirement(rule_set=into, **values))
    return copies
