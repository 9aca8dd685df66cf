"""What every rule kind returns (Result), and the small helpers the kinds share.

Every kind returns a Result whose status means the same thing everywhere:
  met          the evidence satisfies the requirement
  expiring     a date is close: a pathway acceptance about to lapse (still counts as met) or
               an exam eligibility period about to end with no test date (does not)
  in_progress  something is under way that the applicant waits on: a result, a review, a test
  not_started  not met and nothing under way; the applicant's ordinary next step moves it on
               (a first try, or a retry after a failed exam or OET sitting)
  blocked      a decision or a limit stands in the way and has to be dealt with first: school
               not eligible, a rejection, the attempt limit, too few credits after graduating
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.status import Status


@dataclass(frozen=True)
class Result:
    status: Status
    why: str
    next_action: str = ""
    satisfied: bool = False  # counts towards the certificate (met, or expiring but valid)


def met(why: str, next_action: str = "") -> Result:
    return Result(Status.MET, why, next_action, True)


def progress(why: str, next_action: str) -> Result:
    return Result(Status.IN_PROGRESS, why, next_action)


def todo(why: str, next_action: str) -> Result:
    return Result(Status.NOT_STARTED, why, next_action)


def blocked(why: str, next_action: str) -> Result:
    return Result(Status.BLOCKED, why, next_action)


def norm(value: str | None) -> str:
    return (value or "").strip().lower()


def on(day: date | None) -> str:
    return f" on {day}" if day else ""


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last day (Feb 29)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_force(table: Iterable[list], on: date) -> Any:
    """The value of a dated table [["YYYY-MM-DD", value], ...] (ascending) in force on `on`."""
    value = None
    for start, candidate in table:
        if date.fromisoformat(start) <= on:
            value = candidate
    return value
