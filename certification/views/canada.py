"""The applicant's Medical Council of Canada exam sittings (the Canadian route): a list with
where they stand on each exam, and the add, edit and delete pages."""

from django.shortcuts import render

from applicants.decorators import applicant_page

from ..forms.records import MccAttemptForm
from ..selectors import records as selectors
from ..services import records as services
from .records import T, _delete_page, _form_page

DONE = "certification:mcc-exams"


@applicant_page
def mcc_exams(request, applicant):
    attempts = selectors.own_mcc_attempts(request.user, applicant)
    return render(request, T + "mcc_list.html", {
        "applicant": applicant, "attempts": attempts,
        "standings": selectors.mcc_standings(attempts),
    })


def _mcc_form(request, applicant, attempt=None):
    form = MccAttemptForm(request.POST or None, instance=attempt)
    return _form_page(request, form, services.save_mcc_attempt, template="mcc_form.html",
                      done=DONE, message=lambda saved: f"{saved} saved.",
                      applicant=applicant, attempt=attempt)


@applicant_page
def mcc_exam_add(request, applicant):
    return _mcc_form(request, applicant)


@applicant_page
def mcc_exam_edit(request, applicant, pk):
    return _mcc_form(request, applicant,
                     selectors.access_mcc_attempt(request.user, applicant, pk))


@applicant_page
def mcc_exam_delete(request, applicant, pk):
    attempt = selectors.access_mcc_attempt(request.user, applicant, pk)
    return _delete_page(request, applicant, attempt, done=DONE)
