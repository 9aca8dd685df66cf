"""What the certificate engine reads from a school in the directory."""

from directory.models import MedicalSchool

from . import rules


def school_facts(school: MedicalSchool) -> rules.SchoolFacts:
    return rules.SchoolFacts(
        name=school.name, wdoms_listed=True, sponsor_note=school.sponsor_note,
        note_from_year=school.note_from_year, note_to_year=school.note_to_year,
        country=school.country or "",
    )
