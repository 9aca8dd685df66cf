"""Everything the whole road reads of an applicant, in one query (core.preload): the
certificate's records, the registrations (the season's one is picked in Python) and the
saved programs with what the fit engine reads of each."""

from applicants.models import Applicant
from applicants.selectors import own_applicant_with
from certification.progress import RECORDS
from core import preload
from core.preload import Related
from residency.fit import FIT_FIELDS
from residency.models import Program, Registration, ResidencyApplication, SavedProgram

ROAD_RECORDS = {
    **RECORDS,
    "registrations": Related(Registration, "applicant", (
        "id", "season", "eras_submitted_on", "nrmp_id", "nrmp_registered_on",
        "rol_certified_on", "visa_need", "usce_months")),
    # Interview days (residency.deadlines).
    "applications": Related(ResidencyApplication, "applicant", (
        "id", "season", "status", "interview_on", "program_id"), ordering=("-season",), nested={
        "program": Related(Program, "pk", ("name",), many=False, owner_key="program_id")}),
    # The fit engine's program facts, and each one's recorded application deadline
    # (residency.deadlines).
    "saved_programs": Related(SavedProgram, "applicant", ("program_id", "apply_by"),
                              nested={"program": Related(Program, "pk", FIT_FIELDS, many=False,
                                                         owner_key="program_id")}),
}


def own_road_applicant(user) -> Applicant | None:
    """The signed-in applicant (own_applicant_queryset: 404 for anyone else) with every
    record of the road: one prepared query on PostgreSQL, its SQL compiled once
    (core.preload.load_own), as the dashboard reads its own."""
    return own_applicant_with(user, ROAD_RECORDS)


def road_applicant(queryset) -> Applicant | None:
    """The one applicant of `queryset` (the caller's permission-filtered queryset) with
    every record of the road on `.records`: one query on PostgreSQL."""
    found = preload.load(queryset, ROAD_RECORDS)
    return found[0] if found else None
