"""Facts: plain snapshots of an applicant's records, built by the services layer.

The engine and every rule kind read only these; `RuleKind.reads` names the Facts fields a
kind looks at (the completeness test checks the names are real).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Status words compare case-insensitively (VERIFIED == verified); exam and document codes
# are upper case.


@dataclass(frozen=True)
class SchoolFacts:
    name: str
    wdoms_listed: bool = True
    sponsor_note: bool = False  # the World Directory record carries an ECFMG sponsor note
    note_from_year: int | None = None  # first graduation year the note covers (None: any)
    note_to_year: int | None = None  # last graduation year covered; None: note shows "Current"
    in_directory: bool = True  # False: typed by name, not matched to our copy of the directory
    country: str = ""  # ISO code: whether Canadian schools carry a sponsor note is unknown


@dataclass(frozen=True)
class DocumentFacts:
    type: str  # DIPLOMA | FINAL_TRANSCRIPT
    state: str  # uploaded | sent | verified | rejected | resubmitted
    state_date: date | None = None  # verified or rejected: the date of ECFMG's answer
    reason: str = ""  # ECFMG's reason, when rejected (as the applicant recorded it)
    advisor_request: str = ""  # an advisor asked for changes before it is sent: what


@dataclass(frozen=True)
class CreditFacts:
    school: str
    credit_years: float
    sponsor_note: bool = False  # the school that granted the credit has an ECFMG sponsor note
    wdoms_listed: bool = True
    us_canada: bool = False  # a US or Canadian school listed in the World Directory
    transferred: bool = False  # credit transferred into the degree-granting school
    premedical: bool = False  # pre-medical portion: exempt from the transfer limits
    passed: bool = True  # course passed at the school that taught it
    prior_policy: bool = False  # accepted by ECFMG under the pre-2020 transfer policy


@dataclass(frozen=True)
class ExamAttemptFacts:
    exam: str  # STEP1 | STEP2CK | STEP2CS | STEP3
    test_date: date | None = None  # the day it was sat; None until then
    outcome: str | None = None  # pass | fail | incomplete | pending | None
    score: int | None = None
    eligibility_start: date | None = None
    eligibility_end: date | None = None
    scheduled_date: date | None = None
    application_date: date | None = None


@dataclass(frozen=True)
class OetSittingFacts:
    test_date: date
    listening: int | None = None  # None until results are out
    reading: int | None = None
    writing: int | None = None
    speaking: int | None = None


@dataclass(frozen=True)
class PathwayFacts:
    pathway: str  # "1".."6" | "REVALIDATION"
    status: str  # draft | submitted | accepted | rejected
    status_date: date | None = None
    valid_through: date | None = None  # None: no expiry date recorded
    reason: str = ""
    season: int | None = None  # the Match season it was filed for (None: not recorded)


@dataclass(frozen=True)
class MccAttemptFacts:
    """One sitting of a Medical Council of Canada exam (the Canadian route)."""

    exam: str  # MCCQE1 | NAC
    test_date: date | None = None
    outcome: str | None = None  # pending | pass | fail | denied_standing | no_standing
    result_date: date | None = None


@dataclass(frozen=True)
class Facts:
    graduation_date: date | None = None  # the expected date while still a student
    school: SchoolFacts | None = None
    account_status: str | None = None  # MyIntealth identity: draft|pending|verified|rejected
    application_status: str | None = None  # draft | submitted | accepted | rejected
    documents: tuple[DocumentFacts, ...] = ()
    credits: tuple[CreditFacts, ...] = ()
    exams: tuple[ExamAttemptFacts, ...] = ()
    oet_sittings: tuple[OetSittingFacts, ...] = ()
    pathways: tuple[PathwayFacts, ...] = ()
    target_season: int | None = None
    application_date: date | None = None  # last change of application_status
    # ECFMG issued the certificate: ECFMG found every requirement met (engine.evaluate).
    certificate_issued_on: date | None = None
    # The Canadian route (read only by the kinds of a Canadian rule set).
    mcc_attempts: tuple[MccAttemptFacts, ...] = ()
    canadian_citizen_or_pr: bool = False
    canadian_prior_training: bool = False  # postgraduate training in Canada or the US
    carms_year: int | None = None  # the CaRMS R-1 match year aimed for
