from django.db import transaction

from core import road

from .models import Applicant
from .reminders.services import replan_all


@transaction.atomic
def save_profile(*, user, data: dict, applicant: Applicant | None = None) -> Applicant:
    """Create or update an applicant's profile from cleaned form data."""
    applicant = applicant or Applicant(user=user)
    zone_before = applicant.time_zone if applicant.pk else None
    for field, value in data.items():
        setattr(applicant, field, value)
    applicant.full_clean()
    applicant.save()
    road.refresh(applicant.pk)  # the profile feeds the whole road: in this transaction
    if zone_before is not None and applicant.time_zone != zone_before:
        # Reminders go out at the chosen hour of the applicant's own zone: plan them again.
        replan_all(applicant)
    return applicant
