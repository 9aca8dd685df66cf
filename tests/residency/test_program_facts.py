"""Each program fact's own "last checked" date and source: edited in the admin with history,
carried by the CSV export and import, and one bad date in a fact's column imports nothing."""

import csv
import io
from datetime import date

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from residency.models import Program
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def _post_data(form) -> dict:
    """What the admin's change form sends back unchanged, as a browser would."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.NullBooleanField):
            data[name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, date):
            data[name] = value.isoformat()
        elif value is not None:
            data[name] = value
    return data


def _upload(client, text: str, *, dry: bool = False):
    data = {"file": SimpleUploadedFile("programs.csv", text.encode(), "text/csv")}
    if dry:
        data["dry_run"] = "1"
    return client.post(reverse("admin:residency_program_import"), data).content.decode()


def test_an_admin_dates_one_fact_and_the_history_keeps_who_and_what(client, content_editor):
    program = ProgramFactory(criteria_checked_on=date(2026, 8, 1), criteria_source="Program FAQ")
    client.force_login(content_editor)
    url = reverse("admin:residency_program_change", args=[program.pk])
    page = client.get(url)
    assert "Step 2 CK minimum: checked on" in page.content.decode()
    data = _post_data(page.context["adminform"].form)
    data |= {"min_step2ck_score_checked_on": "2027-01-05",
             "min_step2ck_score_source": " Coordinator email "}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    program.refresh_from_db()
    step2 = program.fact_check("min_step2ck_score")
    assert (step2.own_checked_on, step2.source) == (date(2027, 1, 5), "Coordinator email")
    assert program.fact_check("sponsors_j1").checked_on == date(2026, 8, 1)  # the fallback
    latest, before = program.history.all()[:2]
    assert latest.history_user == content_editor
    assert latest.criteria_notes == {"min_step2ck_score": {"source": "Coordinator email",
                                                           "checked_on": "2027-01-05"}}
    assert before.criteria_notes == {}
    history = client.get(reverse("admin:residency_program_history", args=[program.pk]))
    assert history.status_code == 200

    # The form shows the stored check back, and a bad date is named beside its field.
    page = client.get(url)
    assert page.context["adminform"].form["min_step2ck_score_checked_on"].value() == \
        date(2027, 1, 5)
    data = _post_data(page.context["adminform"].form) | {"img_share_checked_on": "5 Jan"}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "img_share_checked_on" in refused.context["adminform"].form.errors
    program.refresh_from_db()
    assert "img_share" not in program.criteria_notes


def test_export_then_import_round_trips_each_facts_own_check(client, content_editor):
    notes = {"min_step2ck_score": {"source": "Coordinator email", "checked_on": "2027-01-05"},
             "sponsors_h1b": {"checked_on": "2026-09-15"},
             "img_share": {"source": "Program website"}}
    dated = ProgramFactory(criteria_notes=notes)
    plain = ProgramFactory()
    client.force_login(content_editor)
    exported = client.get(reverse("admin:residency_program_export")).content.decode()
    assert "2027-01-05,Coordinator email" in exported
    assert "0 created, 0 updated, 2 unchanged" in _upload(client, exported, dry=True)

    Program.objects.all().delete()
    _upload(client, exported)
    assert Program.objects.count() == 2
    again = Program.objects.get(nrmp_code=dated.nrmp_code)
    assert again.criteria_notes == notes
    assert again.fact_check("min_usce_months").checked_on == dated.criteria_checked_on
    assert Program.objects.get(nrmp_code=plain.nrmp_code).criteria_notes == {}
    assert client.get(reverse("admin:residency_program_export")).content.decode() == exported


def test_a_bad_date_in_a_facts_column_imports_nothing_and_is_named(client, content_editor):
    ProgramFactory()
    client.force_login(content_editor)
    exported = client.get(reverse("admin:residency_program_export")).content.decode()
    Program.objects.all().delete()
    header, row = list(csv.reader(io.StringIO(exported)))
    bad = [*row]
    bad[header.index("sponsors_j1_checked_on")] = "2026-13-01"
    bad[header.index("nrmp_code")] = "9999140C0"
    out = io.StringIO()
    csv.writer(out).writerows([header, row, bad])
    page = _upload(client, out.getvalue())
    assert "nothing was imported" in page
    assert "Row 3: sponsors_j1_checked_on &#x27;2026-13-01&#x27; must be a date" in page
    assert not Program.objects.exists()


def test_a_stored_check_that_is_not_a_fact_or_not_a_date_is_refused():
    from django.core.exceptions import ValidationError

    program = ProgramFactory.build(criteria_notes={
        "min_step2ck_score": {"checked_on": "soon"}, "parking": {"source": "x"}})
    with pytest.raises(ValidationError) as refused:
        program.clean()
    messages = refused.value.message_dict["criteria_notes"]
    assert "min_step2ck_score checked_on 'soon' is not a date written 2026-08-01" in messages
    assert "parking is not a program fact" in messages
