"""Changing a published rule set in a test as an admin does: a new version, published."""

from collections.abc import Callable

from certification.models import Requirement, RequirementSet
from certification.services import rulesets


def new_version(code: str, change: Callable[[RequirementSet], None], *,
                by=None) -> RequirementSet:
    """Copy the published set `code` as a draft, let `change` edit the draft, and publish it
    from the set's own first day: it judges every applicant the old one judged."""
    current = RequirementSet.objects.get(code=code)
    draft = rulesets.copy_as_draft(current, by=by)
    change(draft)
    rulesets.publish(draft, effective_from=current.effective_from, by=by)
    return RequirementSet.objects.get(pk=draft.pk)


def edit_requirement(code: str, requirement: str, **values) -> RequirementSet:
    """A new version of `code` with the values of one requirement changed."""
    def change(draft):
        Requirement.objects.filter(rule_set=draft, code=requirement).update(**values)
    return new_version(code, change)
