"""The only writers of an applicant's Match registrations and residency applications.

Each write locks the applicant's row (two tabs can't both add the same program), checks
the record (`check_*`: a dict of messages per field, raised as one ValidationError), saves it
and refreshes the applicant's Match summary, all in one transaction.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from applicants.models import Applicant
from core import clock, road

from .. import progress
from ..calendar import SeasonDates
from ..models import Registration, ResidencyApplication, VisaNeed

Errors = dict[str, list[str]]
Status = ResidencyApplication.Status


def _lock(applicant: Applicant) -> Applicant:
    return Applicant.objects.select_for_update().get(pk=applicant.pk)


def _assign(record, data: dict) -> None:
    for field, value in data.items():
        setattr(record, field, value)


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


# Registration


def check_registration(reg: Registration, season: SeasonDates, *, today: date,
                       visa_needed: bool) -> Errors:
    """Dates that happened, in the order NRMP allows; a visa route for whoever needs one."""
    errors: Errors = {}
    for field in ("eras_submitted_on", "nrmp_registered_on", "rol_certified_on"):
        day = getattr(reg, field)
        if day and day > today:
            _add(errors, field, f"{day} is in the future: record it once it has happened.")
    rol, year = season.rol_deadline, season.year
    registered, certified = reg.nrmp_registered_on, reg.rol_certified_on
    if registered and registered > rol.on:
        _add(errors, "nrmp_registered_on", f"Registration for the {year} Match closed with the "
             f"rank order list deadline ({rol}). Check the date or the season.")
    if certified and not registered:
        _add(errors, "rol_certified_on", "A rank order list is certified after registering "
             "with NRMP: enter your NRMP registration date too.")
    elif certified and certified < registered:
        _add(errors, "rol_certified_on", f"The rank order list can't be certified before you "
             f"registered with NRMP ({registered}).")
    if certified and certified > rol.on:
        _add(errors, "rol_certified_on", f"Rank order lists for the {year} Match had to be "
             f"certified by {rol}.")
    if visa_needed and reg.visa_need == VisaNeed.NONE:
        _add(errors, "visa_need", "Your profile shows no US citizenship or green card, so "
             "training needs a visa: choose J-1, H-1B or either; if you may work in the US "
             "without a visa, choose that answer (or correct your profile).")
    return errors


def registration_warnings(reg: Registration, season: SeasonDates) -> list[str]:
    """Things that stand but cost something or look odd: said once the form is saved."""
    registered, year = reg.nrmp_registered_on, season.year
    opens, standard = season.nrmp_registration_opens, season.standard_registration_deadline
    warnings = []
    if registered and registered > standard.on:
        warnings.append(f"You registered after the standard deadline ({standard.on}): NRMP "
                        "charges a late registration fee.")
    if registered and registered < opens.on:
        warnings.append(f"{registered} is before registration for the {year} Match opened "
                        f"({opens.on}): check that this registration is for {year}.")
    return warnings


@transaction.atomic
def save_registration(*, applicant: Applicant, season: int, data: dict,
                      today: date | None = None) -> Registration:
    """Create the season's registration on first save, update it afterwards."""
    _lock(applicant)
    reg = Registration.objects.filter(applicant=applicant, season=season).first()
    reg = reg or Registration(applicant=applicant, season=season)
    _assign(reg, data)
    dates = progress.season_for(season).dates
    _raise(check_registration(reg, dates, today=today or clock.recorded_today(),
                              visa_needed=applicant.classification.visa_needed))
    reg.full_clean()
    reg.save()
    road.refresh(applicant.pk, today)
    return reg


# Residency applications

# The straight road of an application; withdrawn, not matched and SOAP can branch off it.
FLOW = (Status.PLANNED, Status.SUBMITTED, Status.INVITED, Status.SCHEDULED, Status.INTERVIEWED,
        Status.RANKED, Status.MATCHED)
# Each date and the first step of the road that has it.
DATE_STEPS = (("submitted_on", Status.SUBMITTED), ("interview_invited_on", Status.INVITED),
              ("interview_on", Status.SCHEDULED))
DATE_LABELS = {"submitted_on": "submission date", "interview_invited_on": "invitation date",
               "interview_on": "interview date", "result_on": "result date"}
RESULT_STATUSES = (Status.MATCHED, Status.NOT_MATCHED, Status.WITHDRAWN, Status.SOAP)
RANKED_STATUSES = (Status.RANKED, Status.MATCHED)


