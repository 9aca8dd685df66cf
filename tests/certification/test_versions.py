"""Rule set versions: copy as draft, publish with an effective date, the database refusing any
change to a published set, history, the diff between two versions and rollback."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from certification.models import Requirement, RequirementSet
from certification.services import rulesets
from certification.tasks import publish_due_rule_sets

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


@pytest.fixture
def current():
    return RequirementSet.objects.get(code="RS-2027-P")


@pytest.fixture
def draft(current, staff):
    return rulesets.copy_as_draft(current, by=staff)


def _refused(action):
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        action()


def test_a_copy_is_a_draft_with_every_requirement(current, draft):
    assert (draft.code, draft.version, draft.status) == ("RS-2027-P-v2", 2, "draft")
    assert draft.copied_from == current
    assert draft.as_rule_set().requirements == current.as_rule_set().requirements
    assert rulesets.copy_as_draft(draft, by=None).code == "RS-2027-P-v3"


def test_publishing_closes_the_previous_range(current, draft, staff):
    run = rulesets.publish(draft, effective_from=date(2027, 1, 1), by=staff)
    current.refresh_from_db()
    draft.refresh_from_db()
    assert (current.status, current.effective_to) == ("published", date(2026, 12, 31))
    assert (draft.status, draft.effective_from, draft.effective_to) == (
        "published", date(2027, 1, 1), date(2027, 5, 31))
    assert run.action == "published" and run.total >= 0


def test_publishing_from_the_first_day_supersedes_the_old_set(current, draft, staff):
    rulesets.publish(draft, effective_from=current.effective_from, by=staff)
    current.refresh_from_db()
    assert current.status == "superseded"
    assert current.effective_to == date(2027, 5, 31)  # kept as it was, for the record


def test_a_date_after_the_end_is_refused_with_a_reason(draft, staff):
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError) as error:
        rulesets.publish(draft, effective_from=date(2027, 7, 1), by=staff)
    assert "after the set's end date" in str(error.value.message_dict["effective_from"])
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_rollback_puts_the_previous_set_back(current, draft, staff):
    rulesets.publish(draft, effective_from=date(2027, 1, 1), by=staff)
    rulesets.rollback(RequirementSet.objects.get(pk=draft.pk), by=staff)
    current.refresh_from_db()
    draft.refresh_from_db()
    assert (current.status, current.effective_to) == ("published", date(2027, 5, 31))
    assert draft.status == "superseded"


# The database guarantee (PostgreSQL trigger, migration 0011)


def test_the_database_refuses_changes_to_a_published_set(current):
    requirement = current.requirements.get(code="C-STEP2CK")
    _refused(lambda: RequirementSet.objects.filter(pk=current.pk).update(name="Changed"))
    _refused(lambda: Requirement.objects.filter(pk=requirement.pk).update(title="Changed"))
    _refused(lambda: Requirement.objects.filter(pk=requirement.pk).update(
        params={**requirement.params, "pass_marks": [["2025-07-01", 230]]}))
    _refused(lambda: Requirement.objects.filter(pk=requirement.pk).delete())
    _refused(lambda: RequirementSet.objects.filter(pk=current.pk).update(status="draft"))
    _refused(lambda: current.delete())
    _refused(lambda: Requirement.objects.create(rule_set=current, code="C-NEW", title="New",
                                                kind="exam_passed", params={}))
    with connection.cursor() as cursor:
        _refused(lambda: cursor.execute(
            "UPDATE certification_requirement SET params = '{}' WHERE id = %s",
            [requirement.pk]))
    requirement.refresh_from_db()
    assert ["2025-07-01", 218] in requirement.params["pass_marks"]


def test_a_draft_moves_freely_and_a_published_source_can_be_confirmed(current, draft, staff):
    Requirement.objects.filter(rule_set=draft, code="C-STEP2CK").update(title="Changed")
    requirement = current.requirements.get(code="C-STEP2CK")
    rulesets.confirm_value(requirement, provenance="verified", source="usmle.org score page",
                           source_url="https://www.usmle.org/", checked_on=TODAY, by=staff)
    requirement.refresh_from_db()
    assert (requirement.provenance, requirement.checked_on) == ("verified", TODAY)
    latest = requirement.history.first()
    assert latest.history_user == staff and latest.source == "usmle.org score page"
    assert latest.params == requirement.params  # nothing else moved


def test_a_seed_may_give_an_empty_published_set_its_requirements():
    seeded = RequirementSet.objects.create(code="RS-SEED", name="Seed", status="published",
                                           effective_from=date(2040, 6, 1))
    Requirement.objects.bulk_create([
        Requirement(rule_set=seeded, code=f"C-{i}", title="t", kind="exam_passed")
        for i in range(3)])
    assert seeded.requirements.count() == 3


# The admin


def test_the_admin_shows_a_published_set_read_only(client, staff, current):
    client.force_login(staff)
    url = reverse("admin:certification_requirementset_change", args=[current.pk])
    page = client.get(url).content.decode()
    assert "Copy as new draft" in page and "cannot be changed" in page
    assert client.post(url, {"name": "Changed"}).status_code == 403
    current.refresh_from_db()
    assert current.name != "Changed"


def test_admin_copy_publish_and_history(client, staff, current):
    client.force_login(staff)
    response = client.post(reverse("admin:certification_requirementset_copy",
                                   args=[current.pk]))
    draft = RequirementSet.objects.get(code="RS-2027-P-v2")
    assert response["Location"] == reverse("admin:certification_requirementset_change",
                                           args=[draft.pk])
    response = client.post(reverse("admin:certification_requirementset_publish",
                                   args=[draft.pk]),
                           {"effective_from": "2027-01-01", "action": "now"})
    run = draft.reevaluations.get()
    assert response["Location"] == reverse("admin:certification_requirementset_reevaluation",
                                           args=[run.pk])
    history = client.get(reverse("admin:certification_requirementset_history",
                                 args=[current.pk])).content.decode()
    assert staff.email in history
    closed = current.history.first()
    assert (closed.history_user, closed.effective_to) == (staff, date(2026, 12, 31))


def test_the_diff_names_the_changed_value(client, staff, current, draft):
    requirement = draft.requirements.get(code="C-STEP2CK")
    requirement.params = {**requirement.params, "pass_marks": [["2025-07-01", 225]]}
    requirement.save()
    client.force_login(staff)
    page = client.get(reverse("admin:certification_requirementset_diff"),
                      {"a": current.pk, "b": draft.pk}).content.decode()
    assert 'class="diff-changed"><td>C-STEP2CK</td><td>changed</td><td>params</td>' in page
    assert "225" in page and "C-OET" not in page.split("<table>")[1]


def test_publishing_can_be_scheduled(draft, staff, monkeypatch):
    rulesets.schedule(draft, on=date(2027, 1, 1), by=staff)
    monkeypatch.setattr("core.clock.today", lambda: date(2026, 12, 31))
    assert publish_due_rule_sets() == []
    monkeypatch.setattr("core.clock.today", lambda: date(2027, 1, 1))
    assert publish_due_rule_sets() == [draft.pk]
    assert publish_due_rule_sets() == []  # run twice, published once
    draft.refresh_from_db()
    assert (draft.status, draft.effective_from, draft.publish_on) == (
        "published", date(2027, 1, 1), None)


def test_reverting_a_published_set_from_its_history_is_refused(client, staff, current, draft):
    rulesets.confirm_value(current.requirements.get(code="C-STEP1"), provenance="verified",
                           source="usmle.org", source_url="", checked_on=TODAY, by=staff)
    requirement = current.requirements.get(code="C-STEP1")
    version = requirement.history.first()
    client.force_login(staff)
    url = reverse("admin:certification_requirement_simple_history",
                  args=[requirement.pk, version.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Reverted"}).status_code == 403


def test_the_publish_form_says_what_is_wrong_next_to_the_date(client, staff, draft):
    requirement = draft.requirements.get(code="C-OET")
    requirement.params = {**requirement.params, "min_listening": 600}
    requirement.save()
    client.force_login(staff)
    response = client.post(reverse("admin:certification_requirementset_publish",
                                   args=[draft.pk]),
                           {"effective_from": "2027-07-01", "action": "now"})
    errors = response.context["form"].errors["effective_from"]
    assert any("after the set's end date" in e for e in errors)
    assert any("C-OET" in e and "min_listening" in e for e in errors)
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.reevaluations.exists()
