"""What an applicant may see of their Match registration and residency applications.

Records are fetched through `.visible_to(user)` AND the signed-in applicant's own profile:
a pk from the URL that is not theirs is a 404.
"""

from collections import Counter

from django.shortcuts import get_object_or_404

from applicants.models import Applicant

from ..models import MatchSeason, Program, Registration, ResidencyApplication


def season_years(applicant: Applicant) -> list[int]:
    """The seasons an applicant can pick: every calendar an admin keeps, and their target."""
    years = set(MatchSeason.objects.values_list("year", flat=True))
    return sorted(years | {applicant.target_match_year})


def chosen_season(value: str | None, years: list[int], applicant: Applicant) -> int:
    """?season= when it names one of `years`, else the applicant's target season."""
    return int(value) if value and value.isdigit() and int(value) in years else (
        applicant.target_match_year)


def _own(model, user, applicant: Applicant):
    return model.objects.visible_to(user).filter(applicant=applicant)


def registration(user, applicant: Applicant, season: int) -> Registration:
    """The season's registration; an unsaved blank one until the applicant first saves it."""
    found = _own(Registration, user, applicant).filter(season=season).first()
    return found or Registration(applicant=applicant, season=season)


def own_applications(user, applicant: Applicant, season: int) -> list[ResidencyApplication]:
    return list(_own(ResidencyApplication, user, applicant).filter(season=season)
                .select_related("program").order_by("program__name", "pk"))


def status_counts(applications: list[ResidencyApplication]) -> list[tuple[str, int]]:
    """(status label, count) in the order of the status flow."""
    counts = Counter(a.status for a in applications)
    return [(label, counts[value]) for value, label in ResidencyApplication.Status.choices
            if counts[value]]


def access_application(user, applicant: Applicant, pk: int) -> ResidencyApplication:
    return get_object_or_404(_own(ResidencyApplication, user, applicant)
                             .select_related("program"), pk=pk)


PROGRAM_OPTIONS = 100  # the program select lists at most this many matches of the search


def program_options(search: str, selected: int | str | None = None):
    """Programs matching `search` (at most PROGRAM_OPTIONS), plus the one already chosen:
    a queryset the form's select offers and validates against, and how many match in all,
    so the page says when the list is cut short (3 queries)."""
    matching = Program.objects.search(search.strip())
    found = list(matching.order_by("name", "pk").values_list("pk", flat=True)[:PROGRAM_OPTIONS])
    total = len(found) if len(found) < PROGRAM_OPTIONS else matching.count()
    if selected and str(selected).isdecimal():
        found.append(int(selected))
    return Program.objects.filter(pk__in=found).order_by("name", "pk"), total
