from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certification.models import Requirement, RequirementSet

pytestmark = pytest.mark.django_db


def test_seeded_sets_cover_current_and_earlier_policy():
    codes = set(RequirementSet.objects.published().values_list("code", flat=True))
    # 0013 corrected the older sets as a second version of each (the first superseded)
    assert {"RS-CS-v2", "RS-2021-P-v2", "RS-2025-P-v2", "RS-2026-P-v2", "RS-2027-P"} <= codes
    closed = RequirementSet.objects.get(code="RS-2026-P-v2")
    assert closed.effective_to == date(2026, 5, 31)  # migration 0006: closed at its season's end
    current = RequirementSet.objects.get(code="RS-2027-P")
    assert current.effective_to == date(2027, 5, 31)
    assert current.requirements.get(code="C-OET").params["date_floor"] == "2025-01-01"
    ck = current.requirements.get(code="C-STEP2CK")
    assert ["2025-07-01", 218] in ck.params["pass_marks"]
    assert ck.provenance == "third_party"
    assert not current.requirements.get(code="C-7YR").active  # RULES §9: inactive by default


def test_bad_params_are_explained_to_the_admin():
    requirement = Requirement.objects.get(rule_set__code="RS-2026-P", code="C-OET")
    requirement.params = {**requirement.params, "min_listening": 600}
    with pytest.raises(ValidationError) as error:
        requirement.full_clean()
    assert "min_listening" in str(error.value.message_dict["params"])


def test_every_edit_is_kept_in_history():
    from certification.services.rulesets import copy_as_draft
    draft = copy_as_draft(RequirementSet.objects.get(code="RS-2026-P"), by=None)
    requirement = draft.requirements.get(code="C-OET")
    before = requirement.history.count()
    requirement.title = "OET Medicine, one sitting"
    requirement.save()
    assert requirement.history.count() == before + 1
    assert requirement.history.first().title == "OET Medicine, one sitting"


def test_admin_edits_rule_sets_with_history(client, staff):
    client.force_login(staff)
    rule_set = RequirementSet.objects.get(code="RS-2026-P")
    page = client.get(reverse("admin:certification_requirementset_change", args=[rule_set.pk]))
    assert page.status_code == 200
    assert "C-OET" in page.content.decode()
    history = client.get(
        reverse("admin:certification_requirementset_history", args=[rule_set.pk])
    )
    assert history.status_code == 200


def test_the_2027_migration_loads_the_seed_data():
    from certification.rules.seeds import load_seed_rule_sets
    seeded = {rs.code: rs for rs in load_seed_rule_sets()}["RS-2027-P"]
    stored = RequirementSet.objects.get(code="RS-2027-P").as_rule_set()
    assert stored.requirements == seeded.requirements
    assert (stored.effective_from, stored.effective_to) == (seeded.effective_from,
                                                            seeded.effective_to)


def test_a_season_without_a_set_is_said_on_the_checklist_and_the_dashboard(applicant_client):
    # The factory's applicant aims at 2028: no set is published for it.
    for url in (reverse("certification:checklist"), reverse("road:dashboard")):
        page = applicant_client.get(url).content.decode()
        assert "No ECFMG rules have been published for the 2028 Match yet" in page
        assert "rules of the 2027 Match" in page


def test_a_2027_applicant_has_its_own_set_and_no_note(client):
    from tests.factories import ApplicantFactory
    applicant = ApplicantFactory(target_match_year=2027)
    client.force_login(applicant.user)
    response = client.get(reverse("certification:checklist"))
    assert response.context["rule_set"].code == "RS-2027-P"
    assert response.context["rule_set"].derived_for is None
    assert "No ECFMG rules have been published" not in response.content.decode()


def test_the_admin_is_told_which_seasons_have_no_set(client, staff, applicant):
    client.force_login(staff)
    page = client.get(reverse("admin:certification_requirementset_changelist"),
                      follow=True).content.decode()
    assert "No published rule set for the 2028 Match" in page
    assert "a copy of RS-2027-P" in page


def test_refresh_road_command_refreshes_the_stored_summaries(applicant):
    from django.core.management import call_command

    from applicants.models import Applicant
    assert Applicant.objects.get(pk=applicant.pk).progress_updated_at is None
    call_command("refresh_road")
    stored = Applicant.objects.get(pk=applicant.pk)
    assert stored.progress_updated_at is not None and stored.cert_total == 11


# Older sets corrected by migration 0013 (issue 10): superseded by a corrected version.

CORRECTED = ["RS-CS", "RS-2021-P", "RS-2022-P", "RS-2023-P", "RS-2024-P", "RS-2025-P",
             "RS-2026-P"]


@pytest.mark.parametrize("code", CORRECTED)
def test_each_older_set_is_superseded_by_a_corrected_version(code):
    old = RequirementSet.objects.get(code=code)
    new = RequirementSet.objects.get(code=f"{code}-v2")
    assert (old.status, new.status, new.version, new.copied_from_id) == (
        "superseded", "published", 2, old.pk)
    assert (new.effective_from, new.effective_to) == (old.effective_from, old.effective_to)
    assert new.replaced == {"id": old.pk, "status": "published",
                            "effective_to": old.effective_to and old.effective_to.isoformat()}
    marks = new.requirements.get(code="C-STEP2CK").params["pass_marks"]
    assert marks[:2] == [["2012-01-01", 196], ["2013-07-01", 203]]
    assert old.requirements.get(code="C-STEP2CK").params["pass_marks"][0] == [
        "2014-07-01", 209]  # the old version kept as it was, for the record
    assert [r.code for r in new.requirements.order_by("order")] == [
        r.code for r in old.requirements.order_by("order")]


def test_the_2021_and_2022_help_texts_say_what_their_seasons_needed():
    cs_2021 = Requirement.objects.get(rule_set__code="RS-2021-P-v2", code="C-CS").help_text
    assert "Pathways 1 to 5" in cs_2021 and "must use Pathway 6" not in cs_2021
    for code in ("RS-2021-P-v2", "RS-2022-P-v2"):
        oet = Requirement.objects.get(rule_set__code=code, code="C-OET").help_text
        assert "at 350 or more" in oet and "Writing of at least 300" not in oet
    later = Requirement.objects.get(rule_set__code="RS-2023-P-v2", code="C-OET").help_text
    assert "Writing of at least 300" in later  # the 2023 season did lower Writing
    assert "must use Pathway 6" in Requirement.objects.get(
        rule_set__code="RS-2022-P-v2", code="C-CS").help_text


def test_the_engines_seeds_carry_the_same_corrections_as_the_database():
    from certification.rules.seeds import load_seed_rule_sets
    for seeded in load_seed_rule_sets():
        if seeded.code in CORRECTED:
            stored = RequirementSet.objects.get(code=f"{seeded.code}-v2").as_rule_set()
            assert [(r.code, r.params, r.source) for r in stored.requirements] == [
                (r.code, r.params, r.source) for r in seeded.requirements]


def test_rolling_back_a_corrected_version_puts_the_old_one_back(staff):
    from certification.services import rulesets
    new = RequirementSet.objects.get(code="RS-2021-P-v2")
    rulesets.rollback(new, by=staff)
    assert RequirementSet.objects.get(code="RS-2021-P").status == "published"
    assert RequirementSet.objects.get(code="RS-2021-P-v2").status == "superseded"
