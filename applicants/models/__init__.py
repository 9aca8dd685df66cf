from .advising import (
    SHARED,
    Consent,
    Invitation,
    Membership,
    Note,
    Organisation,
    SavedFilter,
)
from .audit import AuditEvent
from .deadlines import Deadline, Delivery, ReminderPreferences
from .help import HelpPage
from .notifications import Notification
from .people import Applicant, ApplicantQuerySet, User, UserManager

__all__ = ["SHARED", "Applicant", "ApplicantQuerySet", "AuditEvent", "Consent", "Deadline",
           "Delivery", "HelpPage", "Invitation", "Membership", "Note", "Notification",
           "Organisation", "ReminderPreferences", "SavedFilter", "User", "UserManager"]
