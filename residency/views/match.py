"""The applicant's Match: eligibility for a season, the NRMP/ERAS registration, residency
applications and the what-if planner.

Each view: find the applicant (404 for anyone who is not one), fetch records through a
selector (404 if not theirs), hand the form's data to a service, redirect.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from applicants.decorators import applicant_page
from core import clock, forms, road, status

from .. import progress
from ..calendar import EASTERN, SeasonDate
from ..forms.match import ApplicationForm, RegistrationForm, WhatIfForm
from ..models import VisaNeed
from ..rules import Check
from ..selectors import match as selectors
from ..services import match as services

T = "residency/match/"

PROVENANCE = {"verified": "Verified (official)", "third_party": "Third-party source"}


def _season_url(name: str, season: int) -> str:
    return f"{reverse(name)}?season={season}"


def _season(request, applicant) -> tuple[int, list[int]]:
    years = selectors.season_years(applicant)
    return selectors.chosen_season(request.GET.get("season"), years, applicant), years


# Eligibility


@dataclass(frozen=True)
class Due:
    text: str  # "2027-03-03, 9 pm ET"
    local: str = ""  # the same moment in the applicant's time zone, when there is a time


@dataclass(frozen=True)
class CheckRow:
    check: Check
    label: str
    css: str
    due: Due | None


def _local(moment: datetime | None, zone: str) -> str:
    """'4 Mar 2027, 07:30 (Asia/Kolkata)', or "" without a time or outside US Eastern."""
    if moment is None or zone == EASTERN:
        return ""
    try:
        tz = ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        return ""
    return f"{moment.astimezone(tz):%-d %b %Y, %H:%M} ({zone})"


def _due(on: date | None, events: tuple[SeasonDate, ...], zone: str) -> Due | None:
    """A check's due date with the clock time of the season event it is measured against."""
    if on is None:
        return None
    event = next((e for e in events if e.on == on and e.time_of_day), None)
    if event and event.tz == EASTERN:
        return Due(str(event), _local(event.at, zone))
    return Due(f"{on} ET")


def _row(check: Check, events: tuple[SeasonDate, ...], zone: str) -> CheckRow:
    shown = status.display(check.status)
    return CheckRow(check, shown.word, shown.css, _due(check.due, events, zone))


def _calendar(season: progress.Season) -> list[dict]:
    rows = []
    for event in season.dates.events():
        derived = event.provenance not in PROVENANCE
        source = PROVENANCE.get(event.provenance) or (
            "Derived from the usual pattern; check official sources" if season.confirmed
            else "Derived — not yet confirmed")
        rows.append({"event": event, "source": source, "flagged": derived})
    return rows


@applicant_page
def match(request, applicant):
    year, years = _season(request, applicant)
    loaded = road.own_applicant(request.user)
    summary = road.summary(loaded, season=year)
    result = summary.match
    applications = selectors.own_applications(request.user, applicant, year)
    events, zone = result.season.dates.events(), applicant.time_zone
    eligibility = result.eligibility
    return render(request, T + "match.html", {
        "applicant": applicant, "years": years, "year": year, "result": result,
        "season": result.season, "verdict": status.word(eligibility.status),
        "rows": [_row(check, events, zone) for check in eligibility.checks],
        "soap": _row(eligibility.soap, events, zone),
        "visa": _row(eligibility.check("VISA"), events, zone),
        "calendar": _calendar(result.season), "registration": result.registration,
        "status_counts": selectors.status_counts(applications),
        "classification": applicant.classification,
        "rank_line": summary.rank_line, "train_line": summary.train_line,
    })


# Registration


@applicant_page
def registration(request, applicant):
    year, years = _season(request, applicant)
    reg = selectors.registration(request.user, applicant, year)
    season = progress.season_for(year)
    initial = {}
    if reg.pk is None and applicant.classification.visa_needed:
        initial["visa_need"] = VisaNeed.EITHER
    form = RegistrationForm(request.POST or None, instance=reg, initial=initial)
    saved = request.method == "POST" and forms.saved(
        form, services.save_registration, applicant=applicant, season=year)
    if saved:
        messages.success(request, f"Your registration for the {year} Match is saved.")
        for warning in services.registration_warnings(saved, season.dates):
            messages.warning(request, warning)
        return redirect(_season_url("residency:match", year))
    return render(request, T + "registration.html", {
        "applicant": applicant, "form": form, "registration": reg, "year": year,
        "years": years, "season": season,
    })


