from .deadlines import Deadline, Delivery, ReminderPreferences
from .notifications import Notification
from .people import Applicant, ApplicantQuerySet, User, UserManager

__all__ = ["Applicant", "ApplicantQuerySet", "Deadline", "Delivery", "Notification",
           "ReminderPreferences", "User", "UserManager"]
