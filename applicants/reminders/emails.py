"""The reminder email: HTML and text, the official date beside the applicant's local time,
what to do, the link, and a one-click unsubscribe (RFC 8058)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .display import days_left, when

UNSUBSCRIBE_SALT = "applicants.reminders.unsubscribe"


def unsubscribe_token(applicant_id: int) -> str:
    return signing.dumps({"a": applicant_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def applicant_of(token: str) -> int | None:
    """The applicant a token was made for, or None for a forged or damaged one."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT)["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(applicant_id: int) -> str:
    return settings.SITE_URL + reverse("applicants:unsubscribe",
                                       args=[unsubscribe_token(applicant_id)])


def reminder(deadline, delivery, connection=None) -> None:
    applicant = deadline.applicant
    unsubscribe = unsubscribe_url(applicant.pk)
    days = delivery.offset_days
    context = {
        "deadline": deadline, "applicant": applicant, "when": when(deadline, applicant.time_zone),
        "days": days, "in_days": days_left(deadline, applicant.time_zone, timezone.now()),
        "link": settings.SITE_URL + (deadline.url or reverse("applicants:deadlines")),
        "unsubscribe_url": unsubscribe,
        "settings_url": settings.SITE_URL + reverse("applicants:reminder-settings"),
    }
    subject = render_to_string("emails/reminder_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject, render_to_string("emails/reminder.txt", context),
        settings.DEFAULT_FROM_EMAIL, [applicant.user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        connection=connection)
    message.attach_alternative(render_to_string("emails/reminder.html", context), "text/html")
    message.send()


def digest(applicant, deliveries) -> None:
    """The weekly digest: every reminder that fell due since the last one, in one email."""
    now = timezone.now()
    unsubscribe = unsubscribe_url(applicant.pk)
    items = [{"deadline": d.deadline, "when": when(d.deadline, applicant.time_zone),
              "in_days": days_left(d.deadline, applicant.time_zone, now),
              "link": settings.SITE_URL + (d.deadline.url or reverse("applicants:deadlines"))}
             for d in deliveries]
    context = {"applicant": applicant, "items": items, "unsubscribe_url": unsubscribe,
               "settings_url": settings.SITE_URL + reverse("applicants:reminder-settings")}
    subject = render_to_string("emails/reminder_digest_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject, render_to_string("emails/reminder_digest.txt", context),
        settings.DEFAULT_FROM_EMAIL, [applicant.user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    message.attach_alternative(render_to_string("emails/reminder_digest.html", context),
                               "text/html")
    message.send()
