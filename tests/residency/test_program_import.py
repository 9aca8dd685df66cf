"""Importing the program directory from CSV: every row checked first, all or nothing, upsert by
NRMP code; and the shipped sample of invented programs."""

import csv
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from residency.models import Program
from residency.services.programs import COLUMNS, SAMPLE_CSV

pytestmark = pytest.mark.django_db

GOOD = {
    "nrmp_code": "1234140C0", "name": "Bluewater Internal Medicine Residency",
    "institution": "Bluewater Community Hospital", "specialty": "IM", "city": "Toledo",
    "state": "OH", "sponsors_j1": "yes", "sponsors_h1b": "no",
    "max_years_since_graduation": "5", "yog_is_hard": "yes", "max_attempts_per_step": "1",
    "attempts_is_hard": "yes", "min_step2ck_score": "220", "ck_is_hard": "no",
    "min_usce_months": "3", "usce_is_hard": "", "certificate_by_rank_deadline": "",
    "img_share": "43.5", "criteria_source": "Program FAQ", "criteria_checked_on": "2026-08-01",
    "is_sample": "no",
}
RADIOLOGY = {
    **GOOD, "nrmp_code": "5678420C0", "name": "Cedar Radiology", "institution": "Cedar Health",
    "specialty": "Diagnostic Radiology", "state": "ny", "sponsors_h1b": "",
    "max_years_since_graduation": "", "max_attempts_per_step": "", "min_step2ck_score": "",
    "min_usce_months": "12", "usce_is_hard": "yes", "img_share": "",
}


def _write(tmp_path, *rows, header=COLUMNS):
    path = tmp_path / "programs.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([row.get(column, "") for column in header] for row in rows)
    return path


def _import(path) -> str:
    out = StringIO()
    call_command("import_programs", str(path), stdout=out)
    return out.getvalue()


def _refusal(path) -> str:
    with pytest.raises(CommandError) as refused:
        _import(path)
    return str(refused.value)


def test_import_creates_programs_with_unknowns_left_unknown(tmp_path):
    output = _import(_write(tmp_path, GOOD, RADIOLOGY))
    assert "Imported 2 programs: 2 created, 0 updated, 0 unchanged." in output
    im = Program.objects.get(nrmp_code="1234140C0")
    assert (im.specialty, im.state, im.sponsors_j1, im.sponsors_h1b) == ("IM", "OH", True, False)
    assert (im.max_years_since_graduation, im.max_attempts_per_step, im.min_step2ck_score) == \
        (5, 1, 220)
    assert (im.ck_is_hard, im.usce_is_hard, im.certificate_by_rank_deadline) == \
        (False, False, None)
    assert (im.img_share, im.criteria_checked_on) == (Decimal("43.5"), date(2026, 8, 1))
    rad = Program.objects.get(nrmp_code="5678420C0")
    assert (rad.specialty, rad.state, rad.sponsors_h1b) == ("RAD", "NY", None)
    assert (rad.max_years_since_graduation, rad.min_step2ck_score, rad.img_share) == \
        (None, None, None)  # empty cells: not recorded, never "no requirement"
    assert (rad.min_usce_months, rad.usce_is_hard) == (12, True)


def test_import_updates_programs_by_nrmp_code(tmp_path):
    _import(_write(tmp_path, GOOD, RADIOLOGY))
    output = _import(_write(tmp_path, {**GOOD, "min_step2ck_score": "230"}, RADIOLOGY))
    assert "Imported 2 programs: 0 created, 1 updated, 1 unchanged." in output
    assert Program.objects.get(nrmp_code="1234140C0").min_step2ck_score == 230
    assert Program.objects.count() == 2


def test_one_bad_row_lists_every_problem_by_row_and_imports_nothing(tmp_path):
    bad = {**GOOD, "nrmp_code": "12-34", "specialty": "Cardiology", "state": "ZZ",
           "sponsors_j1": "maybe", "max_attempts_per_step": "7", "min_step2ck_score": "abc",
           "img_share": "140", "criteria_checked_on": "01/08/2026", "name": ""}
    message = _refusal(_write(tmp_path, GOOD, bad, RADIOLOGY, {**RADIOLOGY, "name": "Twin"}))
    assert message.startswith(f"{tmp_path / 'programs.csv'}: 10 problems; nothing was imported.")
    for expected in [
        "Row 3: name is required.",
        "Row 3: nrmp_code '12-34' is not an NRMP program code",
        "Row 3: specialty 'Cardiology' is not one of: IM, FM,",
        "Row 3: state 'ZZ' is not a two-letter US state code",
        "Row 3: sponsors_j1 'maybe' must be yes, no, true or false or empty (not recorded).",
        "Row 3: max_attempts_per_step '7' must be a whole number of attempts (USMLE allows 4 "
        "per Step) from 1 to 4",
        "Row 3: min_step2ck_score 'abc' must be a whole number of a Step 2 CK score",
        "Row 3: img_share '140' must be a percentage from 0 to 100",
        "Row 3: criteria_checked_on '01/08/2026' must be a date written 2026-08-01.",
        "Row 5: nrmp_code 5678420C0 is already used on row 4.",
    ]:
        assert expected in message
    assert not Program.objects.exists()


