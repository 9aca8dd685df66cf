"""The program directory: search, a program's requirements and fit, saved programs, compare.

Programs are public directory data; fit is always the signed-in applicant's own, for their
target Match season. Saved programs are read and written only as the applicant's own rows.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from applicants.decorators import applicant_page
from core import dates
from core import forms as core_forms

from ..fit import FIT_RECORDS, fit_context
from ..forms.programs import (
    COMPARE_LIMIT,
    ApplicationDeadlineForm,
    ProgramFilterForm,
    compare_ids,
)
from ..selectors import programs as selectors
from ..services import programs as services

T = "residency/programs/"


@applicant_page(records=FIT_RECORDS)
def program_list(request, applicant):
    form = ProgramFilterForm(request.GET)
    ctx = fit_context(applicant)
    page, rows = selectors.directory_page(applicant, ctx, form.filters(), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, T + "list.html", {
        "applicant": applicant, "form": form, "page": page, "rows": rows,
        "season": ctx.season, "query": query.urlencode(), "here": request.get_full_path(),
    })


@applicant_page(records=FIT_RECORDS)
def program_detail(request, applicant, pk):
    program = selectors.access_program(pk)
    ctx = fit_context(applicant)
    fit = ctx.fit(program)
    return render(request, T + "detail.html", {
        "applicant": applicant, "program": program, "fit": fit, "season": ctx.season,
        "criteria": selectors.criteria_rows(program, fit, ctx.season),
        "img_share_check": program.fact_check("img_share"),
        "deadline_check": program.fact_check("application_deadline"),
        "saved": selectors.saved_one(applicant, program),
    })


@applicant_page
def program_save(request, applicant, pk):
    program = selectors.access_program(pk)
    if request.method == "POST":
        saved, created = services.save_program(applicant=applicant, program=program)
        messages.success(request, f"{program.name} is in your saved programs." + (
            f" Its application deadline, {dates.day(saved.apply_by)} in our directory, is in "
            "your deadlines: check it on the program's own page."
            if created and saved.apply_by else ""))
    return _back(request, program)


@applicant_page
def program_unsave(request, applicant, pk):
    program = selectors.access_program(pk)
    if request.method == "POST" and services.unsave_program(applicant=applicant, program=program):
        messages.success(request, f"{program.name} is no longer in your saved programs.")
    return _back(request, program)


def _back(request, program):
    """To the page the button was on (a list keeps its filters), else the program's page."""
    target = request.POST.get("next", "")
    # Only a path on this site: anything else ("a b", a URL name) would be reversed or followed.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect("residency:program-detail", pk=program.pk)


@applicant_page(records=FIT_RECORDS)
def saved_programs(request, applicant):
    ctx = fit_context(applicant)
    saved = selectors.own_saved(request.user, applicant)
    rows = [(s, selectors.ProgramRow(s.program, ctx.fit(s.program), saved=True)) for s in saved]
    return render(request, T + "saved.html", {
        "applicant": applicant, "rows": rows, "season": ctx.season, "limit": COMPARE_LIMIT,
        "here": request.get_full_path(),
    })


@applicant_page
def saved_deadline(request, applicant, pk):
    saved = selectors.access_saved(request.user, applicant, pk)
    suggested = services.directory_deadline(saved.program)
    form = ApplicationDeadlineForm(request.POST or None, instance=saved,
                                   initial={"apply_by": saved.apply_by or suggested})
    if request.method == "POST" and core_forms.saved(
            form, services.set_application_deadline, saved=saved):
        messages.success(request, f"Application deadline for {saved.program.name} " + (
            f"saved: {dates.day(saved.apply_by)}. It is in your deadlines."
            if saved.apply_by else "removed."))
        return redirect("residency:saved")
    return render(request, T + "deadline.html", {
        "applicant": applicant, "saved": saved, "program": saved.program, "form": form,
        "suggested": suggested if not saved.apply_by else None,
        "check": saved.program.fact_check("application_deadline"),
    })


@applicant_page(records=FIT_RECORDS)
def compare(request, applicant):
    ids = compare_ids(request.GET.getlist("ids"))
    context = {"applicant": applicant, "limit": COMPARE_LIMIT, "asked": len(ids)}
    if len(ids) > COMPARE_LIMIT:
        return render(request, T + "compare.html", context | {"too_many": True})
    programs = selectors.compared(request.user, applicant, ids)
    ctx = fit_context(applicant)
    return render(request, T + "compare.html", context | {
        "programs": programs, "season": ctx.season, "not_saved": len(ids) - len(programs),
        "table": selectors.comparison(programs, ctx),
    })
