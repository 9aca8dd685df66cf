"""The NRMP/ERAS season calendar, and whether an exam result lands before its deadline.

Pure Python: no Django, no clock (`today` is always an argument and means the date in US
Eastern time, the zone every Match deadline is stated in). Facts: shared/domain/RULES.md §3.

`derive_season(M)` states each date of the Match-M season from the derivation rules in RULES §3;
every derived date has provenance "derived" until an admin confirms it. A SeasonDates built from
the admin's calendar rows is used the same way. Checked against the §3 table for 2023-2027:
- Ranking opens on the first weekday of February (2025: Sat 1st -> Mon 3rd; 2026: Mon 2nd).
- NRMP applicant registration opens 15 September, or the Monday after when that is a weekend
  (2024: Sun 15th -> Mon 16th).
  Neither window contains a US federal holiday, so weekdays serve as business days.
- The ROL certification deadline is Match Day - 16 days, which always lands on a Wednesday.
Times are the ones RULES gives (ROL deadline 9 pm, registration opening noon, ERAS close 5 pm,
all US Eastern); other dates carry no time.

Results against deadlines: the typical result times, the latest safe test date, the what-if
planner, and the status (met / on_track / not_started / at_risk / not_met / unknown) of a
check that waits on a result, which the eligibility rules in `rules.py` share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from certification.rules.usmle import EXAM_LABELS
from core.status import CheckStatus
from core.zones import EASTERN

WEDNESDAY, FRIDAY = 2, 4
ROL_DEADLINE_BEFORE_MATCH_DAY = timedelta(days=16)
PROGRAMS_REVIEW_AFTER_SUBMIT = timedelta(weeks=3)
PROGRAMS_REGISTER_FROM_SEASON = 2026  # "programs register 1 May" is new with the 2026 season

# Typical days from the test (or, for a Pathway, the submission) to the result. USMLE Step 2 CK
# is quoted as 21-28 days: the slow end is used so a plan that looks safe is safe. Callers can
# override any entry (e.g. from settings); missing entries fall back to these.
DEFAULT_RESULT_DAYS: dict[str, int] = {
    "STEP1": 21, "STEP2CK": 28, "STEP3": 28, "OET": 17, "PATHWAY": 56,
}
# Typical days from deciding to act to the day itself: a USMLE Step needs an eligibility
# period from FSMB and a Prometric seat (about six weeks, the slow end); a Pathway application
# needs its attestation and OET or licence papers gathered. With fewer days left than this
# before the latest safe date, a step not yet planned is at risk; with more, it is not started.
# (The result time comes after the latest safe date and is already counted there.)
LEAD_DAYS: dict[str, int] = {"STEP1": 42, "STEP2CK": 42, "STEP3": 42, "PATHWAY": 42}
LEAD_TEXT = {**dict.fromkeys(("STEP1", "STEP2CK", "STEP3"), "booking a test date and sitting it"),
             "PATHWAY": "preparing and submitting a Pathway application"}
RESULT_LABELS = {**{e: EXAM_LABELS[e] for e in ("STEP1", "STEP2CK", "STEP3")},
                 "OET": "OET Medicine", "PATHWAY": "Pathway application"}
LATER_SEASONS_TRIED = 5  # the what-if looks this many seasons ahead for one that works


@dataclass(frozen=True)
class SeasonDate:
    key: str
    label: str
    on: date
    time_of_day: time | None = None  # wall-clock time in `tz`, when the source states one
    tz: str = EASTERN
    provenance: str = "derived"  # verified | third_party | derived
    ends_on: date | None = None  # last day of a span (Match Week, SOAP)

    @property
    def at(self) -> datetime | None:
        """The moment itself, time-zone aware; None when no time is known."""
        if self.time_of_day is None:
            return None
        return datetime.combine(self.on, self.time_of_day, ZoneInfo(self.tz))

    def __str__(self) -> str:
        text = f"{self.on} to {self.ends_on}" if self.ends_on else str(self.on)
        if self.time_of_day is not None:
            zone = "ET" if self.tz == EASTERN else self.tz
            text += f", {_clock(self.time_of_day)} {zone}"
        return text


def _clock(moment: time) -> str:
    if (moment.hour, moment.minute) == (12, 0):
        return "noon"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'am' if moment.hour < 12 else 'pm'}"


@dataclass(frozen=True)
class SeasonDates:
    """The dates of the Match-`year` season (Match Day in March of `year`)."""

    year: int
    eras_opens: SeasonDate
    eras_applicants_submit: SeasonDate
    nrmp_registration_opens: SeasonDate
    eras_programs_review: SeasonDate
    standard_registration_deadline: SeasonDate
    ranking_opens: SeasonDate
    rol_deadline: SeasonDate
    match_week: SeasonDate
    soap: SeasonDate
    match_day: SeasonDate
    eras_ends: SeasonDate
    training_starts: SeasonDate
    programs_register: SeasonDate | None = None  # None for seasons before the rule existed
    pathways_deadline: SeasonDate | None = None  # ECFMG's Pathway submission cut-off (RULES §1)

    @property
    def late_registration_deadline(self) -> SeasonDate:
        """NRMP registration closes with the ROL certification deadline (RULES §3 N1)."""
        return self.rol_deadline

    def events(self) -> tuple[SeasonDate, ...]:
        """Every date of the season, in order: what the deadline writer and the UI list."""
        found = [getattr(self, f.name) for f in fields(self) if f.name != "year"]
        return tuple(sorted((d for d in found if d), key=lambda d: (d.on, d.key)))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (Monday = 0) of the month, e.g. the 3rd Friday of March."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def weekday_on_or_after(day: date) -> date:
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def _derived(key: str, label: str, on: date, at: time | None = None,
             ends_on: date | None = None) -> SeasonDate:
    return SeasonDate(key, label, on, at, EASTERN, "derived", ends_on)


def derive_season(year: int) -> SeasonDates:
    """The Match-`year` calendar from the derivation rules of RULES §3."""
    match_day = nth_weekday(year, 3, FRIDAY, 3)
    match_monday = match_day - timedelta(days=4)
    submit = nth_weekday(year - 1, 9, WEDNESDAY, 1)
    register = None
    if year >= PROGRAMS_REGISTER_FROM_SEASON:
        register = _derived("programs_register", "Programs register with NRMP",
                            date(year - 1, 5, 1))
    return SeasonDates(
        year=year,
        eras_opens=_derived("eras_opens", "ERAS season opens",
                            nth_weekday(year - 1, 6, WEDNESDAY, 1)),
        eras_applicants_submit=_derived("eras_applicants_submit",
                                        "ERAS: applicants may submit", submit),
        nrmp_registration_opens=_derived(
            "nrmp_registration_opens", "NRMP applicant registration opens",
            weekday_on_or_after(date(year - 1, 9, 15)), time(12)),
        eras_programs_review=_derived("eras_programs_review",
                                      "ERAS: programs may review applications",
                                      submit + PROGRAMS_REVIEW_AFTER_SUBMIT),
        standard_registration_deadline=_derived(
            "standard_registration_deadline",
            "NRMP standard registration deadline (late fee after)", date(year, 1, 31)),
        ranking_opens=_derived("ranking_opens", "Ranking opens",
                               weekday_on_or_after(date(year, 2, 1))),
        rol_deadline=_derived("rol_deadline", "Rank order list certification deadline",
                              match_day - ROL_DEADLINE_BEFORE_MATCH_DAY, time(21)),
        match_week=_derived("match_week", "Match Week", match_monday, ends_on=match_day),
        soap=_derived("soap", "SOAP", match_monday, ends_on=match_day - timedelta(days=1)),
        match_day=_derived("match_day", "Match Day", match_day),
        eras_ends=_derived("eras_ends", "ERAS season ends", date(year, 5, 31), time(17)),
        training_starts=_derived("training_starts", "Residency training starts",
                                 date(year, 7, 1)),
        programs_register=register,
        pathways_deadline=_derived("pathways_deadline",
                                   "ECFMG Pathway applications due for this Match",
                                   date(year, 1, 31)),
    )


# Results against deadlines: the what-if planner


def result_days_for(exam: str, result_days: Mapping[str, int] | None = None) -> int:
    exam = exam.upper()
    days = {**DEFAULT_RESULT_DAYS, **(result_days or {})}
    if exam not in days:
        raise ValueError(f"no typical result time for {exam!r}; known: {', '.join(days)}")
    return days[exam]


def result_expected_on(exam: str, test_date: date,
                       result_days: Mapping[str, int] | None = None) -> date:
    """When the result of `exam` taken (or, for a Pathway, submitted) on `test_date` is due."""
    return test_date + timedelta(days=result_days_for(exam, result_days))


def result_needed_by(exam: str, season: SeasonDates,
                     result_days: Mapping[str, int] | None = None) -> date:
    """The day the result must be in for the season's Match.

    ECFMG must report Step 1, Step 2 CK and the clinical-skills requirement to NRMP by the ROL
    deadline (N2). Step 3 is held to the same day, because programs that sponsor H-1B visas
    usually want it passed before they rank. OET only feeds a Pathway application, so its
    result is needed by the last day that application can safely go in.
    """
    if exam.upper() == "OET":
        return latest_safe_date("PATHWAY", season, result_days)
    return season.rol_deadline.on


def latest_safe_date(exam: str, season: SeasonDates,
                     result_days: Mapping[str, int] | None = None) -> date:
    """The last test (or submission) date whose typical result still meets the season."""
    latest = result_needed_by(exam, season, result_days) - timedelta(
        days=result_days_for(exam, result_days))
    if exam.upper() == "PATHWAY" and season.pathways_deadline:
        latest = min(latest, season.pathways_deadline.on)
    return latest


@dataclass(frozen=True)
class WhatIf:
    exam: str
    planned_on: date
    season: int
    result_on: date  # typical result date for the planned date
    needed_by: date  # the day the result must be in (see result_needed_by)
    safe: bool  # planned on or before the latest safe date
    latest_safe_on: date | None  # None: that date has already passed this season
    next_season: int | None  # not safe: the first later Match the planned date works for
    why: str

    @property
    def days_to_spare(self) -> int:
        """Days between the expected result and the day it is needed (negative: late)."""
        return (self.needed_by - self.result_on).days


def what_if(exam: str, planned_date: date, season: SeasonDates,
            result_days: Mapping[str, int] | None, today: date) -> WhatIf:
    """Would `exam` on `planned_date` count for `season`'s Match; if not, which Match then?"""
    exam = exam.upper()
    result_on = result_expected_on(exam, planned_date, result_days)
    needed_by = result_needed_by(exam, season, result_days)
    latest = latest_safe_date(exam, season, result_days)
    safe = planned_date <= latest
    later = None if safe else _first_later_season(exam, planned_date, season.year, result_days)
    why = _what_if_why(exam, planned_date, season.year, result_on, needed_by, latest, later,
                       today)
    return WhatIf(exam, planned_date, season.year, result_on, needed_by, safe,
                  latest if latest >= today else None, later, why)


