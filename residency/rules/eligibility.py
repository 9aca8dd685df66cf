"""NRMP Match eligibility for IMGs: can the applicant take part in a season's Match and start
training, and if not, why not. Plain data in, decisions out.

Pure Python: no Django, no clock (`today` is always an argument, the date in US Eastern time).
Facts: shared/domain/RULES.md §3 (N1-N4, visas).

Choices made here:
- A check is met (done), on_track (not done, but due in time with room to spare),
  not_started (nothing planned, and more time left than the step usually takes), at_risk,
  not_met or unknown (facts missing). on_track keeps a booked exam from reading as "met".
  The worst check decides the whole (order: `_WORST_LAST`): not_met -> not_eligible,
  at_risk -> at_risk, unknown or not_started -> unknown, otherwise eligible
  (`Eligibility.confirmed` says whether all are met).
- A pass on record counts by its test date. After the deadline, a pass sat so close to it that
  the typical result time ends past the deadline is unknown: ECFMG may have reported it late.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from core.status import Verdict
from residency.calendar import (
    RESULT_LABELS,
    CheckStatus,
    Due,
    SeasonDates,
    latest_safe_date,
    pass_on_time,
    plan_on_time,
    result_days_for,
)

from .checks import AT_RISK, MET, NOT_APPLICABLE, NOT_MET, NOT_STARTED, ON_TRACK, UNKNOWN, Check
from .visa import TRAINING_START_MARGIN_DAYS, VisaFacts, visa_check

if TYPE_CHECKING:  # the certificate engine's result is only read, never needed at import
    from certification.rules import Evaluation

RESULT_MARGIN_DAYS = 14  # a result due this close to the ROL deadline leaves no room for delay


RANK_CHECKS = frozenset({"N1", "N2-STEP1", "N2-STEP2CK", "N2-CS"})
# What NRMP asks ECFMG to confirm: for a graduate to whom ECFMG certification does not apply
# (a US graduate, a Canadian graduate before the change) these checks do not apply.
ECFMG_CHECKS = frozenset({"N2-STEP1", "N2-STEP2CK", "N2-CS", "N3"})
NOT_IMG_WHY = ("ECFMG certification does not apply to you, so NRMP does not ask ECFMG to "
               "confirm this")
# Worst last. not_started (nothing planned, time enough) sits after on_track, because nothing
# is booked yet, and before unknown, because its facts are known (nothing planned, and the time
# left is longer than the step takes) while an unknown check may hide a missed deadline.
_WORST_LAST = (MET, ON_TRACK, NOT_STARTED, UNKNOWN, AT_RISK, NOT_MET)
# A season with a step not started cannot read "Eligible" (nothing says it will be done in
# time) nor "At risk" (there is time): its verdict is Unknown until the step is planned.
_VERDICTS = {MET: Verdict.ELIGIBLE, ON_TRACK: Verdict.ELIGIBLE, NOT_STARTED: Verdict.UNKNOWN,
             UNKNOWN: Verdict.UNKNOWN, AT_RISK: Verdict.AT_RISK, NOT_MET: Verdict.NOT_ELIGIBLE}


# Facts, built by the caller from the certificate evaluation and the applicant's records


@dataclass(frozen=True)
class CertificationState:
    """What the Match needs from ECFMG. *_passed_on: test date of the pass on record;
    *_planned_on: a booked test date, or one sat whose result is still pending."""

    step1_passed_on: date | None = None
    step1_planned_on: date | None = None
    step2ck_passed_on: date | None = None
    step2ck_score: int | None = None
    step2ck_planned_on: date | None = None
    step3_passed_on: date | None = None
    step3_planned_on: date | None = None
    clinical_skills_met_on: date | None = None  # Pathway accepted (decision date) or CS passed
    clinical_skills_submitted_on: date | None = None  # Pathway application awaiting decision
    certificate_issued_on: date | None = None
    certificate_expected_on: date | None = None  # the caller's estimate, when it has one
    certificate_blockers: tuple[str, ...] = ()  # requirements the evaluation found blocked
    certificate_missing: tuple[str, ...] = ()  # requirements not met yet (and not blocked)
    exams_barred: str = ""  # the USMLE attempt limit closes every Step: why, in one sentence

    @classmethod
    def from_evaluation(cls, evaluation: Evaluation, **records: Any) -> CertificationState:
        """The certificate's blockers and gaps from the evaluation; the rest from records."""
        blocked = tuple(o.title for o in evaluation.blocking)
        missing = tuple(o.title for o in evaluation.counted
                        if not o.satisfied and o.title not in blocked)
        return cls(certificate_blockers=blocked, certificate_missing=missing, **records)


