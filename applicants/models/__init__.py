from .notifications import Notification
from .people import Applicant, ApplicantQuerySet, User, UserManager

__all__ = ["Applicant", "ApplicantQuerySet", "Notification", "User", "UserManager"]
