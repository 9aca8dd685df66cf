from .deadlines import Deadline, Delivery, ReminderPreferences
from .help import HelpPage
from .notifications import Notification
from .people import Applicant, ApplicantQuerySet, User, UserManager

__all__ = ["Applicant", "ApplicantQuerySet", "Deadline", "Delivery", "HelpPage", "Notification",
           "ReminderPreferences", "User", "UserManager"]
