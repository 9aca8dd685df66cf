"""Risk flags: one self-describing unit per kind, as certificate rule kinds are.

A flag kind says everything about itself: its code (what the stored summary and the
caseload's filter use), its label, its triage rank (0 is the most blocking) and `applies`,
a pure function of plain facts and the day that returns the flag raised (with its reason
and date) or None. road.summary.road_summary runs every kind; the refresh stores them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .facts import FlagFacts


@dataclass(frozen=True)
class Raised:
    code: str
    reason: str
    on: date  # the date that matters: a deadline, or when the trouble began

    def as_stored(self) -> dict:
        return {"code": self.code, "label": label(self.code), "reason": self.reason,
                "on": self.on.isoformat()}


@dataclass(frozen=True)
class FlagKind:
    code: str
    label: str
    rank: int  # triage order: 0 first
    applies: Callable[[FlagFacts, date], Raised | None]


_KINDS: dict[str, FlagKind] = {}


def register(kind: FlagKind) -> FlagKind:
    if kind.code in _KINDS:
        raise ValueError(f"Flag kind {kind.code!r} is registered twice.")
    if "|" in kind.code:
        raise ValueError("A flag code cannot contain '|' (the stored codes are |-separated).")
    _KINDS[kind.code] = kind
    return kind


def kinds() -> list[FlagKind]:
    """Every kind, most blocking first."""
    return sorted(_KINDS.values(), key=lambda k: (k.rank, k.code))


def label(code: str) -> str:
    return _KINDS[code].label


def rank(code: str) -> int:
    return _KINDS[code].rank


def choices() -> list[tuple[str, str]]:
    return [(k.code, k.label) for k in kinds()]


def raised(facts: FlagFacts, today: date) -> tuple[Raised, ...]:
    """Every flag that applies, most blocking first, the nearest date first within a rank."""
    found = [r for kind in kinds() if (r := kind.applies(facts, today)) is not None]
    return tuple(sorted(found, key=lambda r: (rank(r.code), r.on)))


def triage(flags: tuple[Raised, ...]) -> tuple[int, date | None]:
    """The triage key of a set of flags: the most blocking one's rank and date."""
    if not flags:
        return NO_FLAG_RANK, None
    return rank(flags[0].code), flags[0].on


NO_FLAG_RANK = 99