# Applications


@applicant_page
def applications(request, applicant):
    year, years = _season(request, applicant)
    apps = selectors.own_applications(request.user, applicant, year)
    return render(request, T + "applications.html", {
        "applicant": applicant, "applications": apps, "year": year, "years": years,
        "status_counts": selectors.status_counts(apps),
    })


def _application_form(request, applicant, application=None):
    year, years = _season(request, applicant)
    if application:
        year = application.season
        years = sorted(set(years) | {year})
    # "Find programs" posts the whole form: the search runs, what was typed stays, nothing
    # is saved and nothing is checked yet. It is the form's first button, so Enter in any
    # box presses it: with the search already run and a program chosen, that means save.
    finding = request.method == "POST" and "find" in request.POST and (
        request.POST.get("q", "") != request.POST.get("searched", "")
        or not request.POST.get("program"))
    search = (request.POST if finding else request.GET).get("q", "")
    asked = request.GET.get("program", "")  # "Add application" from a program's page
    asked = int(asked) if asked.isdigit() and len(asked) <= 9 else None
    selected = (request.POST.get("program") or (application.program_id if application else None)
                or asked)
    options = selectors.program_options(request.user, applicant, search, selected)
    data = request.POST if request.method == "POST" and not finding else None
    initial = request.POST.dict() if finding else {"season": year, "program": asked}
    form = ApplicationForm(data, instance=application, initial=initial,
                           programs=options.programs, seasons=years)
    saved = data is not None and forms.saved(
        form, services.save_application, applicant=applicant, application=application)
    if saved:
        messages.success(request, f"{saved.program.name} ({saved.season} Match) saved: "
                                  f"{saved.get_status_display()}.")
        return redirect(_season_url("residency:applications", saved.season))
    return render(request, T + "application_form.html", {
        "applicant": applicant, "form": form, "application": application, "year": year,
        "options": options, "shown_max": selectors.PROGRAM_OPTIONS,
    })


@applicant_page
def application_add(request, applicant):
    return _application_form(request, applicant)


@applicant_page
def application_edit(request, applicant, pk):
    return _application_form(request, applicant,
                             selectors.access_application(request.user, applicant, pk))


@applicant_page
def application_delete(request, applicant, pk):
    application = selectors.access_application(request.user, applicant, pk)
    done = _season_url("residency:applications", application.season)
    if request.method == "POST":
        services.delete_application(application=application)
        messages.success(request, f"Your application to {application.program.name} is deleted.")
        return redirect(done)
    return render(request, T + "application_delete.html",
                  {"applicant": applicant, "application": application, "cancel": done})


# What-if planner


def _what_if_form(request, applicant, day: date):
    """The planner's form and the booked test it starts from (when the URL gives no plan)."""
    years = selectors.season_years(applicant)
    if "planned_on" in request.GET:
        return WhatIfForm(request.GET, seasons=years, today=day), None
    booked = progress.planned_attempt(applicant, day)
    initial = {"season": applicant.target_match_year, "exam": "STEP2CK",
               "planned_on": progress.default_planned_date(day)}
    if booked:
        initial.update(exam=booked.exam, planned_on=booked.scheduled_date)
    # Bound to its own initial data, so the first view already shows an answer.
    data = {k: str(v) for k, v in initial.items()}
    return WhatIfForm(data, seasons=years, today=day), booked


@applicant_page
@require_GET
def what_if(request, applicant):
    """Nothing is saved: the same GET answers the form, a link and htmx."""
    day = clock.today()
    form, booked = _what_if_form(request, applicant, day)
    answer = None
    if form.is_valid():
        season = progress.season_for(form.cleaned_data["season"])
        answer = progress.what_if_answer(form.cleaned_data["exam"],
                                         form.cleaned_data["planned_on"], season, day)
    template = "_what_if_result.html" if request.htmx else "what_if.html"
    return render(request, T + template, {
        "applicant": applicant, "form": form, "answer": answer, "today": day, "booked": booked,
    })
