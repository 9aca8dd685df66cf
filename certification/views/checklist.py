from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core import road
from core.links import reverse_once

from ..rules import registry

WEAK_PROVENANCE = {"third_party", "derived"}


def _fix_url(kind: str) -> str | None:
    """The page where the applicant fixes a requirement of this kind (the kind says which)."""
    page = registry.fix_page(kind)
    return reverse_once(page) if page else None


def _help_url(kind: str) -> str | None:
    """The help page that explains a requirement of this kind (by URL name and slug)."""
    slug = registry.help_page(kind)
    return reverse_once("applicants:help-page", slug) if slug else None


def checklist_lines(stored_set, evaluation) -> list[dict]:
    """The engine's outcomes joined with the admin's help text, the page to fix each and the
    help page that explains it."""
    requirements = {r.code: r for r in stored_set.loaded_requirements}
    lines = []
    for outcome in evaluation.outcomes:
        requirement = requirements[outcome.code]
        lines.append({
            "outcome": outcome,
            "help_text": requirement.help_text,
            "fix_url": _fix_url(outcome.kind),
            "help_url": _help_url(outcome.kind),
            "source_url": requirement.source_url,
            "check_source": outcome.provenance in WEAK_PROVENANCE,
        })
    return lines


@login_required
def checklist(request):
    applicant = road.own_applicant(request.user)
    if applicant is None:
        return redirect("applicants:onboarding")
    summary = road.summary(applicant)  # the words every page shows
    stored_set, evaluation = summary.rule_set, summary.evaluation
    context = {"applicant": applicant, "rule_set": stored_set, "evaluation": evaluation,
               "today": summary.today, "certificate": summary.certificate,
               "rules_note": summary.rules_note,
               "certificate_heading": summary.certificate_heading,
               "certificate_reason": summary.certificate_reason}
    if evaluation is not None and summary.certificate_applies:
        context["lines"] = checklist_lines(stored_set, evaluation)
    return render(request, "certification/checklist.html", context)