@dataclass(frozen=True)
class NrmpFacts:
    registered_on: date | None = None  # the day NRMP registration for the season was completed
    eras_submitted_on: date | None = None  # the day the ERAS application went in


# Match eligibility


@dataclass(frozen=True)
class Eligibility:
    season: int
    status: Verdict
    checks: tuple[Check, ...]
    soap: Check  # N4 mirrors N1 and N2, so it is kept out of `checks` and the verdict
    # Informational, never a status: programs have begun reviewing ERAS applications and none
    # is filed, so the season is practically out of reach although its deadlines are open.
    practical: str = ""

    @property
    def confirmed(self) -> bool:
        return all(c.status in (MET, NOT_APPLICABLE) for c in self.checks)

    @property
    def counted(self) -> tuple[Check, ...]:
        """The checks that apply to the applicant: the bar's figure counts these."""
        return tuple(c for c in self.checks if c.status is not NOT_APPLICABLE)

    @property
    def not_started(self) -> bool:
        """The worst check is one not started yet (nothing planned, time enough): the verdict
        is unknown because nothing is planned, not because facts are missing."""
        return _worst(self.checks) is NOT_STARTED

    @property
    def to_rank(self) -> Verdict:
        """Eligible to rank: NRMP registration and ECFMG's report of the exams and the
        clinical skills requirement by the ROL deadline (N1, N2). The certificate itself is
        needed only before training starts (`to_train`)."""
        return _VERDICTS[_worst(tuple(c for c in self.checks if c.code in RANK_CHECKS))]

    @property
    def to_train(self) -> CheckStatus:
        """The certificate (and the visa) before training starts on 1 July (N3, VISA): the
        worst of those checks."""
        return _worst(tuple(c for c in self.checks if c.code not in RANK_CHECKS))

    @property
    def problems(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks
                     if c.status not in (MET, ON_TRACK, NOT_STARTED, NOT_APPLICABLE))

    def check(self, code: str) -> Check:
        return next(c for c in (*self.checks, self.soap) if c.code == code)


def match_eligibility(state: CertificationState, season: SeasonDates, registration: NrmpFacts,
                      visa: VisaFacts, today: date, *,
                      result_days: Mapping[str, int] | None = None,
                      ecfmg_applies: bool = True) -> Eligibility:
    """Can the applicant take part in `season`'s Match and start training; if not, why not.
    `ecfmg_applies` False (not an IMG): what NRMP asks ECFMG to confirm does not apply."""
    rol = Due(season.rol_deadline.on, f"the ROL deadline ({season.rol_deadline})",
              RESULT_MARGIN_DAYS, f"Plan for the {season.year + 1} Match")
    n2 = (
        _exam_check("STEP1", state.step1_passed_on, state.step1_planned_on, rol, season,
                    today, result_days, state.exams_barred),
        _exam_check("STEP2CK", state.step2ck_passed_on, state.step2ck_planned_on, rol, season,
                    today, result_days, state.exams_barred),
        _clinical_skills_check(state, rol, season, today, result_days),
    )
    n1 = _registration_check(registration, season, today)
    n3 = _certificate_check(state, season, today)
    if not ecfmg_applies:
        n2 = tuple(_not_applicable(c) for c in n2)
        n3 = _not_applicable(n3)
    checks = (n1, *n2, n3, visa_check(state, visa, season, n3, today, result_days))
    return Eligibility(season.year, _VERDICTS[_worst(checks)], checks,
                       _soap_check((n1, *n2), season), _practical(registration, season, today))


