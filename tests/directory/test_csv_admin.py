"""CSV import and export of the directories from the admin: a dry run, every bad row by
number and field, nothing imported when one row is bad, export then import round-trips,
history for each change."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import MedicalSchool
from residency.models import MatchSeason, Program
from tests.factories import MedicalSchoolFactory, ProgramFactory

pytestmark = pytest.mark.django_db
HEADER = ("name,country,city,wdoms_id,sponsor_note,note_from_year,note_to_year,"
          "note_years_are_sample,accreditation\n")


def _upload(client, url_name: str, text: str, *, dry: bool):
    data = {"file": SimpleUploadedFile("file.csv", text.encode(), "text/csv")}
    if dry:
        data["dry_run"] = "1"
    return client.post(reverse(url_name), data)


def _export(client, url_name: str) -> str:
    response = client.get(reverse(url_name))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return response.content.decode()


def test_one_bad_row_imports_nothing_and_names_the_row_and_field(client, content_editor):
    client.force_login(content_editor)
    text = (HEADER + "Good School,NG,Lagos,F0000001,yes,2000,,no,\n"
            "Bad School,XX,Nowhere,F0000002,maybe,,,no,\n")
    response = _upload(client, "admin:directory_medicalschool_import", text, dry=False)
    page = response.content.decode()
    assert "2 problems; nothing was imported" in page
    assert "Row 3: country &#x27;XX&#x27; is not a two-letter ISO country code" in page
    assert "Row 3: sponsor_note &#x27;maybe&#x27; must be yes, no, true or false." in page
    assert not MedicalSchool.objects.filter(wdoms_id__in=["F0000001", "F0000002"]).exists()


def test_a_dry_run_writes_nothing_and_the_import_keeps_history(client, content_editor):
    client.force_login(content_editor)
    text = HEADER + "Good School,NG,Lagos,F0000001,yes,2000,,no,\n"
    page = _upload(client, "admin:directory_medicalschool_import", text, dry=True)
    assert "Dry run, nothing written: Imported 1 schools: 1 created" in page.content.decode()
    assert not MedicalSchool.objects.filter(wdoms_id="F0000001").exists()
    response = _upload(client, "admin:directory_medicalschool_import", text, dry=False)
    assert response.status_code == 302
    school = MedicalSchool.objects.get(wdoms_id="F0000001")
    assert school.history.count() == 1


def test_schools_export_then_import_round_trips(client, content_editor):
    MedicalSchoolFactory.create_batch(3)
    client.force_login(content_editor)
    exported = _export(client, "admin:directory_medicalschool_export")
    page = _upload(client, "admin:directory_medicalschool_import", exported, dry=True)
    assert "0 created, 0 updated, 3 unchanged" in page.content.decode()


def test_programs_export_then_import_round_trips(client, content_editor):
    ProgramFactory.create_batch(2)
    ProgramFactory(no_requirement=["min_step2ck_score"], min_step2ck_score=None)
    client.force_login(content_editor)
    exported = _export(client, "admin:residency_program_export")
    assert ",none," in exported
    page = _upload(client, "admin:residency_program_import", exported, dry=True)
    assert f"0 created, 0 updated, {Program.objects.count()} unchanged" in (
        page.content.decode())


def test_seasons_export_then_import_round_trips_and_a_bad_date_is_named(client,
                                                                        content_editor):
    client.force_login(content_editor)
    exported = _export(client, "admin:residency_matchseason_export")
    count = MatchSeason.objects.count()
    page = _upload(client, "admin:residency_matchseason_import", exported, dry=True)
    assert f"0 created, 0 updated, {count} unchanged" in page.content.decode()
    lines = exported.splitlines()
    header = lines[0].split(",")
    cells = next(io.StringIO(lines[1]).readlines().__iter__()).split(",")
    cells[header.index("match_day")] = "19/03/2027"
    bad = "\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n"
    page = _upload(client, "admin:residency_matchseason_import", bad, dry=False).content
    assert "Row 2: match_day &#x27;19/03/2027&#x27; must be a date" in page.decode()
