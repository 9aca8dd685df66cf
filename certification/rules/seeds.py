"""The seed rule sets as the engine's dataclasses, read from the JSON the data migrations
load, in their order: certification/migrations/seed_rule_sets.json (0002), then
seed_rule_set_2027.json (0006: closes the 2026 set, adds the 2027 one), then
seed_corrections_2026_12.json (0013: corrected values of older sets, which the migration
publishes as a new version of each, superseding the old; here the set keeps its code). The
seeds exist once, as data."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from .engine import Requirement, RuleSet

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SEED_FILE = MIGRATIONS / "seed_rule_sets.json"
LATER_SEED_FILES = (MIGRATIONS / "seed_rule_set_2027.json",
                    MIGRATIONS / "seed_corrections_2026_12.json")
_REQUIREMENT_FIELDS = ("code", "title", "kind", "params", "provenance", "source", "active")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def rule_sets_from_data(data: list[dict]) -> tuple[RuleSet, ...]:
    """RuleSets from the JSON shape the migration reads (help_text is the page's, not ours)."""
    return tuple(RuleSet(
        code=item["code"], name=item["name"],
        effective_from=date.fromisoformat(item["effective_from"]),
        effective_to=_day(item["effective_to"]),
        requirements=tuple(Requirement(**{k: r[k] for k in _REQUIREMENT_FIELDS if k in r})
                           for r in item["requirements"]),
        note=item.get("note", ""),
    ) for item in data)


def apply_later_seed(sets: tuple[RuleSet, ...], data: dict) -> tuple[RuleSet, ...]:
    """A later migration's seed over the earlier sets: the sets it closes, the values it
    corrects, the sets it adds."""
    closes = {c["code"]: c for c in data.get("close", ())}
    kept = tuple(replace(rs, effective_to=_day(closes[rs.code]["effective_to"]),
                         note=closes[rs.code]["note"])
                 if rs.code in closes and rs.effective_to is None else rs for rs in sets)
    corrections = {c["code"]: c["requirements"] for c in data.get("correct", ())}
    kept = tuple(_corrected(rs, corrections[rs.code]) if rs.code in corrections else rs
                 for rs in kept)
    return kept + rule_sets_from_data(data.get("add", ()))


def _corrected(rule_set: RuleSet, values: dict[str, dict]) -> RuleSet:
    """The set with the corrected values of its requirements (help texts are the page's)."""
    fields = set(_REQUIREMENT_FIELDS)
    return replace(rule_set, requirements=tuple(
        replace(r, **{k: v for k, v in values.get(r.code, {}).items() if k in fields})
        for r in rule_set.requirements))


def load_seed_rule_sets(path: Path = SEED_FILE,
                        later: tuple[Path, ...] = LATER_SEED_FILES) -> tuple[RuleSet, ...]:
    sets = rule_sets_from_data(json.loads(path.read_text()))
    for later_path in later:
        sets = apply_later_seed(sets, json.loads(later_path.read_text()))
    return sets
