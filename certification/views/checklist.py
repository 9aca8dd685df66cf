from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from applicants import selectors as applicant_selectors
from core import road

# Where the applicant fixes each kind of requirement (URL names of this app's pages).
FIX_PAGES = {
    "account_verified": "certification:ecfmg",
    "application_accepted": "certification:ecfmg",
    "school_eligible": "applicants:profile",
    "document_verified": "certification:documents",
    "min_credit_years": "certification:documents",
    "transfer_credit_limits": "certification:documents",
    "exam_passed": "certification:exams",
    "exam_window_years": "certification:exams",
    "clinical_skills": "certification:pathways",
    "oet_single_sitting": "certification:oet",
}
WEAK_PROVENANCE = {"third_party", "derived"}


def _fix_url(kind: str) -> str | None:
    try:
        return reverse(FIX_PAGES[kind]) if kind in FIX_PAGES else None
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
            "fix_url": _fix_url(requirement.kind),
            "check_source": outcome.provenance in WEAK_PROVENANCE,
        })
    return lines


@login_required
def checklist(request):
    applicant = road.applicant(applicant_selectors.own_applicant_queryset(request.user))
    if applicant is None:
        return redirect("applicants:onboarding")
    summary = road.summary(applicant)  # the words every page shows
    stored_set, evaluation = summary.rule_set, summary.evaluation
    context = {"applicant": applicant, "rule_set": stored_set, "evaluation": evaluation,
               "today": summary.today, "certificate": summary.certificate}
    if evaluation is not None:
        context["lines"] = checklist_lines(stored_set, evaluation)
    return render(request, "certification/checklist.html", context)
