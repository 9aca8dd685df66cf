"""One check of Match eligibility, as both the Match engine (eligibility) and its visa line
(visa) build it. Plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from residency.calendar import CheckStatus

MET, ON_TRACK, AT_RISK, NOT_MET, UNKNOWN, NOT_STARTED, NOT_APPLICABLE = CheckStatus


@dataclass(frozen=True)
class Check:
    code: str  # N1 | N2-STEP1 | N2-STEP2CK | N2-CS | N3 | VISA | N4
    title: str
    status: CheckStatus
    why: str
    next_action: str = ""
    due: date | None = None  # the deadline the check is measured against
    notes: tuple[str, ...] = ()  # informational: never change the status