def _practical(registration: NrmpFacts, season: SeasonDates, today: date) -> str:
    """Programs screen ERAS applications from the day they may review them: with that day
    passed and no application filed, the season is practically out of reach."""
    review = season.eras_programs_review.on
    if registration.eras_submitted_on or today < review or today > season.rol_deadline.on:
        return ""
    return (f"Programs began reviewing ERAS applications on {review} and no ERAS application "
            f"is on record: the {season.year} Match is practically out of reach, although its "
            f"deadlines are still open. Most applicants then aim for the {season.year + 1} "
            "Match.")


def _not_applicable(check: Check) -> Check:
    return replace(check, status=NOT_APPLICABLE, why=NOT_IMG_WHY, next_action="", notes=(),
                   due=None)


def _worst(checks: tuple[Check, ...]) -> CheckStatus:
    """The worst status among the checks that apply (met when none does)."""
    return max((c.status for c in checks if c.status is not NOT_APPLICABLE),
               key=_WORST_LAST.index, default=MET)


def _registration_check(reg: NrmpFacts, season: SeasonDates, today: date) -> Check:
    opens, standard = season.nrmp_registration_opens, season.standard_registration_deadline
    late, on, year = season.late_registration_deadline, reg.registered_on, season.year

    def check(status: CheckStatus, why: str, next_action: str = "") -> Check:
        return Check("N1", "Registered with NRMP", status, why, next_action, late.on)

    if on and on < opens.on:  # most likely last season's registration
        return check(UNKNOWN, f"Registered on {on}, before registration for the {year} Match "
                     f"opened ({opens.on})", f"Check that your registration is for {year}")
    if on and on <= standard.on:
        return check(MET, f"Registered on {on}, by the standard deadline ({standard.on})")
    if on and on <= late.on:
        return check(MET, f"Registered on {on}, after the standard deadline ({standard.on}): "
                     "the late fee applies")
    if on:
        return check(NOT_MET, f"Registered on {on}, after registration closed with the ROL "
                     f"deadline ({late})", f"Plan for the {year + 1} Match")
    if today > late.on:
        return check(NOT_MET, f"Not registered; registration for the {year} Match closed with "
                     f"the ROL deadline ({late})", f"Plan for the {year + 1} Match")
    if today > standard.on:
        return check(AT_RISK, f"Not registered; the standard deadline ({standard.on}) has "
                     f"passed and registration closes {late}", f"Register with NRMP before "
                     f"{late} (late fee)")
    if today < opens.on:
        return check(NOT_STARTED, f"Not registered yet; registration opens {opens}, standard "
                     f"deadline {standard.on}", f"Register with NRMP from {opens.on} to "
                     f"{standard.on} to avoid the late fee")
    return check(ON_TRACK, f"Not registered yet; registration is open, standard deadline "
                 f"{standard.on}", f"Register with NRMP by {standard.on} to avoid the late fee")


def _exam_check(exam: str, passed_on: date | None, planned_on: date | None, due: Due,
                season: SeasonDates, today: date, days: Mapping[str, int] | None,
                barred: str = "") -> Check:
    label = RESULT_LABELS[exam]
    if passed_on:
        status, why, action = pass_on_time(exam, passed_on, due, today, days)
    elif barred:
        status, why, action = (NOT_MET, barred, "Contact FSMB, which runs USMLE exam "
                               "services for IMGs, about your options")
    else:
        latest = latest_safe_date(exam, season, days)
        status, why, action = plan_on_time(exam, planned_on, due, latest, today, days)
        if status is not NOT_MET and planned_on is None:
            why, action = _practical_target(exam, season, today, days, why, action, latest)
    return Check(f"N2-{exam}", f"{label} passed and reported by ECFMG by the ROL deadline",
                 status, why, action, due.on)


