"""The whole road, for the apps below the road layer.

Every write to an applicant's records calls `refresh(applicant_id)` inside its transaction:
the one refresh of the whole road (certificate, Match, stored summary). Pages that show a
road word read `summary(applicant, today)`. Both live in the `road` app, which reads every
app; the apps below it reach them here, by the dotted path in settings.ROAD (no import of a
higher app, no signal): `road.refresh.refresh_road`, `road.summary.road_summary` and the
loaders of the road's records, `road.records.road_applicant` and `own_road_applicant`.
"""

from datetime import date
from functools import cache
from importlib import import_module

from django.conf import settings


@cache
def _road(name: str):
    module, _, function = settings.ROAD[name].rpartition(".")
    return getattr(import_module(module), function)


def applicant(queryset):
    """The one applicant of `queryset` (the caller's permission-filtered queryset) with the
    road's records on `.records`, or None: one query on PostgreSQL."""
    return _road("load")(queryset)


def own_applicant(user):
    """The signed-in applicant with the road's records on `.records` (404 for anyone who is
    not an applicant), or None before onboarding: one prepared query on PostgreSQL."""
    return _road("load_own")(user)


def refresh(applicant_id: int, today: date | None = None):
    """Re-evaluate the applicant's whole road and store its summary; returns the summary.
    Call inside the transaction that wrote the record."""
    return _road("refresh")(applicant_id, today)


def summary(applicant, today: date | None = None, *, season: int | None = None):
    """The road's words for an applicant loaded with the road's records (see
    road.summary.road_summary)."""
    return _road("summary")(applicant, today, season=season)


def refresh_all(season: int | None = None, *, reevaluation: int | None = None) -> None:
    """Once the current transaction commits, re-evaluate every applicant (or those aiming at
    `season`) in background batches; with `reevaluation` (a certification.Reevaluation id),
    counting done / total on it and telling each applicant whose checklist changed."""
    _road("refresh_all")(season, reevaluation=reevaluation)