def check_application(app: ResidencyApplication, *, today: date,
                      others: list[ResidencyApplication],
                      season: SeasonDates | None = None) -> Errors:
    """Dates in order and fitting the status and the season's calendar; one application per
    program and season."""
    errors: Errors = {}
    _check_dates(errors, app, today)
    _check_status(errors, app, today)
    if season is not None:
        _check_result_date(errors, app, season)
    if app.program_id and any(o.program_id == app.program_id for o in others):
        _add(errors, "program", f"You already have an application to {app.program.name} for "
             f"the {app.season} Match: edit that one instead.")
    matched = next((o for o in others if o.status == Status.MATCHED), None)
    if app.status == Status.MATCHED and matched:
        _add(errors, "status", f"You are already recorded as matched to {matched.program.name} "
             f"for the {app.season} Match.")
    return errors


def _check_dates(errors: Errors, app: ResidencyApplication, today: date) -> None:
    order = ("submitted_on", "interview_invited_on", "interview_on", "result_on")
    for field in ("submitted_on", "interview_invited_on", "result_on"):
        day = getattr(app, field)
        if day and day > today:
            _add(errors, field, f"{day} is in the future: record it once it has happened.")
    for i, field in enumerate(order[1:], 1):
        day = getattr(app, field)
        earlier = [(f, getattr(app, f)) for f in order[:i] if getattr(app, f)]
        late = [(f, d) for f, d in earlier if day and d > day]
        if late:
            before, on = late[-1]
            _add(errors, field, f"The {DATE_LABELS[field]} is before the "
                 f"{DATE_LABELS[before]} ({on}).")


def _check_status(errors: Errors, app: ResidencyApplication, today: date) -> None:
    status, label = app.status, Status(app.status).label
    if status in FLOW:
        step = FLOW.index(status)
        for field, first in DATE_STEPS:
            has, needs = getattr(app, field), step >= FLOW.index(first)
            if needs and not has:
                _add(errors, field, f"An application marked “{label}” needs its "
                     f"{DATE_LABELS[field]}.")
            elif has and not needs:
                _add(errors, field, f"A {DATE_LABELS[field]} means the application is at least "
                     f"“{Status(first).label}”: change the status or clear the date.")
    if status in (Status.INTERVIEWED, Status.RANKED, Status.MATCHED) and (
            app.interview_on and app.interview_on > today):
        _add(errors, "interview_on", f"The interview on {app.interview_on} has not happened "
             "yet: keep the status at “Interview scheduled” until then.")
    if app.rank_position is not None and status not in RANKED_STATUSES:
        _add(errors, "rank_position", "A rank position belongs to a program you ranked: set "
             "the status to “Ranked” or “Matched”, or clear it.")
    if app.result_on and status not in RESULT_STATUSES:
        _add(errors, "result_on", "A result date belongs to a matched, not matched, withdrawn "
             "or SOAP application.")
    if status in (Status.MATCHED, Status.NOT_MATCHED) and not app.result_on:
        _add(errors, "result_on", f"An application marked “{label}” needs its result date "
             "(Match Day).")


def _check_result_date(errors: Errors, app: ResidencyApplication, season: SeasonDates) -> None:
    """A Match result fits the season's calendar: NRMP tells applicants whether they matched
    on the Monday of Match Week, and where on Match Day."""
    match_day = season.match_day.on
    week_starts = match_day - timedelta(days=4)
    if app.status == Status.MATCHED and app.result_on and app.result_on < match_day:
        _add(errors, "result_on", f"The {app.season} Match results come out on Match Day "
             f"({match_day}): a match can't be recorded before it.")
    if app.status in (Status.NOT_MATCHED, Status.SOAP) and app.result_on and (
            app.result_on < week_starts):
        _add(errors, "result_on", f"The {app.season} Match Week starts on {week_starts}: "
             "a Match result can't be recorded before it.")


@transaction.atomic
def save_application(*, applicant: Applicant, data: dict,
                     application: ResidencyApplication | None = None,
                     today: date | None = None) -> ResidencyApplication:
    _lock(applicant)
    app = application or ResidencyApplication(applicant=applicant)
    _assign(app, data)
    others = list(ResidencyApplication.objects.filter(applicant=applicant, season=app.season)
                  .exclude(pk=app.pk).select_related("program"))
    season = progress.season_for(app.season).dates if app.season else None
    _raise(check_application(app, today=today or clock.recorded_today(), others=others,
                             season=season))
    app.full_clean(validate_constraints=False)  # the program rule is checked above, in words
    app.save()
    road.refresh(applicant.pk, today)
    return app


@transaction.atomic
def delete_application(*, application: ResidencyApplication) -> None:
    _lock(application.applicant)
    application.delete()
    road.refresh(application.applicant_id)
