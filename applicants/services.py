from django.db import transaction

from core import road

from .models import Applicant


@transaction.atomic
def save_profile(*, user, data: dict, applicant: Applicant | None = None) -> Applicant:
    """Create or update an applicant's profile from cleaned form data."""
    applicant = applicant or Applicant(user=user)
    for field, value in data.items():
        setattr(applicant, field, value)
    applicant.full_clean()
    applicant.save()
    road.refresh(applicant.pk)  # the profile feeds the whole road: in this transaction
    return applicant
