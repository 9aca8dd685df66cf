"""Seed the 2027 CaRMS R-1 calendar and a handful of state licensure limits (frozen here).

CaRMS 2027: only the second iteration's opening was seen on carms.ca (its iCalendar feed,
last modified 2026-05-19); every other date is estimated from the 2019 and 2025 timelines
(residency.carms.derive_carms) and marked "sample" until an admin confirms it.
State limits: a third-party compilation of state board rules (undated, read 2026-12-01);
RULES.md §5 U8 has no confirmed per-state value, so every row is marked third-party, and
the source does not say when the years start: the common rule (from the first pass) is
assumed and said so in each note.
"""

from django.db import migrations

CARMS_2027 = {
    "year": 2027, "status": "proposed",
    "carms_online_opens": "2026-09-09", "file_review_opens": "2026-11-24",
    "interviews_start": "2027-01-16", "interviews_end": "2027-02-07",
    "rol_deadline": "2027-02-17", "match_day": "2027-03-02",
    "second_iteration_opens": "2027-01-05", "training_starts": "2027-07-01",
    "provenance": {"second_iteration_opens": "verified", "training_starts": "verified"},
    "source": "carms.ca R-1 second iteration timeline (iCalendar, last modified 2026-05-19); "
              "other dates estimated from the 2019 and 2025 CaRMS timelines",
    "checked_on": "2026-12-01",
    "note": "Estimated except where marked verified: confirm each date when CaRMS publishes "
            "the 2027 R-1 first-iteration timeline.",
}
SOURCE = ("Third-party compilation of state board licensing rules "
          "(virtualcredpossibilities.com, 'State board licensing', undated, read 2026-12-01); "
          "FSMB publishes the official state-by-state table")
CLOCK_NOTE = ("The source does not say when the years start: counted from the first Step "
              "passed, the most common rule. ")
# state: (years, attempts per Step, Step 3 attempts, IMG training years, note)
STATES = {
    "AL": (7, None, 3, 3, "Step 3: 3 attempts (10 attempts in all)."),
    "CA": (10, None, 4, 2, "Check the training years with the Medical Board of California: "
                           "the source may predate its current rule."),
    "KY": (None, 4, None, 2, "4 attempts per Step; no time limit given."),
    "MO": (7, None, 3, 3, ""),
    "NC": (7, 3, None, 3, "7 years, or 10 for MD/PhD graduates."),
    "ND": (7, 3, None, 3, ""),
    "NJ": (7, None, 5, 3, ""),
    "NM": (7, None, 6, 2, "7 years, or 10 for MD/PhD graduates."),
}


def seed(apps, schema_editor):
    apps.get_model("residency", "CarmsSeason").objects.update_or_create(
        year=CARMS_2027["year"], defaults=CARMS_2027)
    Limit = apps.get_model("residency", "StateLicensureLimit")
    for state, (years, per_step, step3, training, note) in STATES.items():
        Limit.objects.update_or_create(state=state, defaults={
            "years_limit": years, "clock": "first_pass", "attempts_per_step": per_step,
            "step3_attempts": step3, "training_years": training,
            "provenance": "third_party", "source": SOURCE, "checked_on": "2026-12-01",
            "note": (CLOCK_NOTE if years else "") + note})


def unseed(apps, schema_editor):
    apps.get_model("residency", "CarmsSeason").objects.filter(year=2027).delete()
    apps.get_model("residency", "StateLicensureLimit").objects.filter(
        state__in=list(STATES)).delete()


class Migration(migrations.Migration):
    dependencies = [("residency", "0004_carms_seasons_and_state_limits")]
    operations = [migrations.RunPython(seed, unseed)]
