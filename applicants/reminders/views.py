"""The applicant's deadline pages: the list (add your own, snooze, mark yours done)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from ..decorators import applicant_page
from ..models import Deadline
from . import services
from .forms import OwnDeadlineForm, SnoozeForm


def access_deadline(request, pk) -> Deadline:
    """One of the signed-in applicant's own deadlines, or 404."""
    return get_object_or_404(Deadline.objects.visible_to(request.user), pk=pk)


@applicant_page
def deadlines(request, applicant):
    form = OwnDeadlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_own(applicant, **form.cleaned_data)
        messages.success(request, "Your deadline is added; you will be reminded before it.")
        return redirect("applicants:deadlines")
    rows = Deadline.objects.visible_to(request.user).open()
    return render(request, "applicants/deadlines.html",
                  {"applicant": applicant, "deadlines": rows, "form": form,
                   "snooze": SnoozeForm()})


@applicant_page
def snooze(request, applicant, pk):
    deadline = access_deadline(request, pk)
    form = SnoozeForm(request.POST)
    if request.method == "POST" and form.is_valid():
        services.snooze(deadline, days=form.cleaned_data["days"])
        messages.success(request, f"The reminder for “{deadline.title}” is put off.")
    return redirect("applicants:deadlines")


@applicant_page
def own_done(request, applicant, pk):
    deadline = access_deadline(request, pk)
    if request.method == "POST" and deadline.own:
        services.set_own_done(deadline)
        messages.success(request, f"“{deadline.title}” is marked done.")
    return redirect("applicants:deadlines")