def _first_later_season(exam: str, planned: date, year: int,
                        result_days: Mapping[str, int] | None) -> int | None:
    # Later seasons have no confirmed calendar yet, so their derived dates are the best guess.
    for later in range(year + 1, year + 1 + LATER_SEASONS_TRIED):
        if planned <= latest_safe_date(exam, derive_season(later), result_days):
            return later
    return None


def _what_if_why(exam: str, planned: date, year: int, result_on: date, needed_by: date,
                 latest: date, later: int | None, today: date) -> str:
    label = RESULT_LABELS.get(exam, exam)
    noun = "decision" if exam == "PATHWAY" else "result"
    start = f"{label} on {planned}: {noun} expected about {result_on}"
    need = f"needed by {needed_by} for the {year} Match"
    if planned <= latest:
        return f"{start}, {(needed_by - result_on).days} days before it is {need}"
    if result_on <= needed_by:  # only a Pathway: in time, but after ECFMG's submission cut-off
        start += f", but Pathway applications for the {year} Match are due by {latest}"
    else:
        start += f", after it is {need}"
    verb = "submit it" if exam == "PATHWAY" else "sit it"
    fix = (f"{verb} by {latest} to make the {year} Match" if latest >= today
           else f"the latest safe date for the {year} Match was {latest}")
    then = f"; as planned it counts for the {later} Match" if later else ""
    return f"{start}; {fix}{then}"


