"""Seed the 2026 and 2027 Match calendars from RULES.md §3 (frozen here as data).

2026 is confirmed: most of its dates were seen on official pages. 2027's dates are derived
from the multi-year pattern (ERAS opening from a third-party page) and wait for an admin.
"""

from django.db import migrations

SEASONS = [
    {
        "year": 2026, "status": "confirmed",
        "programs_register": "2025-05-01", "eras_opens": "2025-06-04",
        "eras_applicants_submit": "2025-09-03", "nrmp_registration_opens": "2025-09-15",
        "eras_programs_review": "2025-09-24", "pathways_deadline": "2026-01-31",
        "standard_registration_deadline": "2026-01-31", "ranking_opens": "2026-02-02",
        "rol_deadline": "2026-03-04", "match_week": "2026-03-16", "match_week_end": "2026-03-20",
        "soap": "2026-03-16", "soap_end": "2026-03-19", "match_day": "2026-03-20",
        "eras_ends": "2026-05-31", "training_starts": "2026-07-01",
        "provenance": {
            "programs_register": "verified", "eras_opens": "verified",
            "eras_applicants_submit": "verified", "nrmp_registration_opens": "verified",
            "eras_programs_review": "verified", "match_week": "verified", "soap": "verified",
            "match_day": "verified", "eras_ends": "verified",
        },
        "note": "RULES.md §3. The ROL deadline and ranking opening are derived (not found "
                "officially); the Pathways deadline follows ECFMG's usual 31 January.",
    },
    {
        "year": 2027, "status": "proposed",
        "programs_register": "2026-05-01", "eras_opens": "2026-06-03",
        "eras_applicants_submit": "2026-09-02", "nrmp_registration_opens": "2026-09-15",
        "eras_programs_review": "2026-09-23", "pathways_deadline": "2027-01-31",
        "standard_registration_deadline": "2027-01-31", "ranking_opens": "2027-02-01",
        "rol_deadline": "2027-03-03", "match_week": "2027-03-15", "match_week_end": "2027-03-19",
        "soap": "2027-03-15", "soap_end": "2027-03-18", "match_day": "2027-03-19",
        "eras_ends": "2027-05-31", "training_starts": "2027-07-01",
        "provenance": {"eras_opens": "third_party"},
        "note": "Derived from the pattern in RULES.md §3; confirm each date when NRMP and "
                "ERAS publish the 2027 calendar.",
    },
]


def seed(apps, schema_editor):
    MatchSeason = apps.get_model("residency", "MatchSeason")
    for data in SEASONS:
        MatchSeason.objects.update_or_create(year=data["year"], defaults=data)


def unseed(apps, schema_editor):
    apps.get_model("residency", "MatchSeason").objects.filter(year__in=[2026, 2027]).delete()


class Migration(migrations.Migration):
    dependencies = [("residency", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
