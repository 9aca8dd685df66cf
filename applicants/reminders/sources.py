"""Deadline sources: one registry entry per source, owned by the app whose records it reads
(certification/deadlines.py, residency/deadlines.py), in the shape of the rule kinds.

`derive(records, season)` is pure: the applicant's preloaded records (core.preload rows) and
their target season (residency.progress.Season) in, the `DueDate`s the applicant has out. The
road refresh (road.refresh) runs every source and writes the difference (services.write).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

EASTERN = "America/New_York"


@dataclass(frozen=True)
class DueDate:
    """One deadline as a source states it: a date (and, when published, a time) in `zone`."""

    key: str  # the row's source key: "<source_key>:<record id>:<what>"
    kind: str  # applicants.models.Deadline.Kind
    title: str
    on: date
    url_name: str  # where the applicant acts on it
    at: time | None = None
    zone: str = EASTERN
    confirmed: bool = True  # False: estimated (a derived season date, an expected result)
    what_to_do: str = ""
    # The task is done while its record stays (an application submitted to a saved
    # program): the row is marked done. Only sources that drop unstated rows need it.
    done: bool = False

    @property
    def due_at(self) -> datetime:
        """The moment: the stated time, else the start of the day, in the official zone."""
        return datetime.combine(self.on, self.at or time(0), ZoneInfo(self.zone))


@dataclass(frozen=True)
class DeadlineSource:
    source_key: str
    label: str
    derive: Callable[[object, object], Iterable[DueDate]]
    # What a stored row no source states any more means. False (most sources): the task is
    # done (a test taken, a registration made), so the row is marked done and stays listed.
    # True: its record is gone (a program unsaved), so the row is removed; such a source
    # states a finished task as a DueDate with done=True.
    drops_unstated: bool = False


_SOURCES: dict[str, DeadlineSource] = {}


def register(source: DeadlineSource) -> DeadlineSource:
    if source.source_key in _SOURCES and _SOURCES[source.source_key] is not source:
        raise ValueError(f"Deadline source {source.source_key!r} registered twice.")
    _SOURCES[source.source_key] = source
    return source


def sources() -> tuple[DeadlineSource, ...]:
    return tuple(_SOURCES.values())


def drops_unstated(key: str) -> bool:
    """Whether the source of a row's key removes the row once it no longer states it."""
    source = _SOURCES.get(key.partition(":")[0])
    return bool(source and source.drops_unstated)


def derive_all(records, season) -> list[DueDate]:
    """Every source's dates; a key appears once (the first source wins)."""
    found: dict[str, DueDate] = {}
    for source in _SOURCES.values():
        for due in source.derive(records, season):
            if not due.key.startswith(f"{source.source_key}:"):
                raise ValueError(f"{source.source_key} derived a foreign key {due.key!r}")
            found.setdefault(due.key, due)
    return list(found.values())
