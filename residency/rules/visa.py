"""The visa line of Match eligibility: US citizens and green-card holders need none, a J-1
through ECFMG follows the ECFMG certificate, an H-1B needs Step 3 first. Plain data in, one
Check out. Facts: shared/domain/RULES.md §3 (visas)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from residency.calendar import Due, SeasonDates, pass_on_time, plan_on_time, result_days_for

from .checks import AT_RISK, MET, NOT_APPLICABLE, ON_TRACK, UNKNOWN, Check

if TYPE_CHECKING:
    from .eligibility import CertificationState

# J-1 sponsorship through ECFMG and an H-1B petition both take weeks after the certificate or
# Step 3, so "in time for 1 July" needs this much room.
TRAINING_START_MARGIN_DAYS = 60
H1B_PROCLAMATION = (
    "Proclamation of 2025-09-19: new H-1B petitions filed after 2025-09-21 for people outside "
    "the US need a $100,000 payment. It ran for 12 months, to 2026-09-21, a date now past; "
    "whether it was extended is not known: check its current status before you rely on it. "
    "USCIS exempted in-country changes of "
    "status and extensions (2025-10-20); case-by-case national-interest exemptions exist "
    "(physicians are named as candidates). Informational only.")
H1B_J1_ALTERNATIVE = (
    "The alternative: a J-1 sponsored by ECFMG needs the ECFMG certificate, not Step 3.")
PROFILE_J1 = (
    "You are not a US citizen or green-card holder, so you need a visa to train; a J-1 is "
    "assumed until you choose a route for this season (J-1 or H-1B).")
J1_NOTES = (
    "ECFMG's J-1 sponsorship also needs a Statement of Need from the Ministry of Health of "
    "your country of last legal permanent residence.",
    "J-1 physicians owe two years' home residence afterwards (INA 212(e)); clinical training "
    "on a J-1 is generally capped at 7 years.")


class VisaRoute(StrEnum):
    US_CITIZEN = "us_citizen"
    GREEN_CARD = "green_card"
    J1 = "j1"
    H1B = "h1b"
    # Chosen on purpose by someone who is neither: allowed to work in the US without a visa.
    NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class VisaFacts:
    route: str | None = None  # a VisaRoute; None: not recorded
    statement_of_need: bool | None = None  # J-1: the home Ministry of Health's letter in hand
    outside_us: bool | None = None  # H-1B: the petition would be for someone outside the US
    # The route was not chosen for the season: it follows what onboarding recorded (citizenship
    # and green card), a J-1 for anyone who needs a visa. The line says it is assumed.
    from_profile: bool = False


def visa_check(state: CertificationState, visa: VisaFacts, season: SeasonDates,
                certificate: Check, today: date, days: Mapping[str, int] | None) -> Check:
    route, title, start = (visa.route or "").lower(), "Visa to train", season.training_starts.on
    if route == VisaRoute.US_CITIZEN:
        return Check("VISA", title, MET, "US citizen: no visa needed")
    if route == VisaRoute.GREEN_CARD:
        return Check("VISA", title, MET, "Green-card holder: no visa needed (registers with "
                     "NRMP as a non-US IMG)")
    if route == VisaRoute.NOT_NEEDED:
        return Check("VISA", title, MET, "You said you need no visa to train: you may work in "
                     "the US without one. Programs ask for proof of that when they hire, so "
                     "keep the document at hand")
    if route == VisaRoute.J1 and certificate.status is NOT_APPLICABLE:
        return Check("VISA", title, UNKNOWN, "J-1 through ECFMG: as a graduate of a US or "
                     "Canadian school you need no ECFMG certificate, but ECFMG's J-1 "
                     "sponsorship has its own conditions", "Check with ECFMG's J-1 "
                     "sponsorship programme what it needs from you", start, J1_NOTES)
    if route == VisaRoute.J1:
        check = _j1_check(visa, certificate, state.certificate_issued_on is not None, title,
                          start)
        if visa.from_profile:
            check = replace(check, why=f"{PROFILE_J1} {check.why}")
        return check
    if route == VisaRoute.H1B:
        return _h1b_check(state, visa, season, today, days)
    known = "not recorded" if not route else f"'{visa.route}' not recognised"
    return Check("VISA", title, UNKNOWN, f"Citizenship or visa route {known}",
                 "Record whether you are a US citizen or green-card holder, or need a J-1 "
                 "or an H-1B visa")


def _j1_check(visa: VisaFacts, certificate: Check, issued: bool, title: str,
              start: date) -> Check:
    """J-1 follows the certificate. When the certificate is missing or blocked, its own line
    lists what remains; this one points there instead of repeating the list."""
    in_hand = issued or certificate.status in (MET, ON_TRACK, AT_RISK)
    certificate_text = (certificate.why if in_hand
                        else f"not in hand yet (see '{certificate.title}')")
    actions = [] if visa.statement_of_need else [
        "Request the Statement of Need from your Ministry of Health"]
    if not issued and certificate.status != MET:
        actions.append(f"get the ECFMG certificate first (see '{certificate.title}')")
    action = "; ".join(actions)
    notes = J1_NOTES[1:] if visa.statement_of_need else J1_NOTES
    return Check("VISA", title, certificate.status, "J-1 through ECFMG needs the ECFMG "
                 f"certificate (so Step 1 and Step 2 CK): {certificate_text}",
                 action[:1].upper() + action[1:], start, notes)


def _h1b_check(state: CertificationState, visa: VisaFacts, season: SeasonDates, today: date,
               days: Mapping[str, int] | None) -> Check:
    start = season.training_starts.on
    due = Due(start, f"training start ({start})", TRAINING_START_MARGIN_DAYS,
              "Consider the J-1 route: an H-1B petition needs Step 3 passed first")
    if state.step3_passed_on:
        status, why, action = pass_on_time("STEP3", state.step3_passed_on, due, today, days)
    else:
        # The advised latest date leaves the same room the check asks for, so following the
        # advice never lands the applicant "at risk".
        latest = start - timedelta(days=result_days_for("STEP3", days) + TRAINING_START_MARGIN_DAYS)
        status, why, action = plan_on_time("STEP3", state.step3_planned_on, due, latest, today,
                                           days)
    notes = () if visa.outside_us is False else (H1B_PROCLAMATION,)
    if status is not MET:  # while the H-1B route is not settled, the J-1 stays open
        notes = (*notes, H1B_J1_ALTERNATIVE)
    return Check("VISA", "Visa to train", status, "H-1B needs Step 3 passed before the "
                 "petition, and IMGs may take Step 3 only once they hold the ECFMG "
                 f"certificate: {why}", action, start, notes)