def _practical_target(exam: str, season: SeasonDates, today: date,
                      days: Mapping[str, int] | None, why: str, action: str,
                      latest: date) -> tuple[str, str]:
    """The ROL deadline is the hard limit; programs screen from the day they may review ERAS
    applications, so the practical target is a score reported by then."""
    review = season.eras_programs_review.on
    target = review - timedelta(days=result_days_for(exam, days))
    label = RESULT_LABELS[exam]
    if today <= target:
        return (f"{why}. Practical target: sit it by {target}, so the score is reported before "
                f"programs start reviewing ERAS applications ({review})",
                f"Book {label} for {target} or earlier (at the latest {latest})")
    if today < review:
        return (f"{why}. Programs start reviewing ERAS applications on {review}: a score "
                "sat now arrives after that", action)
    return (f"{why}. Programs have been reviewing ERAS applications since {review}", action)


def _clinical_skills_check(state: CertificationState, due: Due, season: SeasonDates,
                           today: date, days: Mapping[str, int] | None) -> Check:
    title = "Clinical skills requirement met (Pathway or Step 2 CS) by the ROL deadline"
    met_on = state.clinical_skills_met_on
    if met_on and met_on <= due.on:  # a decision date: nothing more to wait for
        return Check("N2-CS", title, MET, f"Clinical skills requirement met on {met_on}",
                     due=due.on)
    if met_on:
        return Check("N2-CS", title, NOT_MET, f"Clinical skills requirement met on {met_on}, "
                     f"after {due.text}", due.fallback, due.on)
    latest = latest_safe_date("PATHWAY", season, days)
    status, why, action = plan_on_time("PATHWAY", state.clinical_skills_submitted_on, due,
                                       latest, today, days)
    return Check("N2-CS", title, status, why, action, due.on)


def _certificate_check(state: CertificationState, season: SeasonDates, today: date) -> Check:
    start = season.training_starts.on
    issued, expected = state.certificate_issued_on, state.certificate_expected_on

    def check(status: CheckStatus, why: str, next_action: str = "") -> Check:
        return Check("N3", "ECFMG certificate before training starts", status, why,
                     next_action, start)

    if issued:
        if issued <= start:
            return check(MET, f"ECFMG certificate issued on {issued}")
        return check(NOT_MET, f"ECFMG certificate issued on {issued}, after training start "
                     f"({start})", "Ask the program whether a later start is possible")
    if state.certificate_blockers:
        return check(NOT_MET, "Certification is blocked: " + "; ".join(
            state.certificate_blockers), "Resolve what blocks certification first")
    if today > start:
        return check(NOT_MET, f"No ECFMG certificate, and training started on {start}",
                     f"Plan for the {season.year + 1} Match")
    missing = "; ".join(state.certificate_missing)
    todo = (f"Complete what remains ({missing})" if missing
            else "Wait for ECFMG to issue the certificate")
    if expected is None and not missing:
        return check(ON_TRACK, "Every requirement is met: ECFMG is expected to issue the "
                     "certificate soon", "Wait for ECFMG to issue the certificate; record "
                     "its date when it comes")
    if expected is None:
        left = f"still to do: {missing}"
        return check(UNKNOWN, f"No ECFMG certificate and no expected date; {left}",
                     f"{todo} well before {start}")
    spare = (start - expected).days
    if spare < TRAINING_START_MARGIN_DAYS:
        when = f"after training start ({start})" if spare < 0 else (
            f"only {spare} days before training start ({start})")
        return check(AT_RISK, f"ECFMG certificate expected about {expected}, {when}",
                     f"{todo}; training needs it well before {start}")
    return check(ON_TRACK, f"ECFMG certificate expected about {expected}, {spare} days before "
                 f"training start ({start})", todo)


def _soap_check(needed: tuple[Check, ...], season: SeasonDates) -> Check:
    status = _worst(needed)
    why = ("SOAP needs what the Match needs: NRMP registration and ECFMG's report of Step 1, "
           f"Step 2 CK and clinical skills by the ROL deadline ({season.rol_deadline})")
    if any(c.status is NOT_APPLICABLE for c in needed):
        why = ("SOAP needs what the Match needs: for you, NRMP registration by the ROL "
               f"deadline ({season.rol_deadline})")
    worst = next(c for c in needed if c.status is status)
    if status not in (MET, ON_TRACK, NOT_STARTED):
        why += f"; {worst.why}"
    return Check("N4", "Eligible for SOAP", status, why, worst.next_action,
                 season.rol_deadline.on)
