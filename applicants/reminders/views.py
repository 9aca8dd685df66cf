"""The applicant's deadline pages: the list (add your own, snooze, mark yours done)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from ..decorators import applicant_page
from ..models import Applicant, Deadline, ReminderPreferences
from . import emails, ical, services
from .forms import OwnDeadlineForm, PreferencesForm, SnoozeForm


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


@applicant_page
def reminder_settings(request, applicant):
    prefs = services.preferences(applicant.pk)
    initial = {"offsets": ", ".join(str(d) for d in prefs.offsets), "email": prefs.email,
               "email_kinds": [k for k, _ in Deadline.Kind.choices
                               if k not in prefs.muted_kinds],
               "weekly_digest": prefs.weekly_digest, "hour": prefs.hour}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(applicant, **form.cleaned_data)
        messages.success(request, "Your reminder settings are saved.")
        return redirect("applicants:reminder-settings")
    feed = request.build_absolute_uri(reverse("applicants:calendar-feed",
                                              args=[prefs.calendar_token])) \
        if prefs.pk else ""
    return render(request, "applicants/reminder_settings.html",
                  {"applicant": applicant, "form": form, "feed_url": feed})


@csrf_exempt  # config/access_policy.CSRF_EXEMPT: the signed token is its protection
def unsubscribe(request, token):
    """One click from an email, signed in or not (RFC 8058): a POST (the mail client's
    List-Unsubscribe-Post, or the button here) stops reminder emails; a GET only asks, so a
    link scanner opening it changes nothing."""
    applicant_id = emails.applicant_of(token)
    if applicant_id is None or not Applicant.objects.filter(pk=applicant_id).exists():
        raise Http404
    if request.method == "POST":
        services.unsubscribe(applicant_id)
        return render(request, "applicants/unsubscribed.html", {"done": True})
    return render(request, "applicants/unsubscribed.html", {"done": False})


def calendar_feed(request, token):
    """The secret calendar address: no sign-in (calendar apps cannot), 404 for any token
    that is not an applicant's current one."""
    prefs = get_object_or_404(ReminderPreferences.objects.select_related("applicant"),
                              calendar_token=token)
    rows = Deadline.objects.filter(applicant_id=prefs.applicant_id).open()
    response = HttpResponse(ical.feed(prefs.applicant, rows, prefs),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="imgpath-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@applicant_page
def calendar_regenerate(request, applicant):
    if request.method == "POST":
        services.new_calendar_token(applicant)
        messages.success(request, "Your new calendar address is below; the old one no "
                                  "longer works.")
    return redirect("applicants:reminder-settings")
