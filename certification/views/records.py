"""The applicant's own records: ECFMG file, exam attempts, OET sittings, pathway applications.

Each view: find the applicant (404 for anyone who is not one), fetch the record through a
selector (404 if it is not theirs), hand the form's data to a service, redirect.
"""


from django.contrib import messages
from django.shortcuts import redirect, render

from applicants.decorators import applicant_page
from core import clock, forms

from ..forms.records import (
    EcfmgRecordForm,
    ExamAttemptForm,
    OetSittingForm,
    PathwayApplicationForm,
)
from ..pathway_guide import GENERAL, GUIDE
from ..selectors import records as selectors
from ..services import records as services

T = "certification/records/"


def _form_page(request, form, save, *, template: str, done: str, message, **context):
    """`message` is the success text, or a function of the saved record that returns it."""
    record = request.method == "POST" and forms.saved(form, save, **context)
    if record:
        messages.success(request, message(record) if callable(message) else message)
        return redirect(done)
    return render(request, T + template, {"form": form, **context})


def _delete_page(request, applicant, record, *, done: str):
    if request.method == "POST":
        services.delete_record(record=record)
        messages.success(request, f"{record} deleted.")
        return redirect(done)
    return render(request, T + "confirm_delete.html",
                  {"applicant": applicant, "record": record, "cancel": done})


# ECFMG file


@applicant_page
def ecfmg(request, applicant):
    record = selectors.ecfmg_record(request.user, applicant)
    form = EcfmgRecordForm(request.POST or None, instance=record)
    return _form_page(request, form, services.save_ecfmg_record, template="ecfmg.html",
                      done="certification:ecfmg", message="Your ECFMG file is saved.",
                      applicant=applicant)


# Exam attempts


@applicant_page
def exams(request, applicant):
    attempts = selectors.own_exams(request.user, applicant)
    tables = selectors.mark_tables(applicant, clock.today())
    return render(request, T + "exam_list.html", {
        "applicant": applicant, "rows": selectors.exam_rows(attempts, tables),
        "steps": selectors.step_summaries(attempts),
    })


def _exam_saved(attempt) -> str:
    """'USMLE Step 2 CK 2025-08-01 saved: Passed with 220 (218 needed on 2025-08-01).'"""
    text = f"{attempt} saved"
    if attempt.outcome:
        text += f": {attempt.get_outcome_display()}"
    if attempt.score is not None:
        tables = selectors.mark_tables(attempt.applicant, clock.today())
        note = selectors.exam_rows([attempt], tables)[0].mark_note
        text += f" with {attempt.score}" + (f" ({note})" if note else "")
    return text + "."


def _exam_form(request, applicant, attempt=None):
    form = ExamAttemptForm(request.POST or None, instance=attempt)
    return _form_page(request, form, services.save_exam_attempt, template="exam_form.html",
                      done="certification:exams", message=_exam_saved,
                      applicant=applicant, attempt=attempt)


@applicant_page
def exam_add(request, applicant):
    return _exam_form(request, applicant)


@applicant_page
def exam_edit(request, applicant, pk):
    return _exam_form(request, applicant, selectors.access_exam(request.user, applicant, pk))


@applicant_page
def exam_delete(request, applicant, pk):
    attempt = selectors.access_exam(request.user, applicant, pk)
    return _delete_page(request, applicant, attempt, done="certification:exams")


# OET sittings


@applicant_page
def oet(request, applicant):
    sittings = selectors.own_oet_sittings(request.user, applicant)
    return render(request, T + "oet_list.html", {"applicant": applicant, "sittings": sittings})


def _oet_form(request, applicant, sitting=None):
    form = OetSittingForm(request.POST or None, instance=sitting)
    return _form_page(request, form, services.save_oet_sitting, template="oet_form.html",
                      done="certification:oet", message="OET sitting saved.",
                      applicant=applicant, sitting=sitting)


@applicant_page
def oet_add(request, applicant):
    return _oet_form(request, applicant)


@applicant_page
def oet_edit(request, applicant, pk):
    return _oet_form(request, applicant, selectors.access_oet_sitting(request.user, applicant, pk))


@applicant_page
def oet_delete(request, applicant, pk):
    sitting = selectors.access_oet_sitting(request.user, applicant, pk)
    return _delete_page(request, applicant, sitting, done="certification:oet")


# Pathway applications


def _cs_warning(request, applicant) -> dict:
    """Who failed Step 2 CS and the one pathway then open to them, for the pages' warning."""
    failed_on = selectors.step2cs_failed_on(request.user, applicant)
    only = selectors.cs_failer_pathway(applicant, clock.today()) if failed_on else None
    return {"cs_failed_on": failed_on, "only_pathway": only}


@applicant_page
def pathways(request, applicant):
    apps = selectors.own_pathways(request.user, applicant)
    rows = [(app, GUIDE[app.pathway]) for app in apps]
    return render(request, T + "pathway_list.html", {
        "applicant": applicant, "rows": rows, "general": GENERAL,
        **_cs_warning(request, applicant),
    })


def _pathway_form(request, applicant, pathway=None):
    form = PathwayApplicationForm(request.POST or None, instance=pathway)
    saved = request.method == "POST" and forms.saved(
        form, services.save_pathway, applicant=applicant, pathway=pathway)
    if saved:
        messages.success(request, "Pathway application saved.")
        return redirect("certification:pathways")
    return render(request, T + "pathway_form.html", {
        "form": form, "applicant": applicant, "pathway": pathway, "general": GENERAL,
        "guide": [(label, GUIDE[code]) for code, label in form.fields["pathway"].choices
                  if code in GUIDE],
        **_cs_warning(request, applicant),
    })


@applicant_page
def pathway_add(request, applicant):
    return _pathway_form(request, applicant)


@applicant_page
def pathway_edit(request, applicant, pk):
    return _pathway_form(request, applicant, selectors.access_pathway(request.user, applicant, pk))


@applicant_page
def pathway_delete(request, applicant, pk):
    pathway = selectors.access_pathway(request.user, applicant, pk)
    return _delete_page(request, applicant, pathway, done="certification:pathways")
