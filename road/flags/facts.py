"""What the risk flags read: plain data, built from an applicant loaded with the road's
records and the road's evaluation (road.flags.facts_for)."""

from dataclasses import dataclass
from datetime import date

from certification.rules import ExamAttemptFacts


@dataclass(frozen=True)
class DocumentFacts:
    name: str
    state: str  # CredentialDocument.State values
    changed_on: date | None
    rejection_reason: str = ""


@dataclass(frozen=True)
class FlagFacts:
    exams: tuple[ExamAttemptFacts, ...] = ()
    documents: tuple[DocumentFacts, ...] = ()
    certificate_applies: bool = True
    clinical_skills_met: bool = False
    pathway_filed: bool = False  # a Pathway application submitted (or decided) for the season
    nrmp_registered: bool = False
    season: int = 0
    pathways_deadline: date | None = None
    registration_deadline: date | None = None  # NRMP standard registration deadline
    late_registration_deadline: date | None = None
    rank_deadline: date | None = None
    season_out_of_reach: str = ""  # why, when the season can no longer be reached
    school_not_listed: bool = False
    profile_since: date | None = None
    stalled_days: int = 42
    resubmit_days: int = 14
    window_days: int = 30  # Pathway and NRMP: flag this many days before the deadline
