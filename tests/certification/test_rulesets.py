import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certification.models import Requirement, RequirementSet

pytestmark = pytest.mark.django_db


def test_seeded_sets_cover_current_and_earlier_policy():
    codes = set(RequirementSet.objects.published().values_list("code", flat=True))
    assert {"RS-CS", "RS-2021-P", "RS-2025-P", "RS-2026-P"} <= codes
    current = RequirementSet.objects.get(code="RS-2026-P")
    assert current.effective_to is None
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
    requirement = Requirement.objects.get(rule_set__code="RS-2026-P", code="C-OET")
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
