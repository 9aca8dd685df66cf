from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from applicants import selectors as applicant_selectors

from .. import progress
from ..rules import registry

WEAK_PROVENANCE = {"third_party", "derived"}


def _fix_url(kind: str) -> str | None:
    """The page where the applicant fixes a requirement of this kind (the kind says which)."""
    page = registry.fix_page(kind)
    try:
        return reverse(page) if page else None
    except NoReverseMatch:  # the page is not built yet
        return None


def checklist_lines(stored_set, evaluation) -> list[dict]:
    """The engine's outcomes joined with the admin's help text and the page to fix each."""
    requirements = {r.code: r for r in stored_set.loaded_requirements}
    lines = []
    for outcome in evaluation.outcomes:
        requirement = requirements[outcome.code]
        lines.append({
            "outcome": outcome,
            "help_text": requirement.help_text,
            "fix_url": _fix_url(outcome.kind),
            "check_source": outcome.provenance in WEAK_PROVENANCE,
        })
    return lines


@login_required
def checklist(request):
    own = applicant_selectors.access_own_applicant(request.user)
    if own is None:
        return redirect("applicants:onboarding")
    applicant = progress.applicant_for_facts(own.pk)
    today = timezone.localdate()
    stored_set, evaluation = progress.evaluate_applicant(applicant, today)
    context = {"applicant": applicant, "rule_set": stored_set, "evaluation": evaluation,
               "today": today}
    if evaluation is not None:
        context["lines"] = checklist_lines(stored_set, evaluation)
    return render(request, "certification/checklist.html", context)