def test_each_fact_may_carry_its_own_checked_date_and_source(tmp_path):
    """A fact's own columns fill its check; an empty one falls back to the program's."""
    _import(_write(tmp_path, {**GOOD, "min_step2ck_score_checked_on": "2027-01-05",
                              "min_step2ck_score_source": "Coordinator email",
                              "sponsors_h1b_checked_on": "2026-09-15"}))
    program = Program.objects.get()
    step2 = program.fact_check("min_step2ck_score")
    assert (step2.checked_on, step2.source, step2.words) == (
        date(2027, 1, 5), "Coordinator email", "checked 5 Jan 2027")
    h1b = program.fact_check("sponsors_h1b")
    assert (h1b.checked_on, h1b.source) == (date(2026, 9, 15), "Program FAQ")
    usce = program.fact_check("min_usce_months")  # nothing of its own: the program's
    assert (usce.own_checked_on, usce.checked_on, usce.source) == (
        None, date(2026, 8, 1), "Program FAQ")


def test_a_bad_date_in_a_facts_column_imports_nothing_and_names_row_and_field(tmp_path):
    message = _refusal(_write(tmp_path, GOOD, {**RADIOLOGY, "img_share_checked_on": "5 Jan",
                                               "sponsors_j1_source": "x" * 301}))
    assert "2 problems; nothing was imported." in message
    assert "Row 3: img_share_checked_on '5 Jan' must be a date written 2026-08-01." in message
    assert "Row 3: sponsors_j1_source is longer than 300 characters." in message
    assert not Program.objects.exists()


def test_a_bad_file_leaves_existing_programs_as_they_were(tmp_path):
    _import(_write(tmp_path, GOOD))
    _refusal(_write(tmp_path, {**GOOD, "min_step2ck_score": "240"},
                    {**RADIOLOGY, "state": "Ohio"}))
    assert Program.objects.get().min_step2ck_score == 220


def test_header_problems_are_reported_on_row_1(tmp_path):
    header = [c for c in COLUMNS if c != "state"] + ["notes"]
    message = _refusal(_write(tmp_path, GOOD, header=header))
    assert "Row 1: Missing columns: state." in message
    assert "Row 1: Unknown columns: notes" in message
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "Row 1: The file is empty" in _refusal(empty)


def test_a_row_with_the_wrong_number_of_cells_is_reported(tmp_path):
    path = _write(tmp_path, GOOD)
    with open(path, "a", encoding="utf-8") as out:
        out.write("9999140C0,Unquoted, comma program\n")
    assert f"Row 3: Has 3 cells but the header has {len(COLUMNS)} columns" in _refusal(path)


def test_an_unreadable_file_is_refused_plainly(tmp_path):
    assert "Cannot read" in _refusal(tmp_path / "missing.csv")


# The shipped sample


def test_the_sample_file_imports_over_200_invented_programs_in_30_states():
    output = _import(SAMPLE_CSV)
    assert "created" in output
    programs = Program.objects.all()
    assert programs.count() >= 200
    assert programs.values("state").distinct().count() >= 30
    assert not programs.filter(is_sample=False).exists()
    assert programs.values("specialty").distinct().count() == 12
    # RULES §7 ranges, with unknowns among them
    assert set(programs.values_list("max_years_since_graduation", flat=True)) == {3, 5, 10, None}
    assert set(programs.values_list("max_attempts_per_step", flat=True)) == {1, 2, None}
    scores = set(programs.values_list("min_step2ck_score", flat=True)) - {None}
    assert min(scores) >= 220 and max(scores) <= 245
    assert set(programs.values_list("min_usce_months", flat=True)) == {0, 3, 12}
    assert set(programs.values_list("sponsors_j1", "sponsors_h1b")) == {
        (False, False), (True, False), (True, True)}


def test_seed_demo_imports_the_sample_programs_once():
    call_command("seed_demo", stdout=StringIO())
    count = Program.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert count >= 200 and Program.objects.count() == count


def test_none_means_no_requirement_and_empty_means_unknown(tmp_path):
    from residency.fit import program_facts
    from residency.models import Program
    from residency.services.programs import import_programs_file

    header = ("nrmp_code,name,institution,specialty,city,state,sponsors_j1,sponsors_h1b,"
              "max_years_since_graduation,yog_is_hard,max_attempts_per_step,attempts_is_hard,"
              "min_step2ck_score,ck_is_hard,min_usce_months,usce_is_hard,"
              "certificate_by_rank_deadline,img_share,criteria_source,criteria_checked_on,"
              "is_sample," + ",".join(COLUMNS[21:]))  # then each fact's own check, empty
    row = ("1234140C0,Test Program,Test Hospital,RAD,Austin,TX,yes,no,none,yes,,yes,none,yes,"
           "12,yes,no,20,site,2026-05-01,yes" + "," * len(COLUMNS[21:]))
    path = tmp_path / "p.csv"
    path.write_text(header + "\n" + row + "\n")
    import_programs_file(path)
    program = Program.objects.get(nrmp_code="1234140C0")
    assert sorted(program.no_requirement) == ["max_years_since_graduation", "min_step2ck_score"]
    facts = program_facts(program)
    assert facts.min_step2ck_score is not None and facts.min_step2ck_score.value is None
    assert facts.max_attempts_per_step is None  # empty cell: unknown


def test_the_application_deadline_imports_with_its_own_check_and_a_bad_one_is_named(tmp_path):
    row = {**GOOD, "application_deadline": "2026-10-15",
           "application_deadline_checked_on": "2026-07-20",
           "application_deadline_source": "Program website"}
    _import(_write(tmp_path, row))
    program = Program.objects.get(nrmp_code="1234140C0")
    assert program.application_deadline == date(2026, 10, 15)
    check = program.fact_check("application_deadline")
    assert (check.checked_on, check.source) == (date(2026, 7, 20), "Program website")
    refusal = _refusal(_write(tmp_path, {**row, "application_deadline": "15/10/2026"}))
    assert "application_deadline '15/10/2026' must be a date written" in refusal