# A result against a deadline: the status, why and next action of a check that waits on one


MET, ON_TRACK, AT_RISK, NOT_MET, UNKNOWN, NOT_STARTED, _NOT_APPLICABLE = CheckStatus
Timing = tuple[CheckStatus, str, str]  # (status, why, next action)


@dataclass(frozen=True)
class Due:
    on: date
    text: str  # how a why names it: "the ROL deadline (2027-03-03, 9 pm ET)"
    margin: int  # fewer days of room than this is at risk
    fallback: str  # the next action once it can't be met


def pass_on_time(exam: str, passed_on: date, due: Due, today: date,
                 result_days: Mapping[str, int] | None = None) -> Timing:
    """A pass on record, dated by its test day: was its result in by `due`?"""
    label = RESULT_LABELS[exam]
    if passed_on > due.on:
        return NOT_MET, f"{label} passed on {passed_on}, after {due.text}", due.fallback
    if today <= due.on or result_expected_on(exam, passed_on, result_days) <= due.on:
        return MET, f"{label} passed on {passed_on}", ""
    return (UNKNOWN, f"{label} passed on {passed_on}, so close to {due.text} that the result "
            "may have come after it", "Ask ECFMG whether the pass was reported in time")


def plan_on_time(exam: str, planned_on: date | None, due: Due, latest: date, today: date,
                 result_days: Mapping[str, int] | None = None) -> Timing:
    """Not done yet: does the booked test (or Pathway application) get its result by `due`?"""
    label, noun = RESULT_LABELS[exam], "decision" if exam == "PATHWAY" else "result"
    if planned_on is None:
        return _unplanned(exam, due, latest, today)
    expected = result_expected_on(exam, planned_on, result_days)
    plan = f"{_plan_text(exam, planned_on, today)}; {noun} expected about {expected}"
    spare, ahead = (due.on - expected).days, planned_on > today
    if today > due.on and spare >= 0:
        return (UNKNOWN, f"{plan}, yet {due.text} has passed with no {noun} on record",
                f"Record the {label} {noun}")
    if spare < 0:
        move = (f"Submit the Pathway application by {latest}" if exam == "PATHWAY"
                else f"Move {label} to {latest} or earlier")
        if not (ahead and latest >= today):
            move = due.fallback
        return NOT_MET, f"{plan}, after {due.text}", move
    if spare < due.margin:
        action = (f"Move {label} earlier if you can: a slow {noun} would miss the deadline"
                  if ahead else f"Watch for the {noun}")
        return AT_RISK, f"{plan}, only {spare} days before {due.text}", action
    action = f"Wait for the {noun}"
    if ahead:
        action = f"{'Submit' if exam == 'PATHWAY' else 'Sit'} {label} on {planned_on}"
    return ON_TRACK, f"{plan}, {spare} days before {due.text}", action


def _plan_text(exam: str, planned_on: date, today: date) -> str:
    label, ahead = RESULT_LABELS[exam], planned_on > today
    if exam == "PATHWAY":
        return f"{label} {'planned for' if ahead else 'submitted on'} {planned_on}"
    return f"{label} {'booked for' if ahead else 'taken on'} {planned_on}"


def _unplanned(exam: str, due: Due, latest: date, today: date) -> Timing:
    label = RESULT_LABELS[exam]
    if exam == "PATHWAY":
        start, act = "No Pathway accepted or submitted", "submitted"
        book = f"Submit your Pathway application by {latest}"
    else:
        start, act = f"No {label} pass or test date on record", "taken"
        book = f"Book {label} for {latest} or earlier"
    if latest < today:
        return (NOT_MET, f"{start}; to count for {due.text} it had to be {act} by {latest}",
                due.fallback)
    left, lead = (latest - today).days, LEAD_DAYS[exam]
    need = f"{start}; to count for {due.text} it must be {act} by {latest}"
    if left < lead:
        return (AT_RISK, f"{need}, only {left} days from now, and {LEAD_TEXT[exam]} usually "
                f"takes about {lead} days", book)
    return NOT_STARTED, need, book
