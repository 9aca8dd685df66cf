"""The rule-kind registry: every kind says everything about itself, and what the rest of the
project needs about kinds (checklist links, admin choices, parameter checks) follows from it."""

from dataclasses import fields
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certification.models import Requirement, RequirementSet
from certification.rules import Facts, registry, validate_params
from certification.rules.common import todo
from certification.rules.params import number
from certification.rules.registry import RULE_KINDS, RuleKind
from certification.services import rulesets
from tests.rulesets import new_version

FACT_FIELDS = {f.name for f in fields(Facts)}
GROUP_KEYS = {g.key for g in registry.GROUPS}
RESULTS = {"STEP1", "STEP2CK", "STEP3", "OET", "PATHWAY"}


@pytest.mark.parametrize("kind", list(RULE_KINDS.values()), ids=lambda k: k.name)
def test_every_kind_has_every_part(kind):
    assert kind.label and kind.label != kind.name
    assert kind.group in GROUP_KEYS
    assert reverse(kind.fix_page)  # raises NoReverseMatch for a page that doesn't exist
    assert callable(kind.evaluate)
    for name, (required, check) in kind.params.items():
        assert isinstance(name, str) and isinstance(required, bool) and callable(check)
    assert kind.reads and set(kind.reads) <= FACT_FIELDS, set(kind.reads) - FACT_FIELDS
    assert kind.awaits is None or callable(kind.awaits)


def test_every_group_shows_some_kind():
    assert all(kinds for _, kinds in registry.groups())
    shown = set().union(*(kinds for _, kinds in registry.groups()))
    assert shown == set(RULE_KINDS)  # no kind silently left out of the dashboard


@pytest.mark.parametrize(("kind", "params", "awaits"), [
    ("exam_passed", {"exam": "STEP1"}, "STEP1"),
    ("exam_passed", {"exam": "STEP2CK"}, "STEP2CK"),
    ("exam_passed", {"exam": "STEP2CS"}, None),  # discontinued: no booking settles it
    ("exam_window_years", {"years": 7, "exams": ["STEP1"]}, None),
    ("clinical_skills", {}, "PATHWAY"),
    ("oet_single_sitting", {}, "OET"),
])
def test_result_kinds_name_the_result_that_settles_them(kind, params, awaits):
    assert RULE_KINDS[kind].awaits(params) == awaits
    assert awaits is None or awaits in RESULTS


def test_kinds_no_result_settles_leave_the_hook_unset():
    unset = {k.name for k in RULE_KINDS.values() if k.awaits is None}
    assert unset == {"account_verified", "application_accepted", "school_eligible",
                     "document_verified", "min_credit_years", "transfer_credit_limits"}


def test_a_kind_is_registered_once():
    with pytest.raises(ValueError, match="already registered"):
        registry.register(RULE_KINDS["exam_passed"])


# A throwaway kind, registered for one test and removed again ------------------------------

def _throwaway(req, facts: Facts, today: date):
    return todo(f"Throwaway level {req.params['level']} not reached", "Do the throwaway step")


@pytest.fixture
def throwaway_kind():
    kind = registry.register(RuleKind(
        "throwaway_check", label="Throwaway check", group="skills", fix_page="certification:oet",
        params={"level": (True, number(1, 3, whole=True))}, evaluate=_throwaway,
        reads=("oet_sittings",)))
    yield kind
    registry.unregister(kind.name)


@pytest.fixture
def throwaway_requirement(throwaway_kind, db):
    """A requirement of the throwaway kind in a new version of the current set (the
    applicant's season)."""
    version = new_version("RS-2027-P", lambda draft: Requirement.objects.create(
        rule_set=draft, order=99, code="C-THROW", title="Throwaway requirement",
        kind=throwaway_kind.name, params={"level": 2}))
    return version.requirements.get(code="C-THROW")


@pytest.mark.django_db
def test_a_new_kind_shows_on_the_checklist_with_its_fix_link(throwaway_requirement,
                                                             applicant_client):
    response = applicant_client.get(reverse("certification:checklist"))
    line = next(ln for ln in response.context["lines"] if ln["outcome"].code == "C-THROW")
    assert line["outcome"].kind == "throwaway_check"
    assert line["fix_url"] == reverse("certification:oet")
    page = response.content.decode()
    assert "Throwaway level 2 not reached" in page
    assert f'Do the throwaway step <a href="{reverse("certification:oet")}">' in page


@pytest.mark.django_db
def test_a_new_kind_is_an_admin_choice(throwaway_kind, client, staff):
    field = Requirement._meta.get_field("kind")
    assert ("throwaway_check", "Throwaway check") in list(field.choices)
    client.force_login(staff)
    draft = rulesets.copy_as_draft(RequirementSet.objects.get(code="RS-2027-P"), by=staff)
    page = client.get(reverse("admin:certification_requirementset_change", args=[draft.pk]))
    assert '<option value="throwaway_check">Throwaway check</option>' in page.content.decode()


@pytest.mark.django_db
def test_a_new_kind_checks_its_params(throwaway_kind):
    assert validate_params("throwaway_check", {"level": 2}) == []
    assert validate_params("throwaway_check", {"level": 9}) == [
        "'level' must be a whole number from 1 to 3, not 9"]
    requirement = Requirement(rule_set=RequirementSet.objects.get(code="RS-2027-P"),
                              code="C-THROW", title="t", kind="throwaway_check",
                              params={"level": 9})
    with pytest.raises(ValidationError) as error:
        requirement.full_clean()
    assert error.value.message_dict["params"] == [
        "'level' must be a whole number from 1 to 3, not 9"]


def test_an_unregistered_kind_is_gone():
    assert "throwaway_check" not in RULE_KINDS
    assert validate_params("throwaway_check", {})[0].startswith("unknown rule kind")


@pytest.mark.django_db
def test_a_new_kind_shows_in_its_dashboard_group(throwaway_requirement, applicant_client):
    board = applicant_client.get(reverse("road:dashboard")).context["board"]
    skills = next(lines for key, _, lines in board.groups if key == "skills")
    throwaway = next(ln for ln in skills if ln.title == "Throwaway requirement")
    assert throwaway.url == reverse("certification:oet")
