"""The Canadian route page: the setting that turns it on, its bar and checks (the words
come from road.summary, like every other page's), the applicant's MCC exams and the CaRMS
season's calendar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from applicants.forms import CanadaSettingsForm
from applicants.selectors import NotAnApplicant, own_applicant_queryset
from applicants.services import save_profile
from core import clock, forms
from residency.carms import carms_calendar

from ..dashboard import fragments
from ..dashboard.data import outcome_lines
from ..records import road_applicant
from ..summary import road_summary


@login_required
def canada(request):
    if not request.user.is_applicant:
        raise NotAnApplicant("Only applicants have a Canadian route.")
    applicant = road_applicant(own_applicant_queryset(request.user))
    if applicant is None:
        return redirect("applicants:onboarding")
    form = CanadaSettingsForm(request.POST or None, instance=applicant)
    if request.method == "POST" and form.is_valid() and forms.saved(
            form, save_profile, user=request.user, applicant=applicant):
        messages.success(request, "Your Canadian route settings are saved.")
        return redirect("road:canada")
    summary = road_summary(applicant, clock.today())
    year = applicant.carms_match_year or applicant.target_match_year
    dates, season = carms_calendar(year)
    lines = [line for _, line in outcome_lines(summary.canada_evaluation)]
    return render(request, "road/canada.html", {
        "applicant": applicant, "form": form, "summary": summary, "year": year,
        "bar": fragments.progress_bars([summary.canada]) if summary.canada else "",
        "lines": fragments.checklist_items(lines), "dates": dates, "season": season,
        "today": summary.today,
        "set_note": _set_note(summary),
    })


def _set_note(summary) -> str:
    stored = summary.canada_set
    if stored is None or not stored.derived_for:
        return ""
    return (f"No Canadian route rules are on file for the {stored.derived_for} match yet: "
            "you are checked against the latest ones we have. Check each one with MCC and "
            "CaRMS.")
