"""The one writer of the states an applicant follows on the licensure limits page."""

from django.db import transaction

from applicants.models import Applicant

from ..models import LicensureStateChoice


@transaction.atomic
def save_followed_states(*, applicant: Applicant, data: dict) -> Applicant:
    """Follow exactly the chosen states (a saved choice: the page shows their Step 3 date).
    No road word depends on it, so the road is not refreshed."""
    chosen = set(data["states"])
    LicensureStateChoice.objects.filter(applicant=applicant).exclude(state__in=chosen).delete()
    kept = set(LicensureStateChoice.objects.filter(applicant=applicant)
               .values_list("state", flat=True))
    LicensureStateChoice.objects.bulk_create(
        LicensureStateChoice(applicant=applicant, state=s) for s in sorted(chosen - kept))
    return applicant
