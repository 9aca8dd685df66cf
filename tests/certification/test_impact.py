"""The impact preview and what publishing does: an editor raises the Step 2 CK pass mark in
a draft, the preview names exactly who flips, publishing re-evaluates them and tells them,
and applicants of earlier seasons keep their set."""

from datetime import date

import pytest
from django.urls import reverse

from applicants.models import Applicant, Notification
from certification.models import ImpactPreview, RequirementSet
from certification.services import records, rulesets
from core.status import Status
from road.records import road_applicant
from road.summary import road_summary
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
STEP2CK = "USMLE Step 2 CK passed"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("core.clock.today", lambda: TODAY)


def _with_step2ck(season: int, score: int | None) -> Applicant:
    applicant = ApplicantFactory(target_match_year=season)
    if score is not None:  # left to the pass mark: the outcome is worked out from the score
        records.save_exam_attempt(applicant=applicant, data=dict(
            exam="STEP2CK", test_date=date(2025, 8, 1), result_date=date(2025, 8, 25),
            score=score), today=TODAY)
    return applicant


@pytest.fixture
def people():
    return {"flips": _with_step2ck(2028, 221), "stays": _with_step2ck(2028, 240),
            "none": _with_step2ck(2028, None), "earlier": _with_step2ck(2027, 221)}


@pytest.fixture
def raised(staff):
    """A draft of the current set with the 2025 Step 2 CK mark raised from 218 to 225."""
    draft = rulesets.copy_as_draft(RequirementSet.objects.get(code="RS-2027-P"), by=staff)
    requirement = draft.requirements.get(code="C-STEP2CK")
    requirement.params["pass_marks"] = [[d, 225 if m == 218 else m]
                                        for d, m in requirement.params["pass_marks"]]
    requirement.save()
    return draft


def _step2ck(applicant) -> Status:
    return road_summary(road_applicant(Applicant.objects.filter(pk=applicant.pk)),
                        TODAY).status_of("C-STEP2CK")


def test_the_preview_names_exactly_who_flips_and_publishing_tells_them(
        client, staff, people, raised, django_capture_on_commit_callbacks):
    assert _step2ck(people["flips"]) is Status.MET
    client.force_login(staff)
    response = client.post(reverse("admin:certification_requirementset_publish",
                                   args=[raised.pk]),
                           {"effective_from": TODAY.isoformat(), "action": "preview"})
    preview = ImpactPreview.objects.get(rule_set=raised)
    assert response["Location"] == reverse("admin:certification_requirementset_preview",
                                           args=[preview.pk])
    assert preview.state == "done" and preview.done == preview.total == 4
    flipped = [row[0] for row in preview.result["applicants"] if row[3]]
    assert flipped == [people["flips"].pk]
    # The 2028 applicants are judged by the latest set (a derived copy); 2027 keeps its own.
    judged = {row[0] for row in preview.result["applicants"]}
    assert judged == {people[k].pk for k in ("flips", "stays", "none")}
    [(code, _, before, after, n)] = preview.result["counts"]
    assert (code, before, n) == ("C-STEP2CK", "met", 1) and after != "met"

    page = client.get(reverse("admin:certification_requirementset_preview",
                              args=[preview.pk])).content.decode()
    assert f"#{people['flips'].pk}" in page and "USMLE Step 2 CK passed (C-STEP2CK)" in page
    side = client.get(reverse("admin:certification_requirementset_preview", args=[preview.pk]),
                      {"applicant": people["flips"].pk})
    line = next(ln for ln in side.context["side_by_side"]["lines"] if ln.code == "C-STEP2CK")
    assert line.before == "Met" and line.after != "Met" and "221" in line.before_why
    assert client.get(reverse("admin:certification_requirementset_preview",
                              args=[preview.pk]),
                      {"applicant": people["earlier"].pk}).status_code == 404

    met_before = Applicant.objects.get(pk=people["flips"].pk).cert_met
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:certification_requirementset_publish", args=[raised.pk]),
                    {"effective_from": TODAY.isoformat(), "action": "now"})
    run = raised.reevaluations.get()
    run.refresh_from_db()
    assert (run.done, run.total, run.notified) == (4, 4, 1)
    assert run.finished_at is not None
    assert _step2ck(people["flips"]) is not Status.MET
    assert _step2ck(people["stays"]) is Status.MET
    assert _step2ck(people["earlier"]) is Status.MET  # the 2027 set still judges them
    [notice] = Notification.objects.all()
    assert notice.applicant_id == people["flips"].pk
    assert notice.text.startswith("The ECFMG rules we check your road against have changed.")
    assert f"{STEP2CK}: now" in notice.text and "(was Met)" in notice.text

    client.force_login(people["flips"].user)
    dashboard = client.get(reverse("road:dashboard")).content.decode()
    checklist = client.get(reverse("certification:checklist"))
    assert checklist.context["rule_set"].code == "RS-2027-P-v2"
    line = next(ln for ln in checklist.context["lines"] if ln["outcome"].code == "C-STEP2CK")
    assert line["outcome"].status is not Status.MET
    assert "225 needed" in line["outcome"].why, line["outcome"].why
    assert STEP2CK in dashboard
    assert Applicant.objects.get(pk=people["flips"].pk).cert_met == met_before - 1
    client.force_login(people["earlier"].user)
    assert client.get(reverse("certification:checklist")).context["rule_set"].code == "RS-2027-P"


def test_a_rollback_tells_the_applicants_again(staff, people, raised,
                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rulesets.publish(raised, effective_from=TODAY, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        run = rulesets.rollback(raised, by=staff)
    run.refresh_from_db()
    assert run.notified == 1 and _step2ck(people["flips"]) is Status.MET
    assert Notification.objects.filter(applicant=people["flips"]).count() == 2


def test_a_batch_run_twice_notifies_once(staff, people, raised):
    from road.tasks import refresh_all_progress
    run = rulesets.publish(raised, effective_from=TODAY, by=staff)  # on_commit not run here
    refresh_all_progress(reevaluation=run.pk)
    refresh_all_progress(reevaluation=run.pk)
    run.refresh_from_db()
    assert (run.done, run.notified) == (4, 1)
    assert Notification.objects.count() == 1


def test_a_large_population_is_previewed_in_the_background(staff, people, raised, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    monkeypatch.setattr(rulesets, "SYNC_PREVIEW_LIMIT", 2)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        preview = rulesets.start_preview(raised, effective_from=TODAY, by=staff)
    assert (preview.state, preview.done, preview.total) == ("running", 0, 4)
    for callback in queued:
        callback()  # the task (eager here; tests/certification/test_content_worker.py: real)
    preview.refresh_from_db()
    assert preview.state == "done" and preview.result["flipped"] == 1
