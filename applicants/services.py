from django.db import transaction

from .models import Applicant
from .signals import profile_saved


@transaction.atomic
def save_profile(*, user, data: dict, applicant: Applicant | None = None) -> Applicant:
    """Create or update an applicant's profile from cleaned form data."""
    applicant = applicant or Applicant(user=user)
    for field, value in data.items():
        setattr(applicant, field, value)
    applicant.full_clean()
    applicant.save()
    # Apps that keep progress on the profile (certification) re-evaluate in this transaction.
    profile_saved.send(sender=Applicant, applicant=applicant)
    return applicant
