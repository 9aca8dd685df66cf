"""The columns of a program directory CSV, in order: what import_programs reads and
scripts/make_sample_programs.py writes (plain Python, so the script needs no Django)."""

from residency.facts import FACTS, checked_on_column, source_column

COLUMNS = (
    "nrmp_code", "name", "institution", "specialty", "city", "state",
    "sponsors_j1", "sponsors_h1b",
    "max_years_since_graduation", "yog_is_hard", "max_attempts_per_step", "attempts_is_hard",
    "min_step2ck_score", "ck_is_hard", "min_usce_months", "usce_is_hard",
    "certificate_by_rank_deadline", "img_share", "criteria_source", "criteria_checked_on",
    "is_sample", "application_deadline",
    # Each fact's own check (empty: the program's criteria_checked_on and criteria_source).
    *(column for fact in FACTS for column in (checked_on_column(fact), source_column(fact))),
)
