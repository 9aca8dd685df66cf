"""The seed rule sets as the engine's dataclasses, read from the JSON the data migration
loads (certification/migrations/seed_rule_sets.json): the seeds exist once, as data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .engine import Requirement, RuleSet

SEED_FILE = Path(__file__).resolve().parent.parent / "migrations" / "seed_rule_sets.json"
_REQUIREMENT_FIELDS = ("code", "title", "kind", "params", "provenance", "source", "active")


def rule_sets_from_data(data: list[dict]) -> tuple[RuleSet, ...]:
    """RuleSets from the JSON shape the migration reads (help_text is the page's, not ours)."""
    return tuple(RuleSet(
        code=item["code"], name=item["name"],
        effective_from=date.fromisoformat(item["effective_from"]),
        effective_to=date.fromisoformat(item["effective_to"]) if item["effective_to"] else None,
        requirements=tuple(Requirement(**{k: r[k] for k in _REQUIREMENT_FIELDS if k in r})
                           for r in item["requirements"]),
        note=item.get("note", ""),
    ) for item in data)


def load_seed_rule_sets(path: Path = SEED_FILE) -> tuple[RuleSet, ...]:
    return rule_sets_from_data(json.loads(path.read_text()))
