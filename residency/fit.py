"""The fit engine's plain facts, loaded from the database.

`applicant_fit_facts` reads an applicant's records (FIT_RECORDS) in one query whatever their
number, or none when the page loaded them with the applicant;
`program_facts` turns one Program row into the engine's ProgramFacts (no query). The SQL
twin of the engine's hard cut-offs is `Program.objects.eligible_for` in models.py.
"""

from dataclasses import dataclass
from datetime import date

from applicants.models import Applicant
from certification.models import EcfmgRecord, ExamAttempt
from certification.rules import usmle
from core import preload
from core.preload import Related

from .models import Program, Registration, VisaNeed
from .progress import season_for
from .rules import ApplicantFitFacts, Cutoff, Fit, ProgramFacts, program_fit, program_fits

PASS = ExamAttempt.Outcome.PASS
FAILED = usmle.FAILED_OUTCOMES  # both use up an attempt


# What fit_facts_from_loaded reads of an applicant's records: a page that judges programs
# loads its applicant with these (applicant_page(records=FIT_RECORDS): one query).
FIT_RECORDS = {
    "exams": Related(ExamAttempt, "applicant", ("exam", "outcome", "score", "test_date")),
    "ecfmg": Related(EcfmgRecord, "applicant", ("certificate_issued_on",), many=False),
    "registrations": Related(Registration, "applicant", ("season", "usce_months", "visa_need")),
}


def applicant_fit_facts(applicant: Applicant, season: int) -> ApplicantFitFacts:
    """What programs look at, for the `season` Match, of an applicant loaded with
    FIT_RECORDS (or any spec with them, as the road's); else their records are read (1
    query)."""
    if not hasattr(applicant, "records"):
        applicant = preload.load(Applicant.objects.filter(pk=applicant.pk), FIT_RECORDS)[0]
    registration = next((r for r in applicant.records.registrations if r.season == season),
                        None)
    return fit_facts_from_loaded(applicant, registration)


def fit_facts_from_loaded(loaded: Applicant, registration: Registration | None,
                          certificate_expected_on: date | None = None) -> ApplicantFitFacts:
    """The same facts from an applicant loaded with the road's records (plain rows, no
    query): what the dashboard uses to stay within its query budget."""
    exams = loaded.records.exams
    failed: dict[str, int] = {}
    for attempt in exams:
        if attempt.outcome in FAILED:
            failed[attempt.exam] = failed.get(attempt.exam, 0) + 1
    ck = [a.score for a in exams if a.exam == ExamAttempt.Exam.STEP2CK and a.outcome == PASS
          and a.score is not None]
    step3 = [a.test_date for a in exams if a.exam == ExamAttempt.Exam.STEP3
             and a.outcome == PASS and a.test_date]
    ecfmg = loaded.records.ecfmg
    return ApplicantFitFacts(
        graduation_year=loaded.graduation_date.year,
        failed_attempts=failed,
        step2ck_score=max(ck, default=None),
        usce_months=registration.usce_months if registration else None,
        visa_need=_visa_need(loaded, registration),
        step3_passed_on=min(step3, default=None),
        certificate_issued_on=ecfmg.certificate_issued_on if ecfmg else None,
        certificate_expected_on=certificate_expected_on,
    )


def _visa_need(applicant: Applicant, registration: Registration | None) -> str:
    """The route chosen for the season; "none" (the form's default) or no registration for
    someone the profile says needs a visa reads as either route, as the Match page assumes."""
    need = registration.visa_need if registration else None
    if need == VisaNeed.NOT_NEEDED:  # chosen on purpose: no sponsorship to look for
        return VisaNeed.NONE
    if need and (need != VisaNeed.NONE or not applicant.classification.visa_needed):
        return need
    return _default_visa_need(applicant)


def _default_visa_need(applicant: Applicant) -> str:
    """Without a registration: anyone who needs a visa could use either route."""
    return VisaNeed.EITHER if applicant.classification.visa_needed else VisaNeed.NONE


# Every field program_facts reads: what a loader of saved programs must read (road.records).
FIT_FIELDS = ("name", "sponsors_j1", "sponsors_h1b", "max_years_since_graduation",
              "yog_is_hard", "max_attempts_per_step", "attempts_is_hard", "min_step2ck_score",
              "ck_is_hard", "min_usce_months", "usce_is_hard", "no_requirement",
              "certificate_by_rank_deadline")


def program_facts(program: Program) -> ProgramFacts:
    """A null column is an unknown requirement (None) unless the program states it has none
    (Cutoff(None): met by anyone); a value is a Cutoff, hard or not."""
    stated_none = set(program.no_requirement or ())

    def cutoff(name: str, hard: bool = True) -> Cutoff | None:
        value = getattr(program, name)
        if value is None:
            return Cutoff(None, hard) if name in stated_none else None
        return Cutoff(value, hard)

    return ProgramFacts(
        name=program.name,
        max_years_since_graduation=cutoff("max_years_since_graduation", program.yog_is_hard),
        max_attempts_per_step=cutoff("max_attempts_per_step", program.attempts_is_hard),
        min_step2ck_score=cutoff("min_step2ck_score", program.ck_is_hard),
        min_usce_months=cutoff("min_usce_months", program.usce_is_hard),
        certificate_by_rank_deadline=cutoff("certificate_by_rank_deadline"),
        sponsors_j1=program.sponsors_j1,
        sponsors_h1b=program.sponsors_h1b,
    )


def rank_deadline(season: int) -> date:
    """The season's ROL deadline as stored by an admin, else as the rules derive it: the
    season the Match page reads (progress.season_for; 1 query, or none while the reference
    cache holds it)."""
    return season_for(season).dates.rol_deadline.on


@dataclass(frozen=True)
class FitContext:
    """Everything needed to judge programs for one applicant and season."""

    facts: ApplicantFitFacts
    season: int
    rank_deadline: date

    def fit(self, program: Program) -> Fit:
        return program_fit(program_facts(program), self.facts, self.season,
                           rank_deadline=self.rank_deadline)

    def fits(self, programs: list[Program]) -> list[Fit]:
        """fit() of each program (those that ask the same judged once: rules.program_fits)."""
        return program_fits([program_facts(p) for p in programs], self.facts, self.season,
                            rank_deadline=self.rank_deadline)


def fit_context(applicant: Applicant, season: int | None = None) -> FitContext:
    """For the applicant's target season unless told otherwise (no query for an applicant
    loaded with FIT_RECORDS while the reference cache holds the season)."""
    season = season or applicant.target_match_year
    return FitContext(applicant_fit_facts(applicant, season), season, rank_deadline(season))
