"""Deadlines (written by the road refresh from the deadline sources, or added by the
applicant), their reminders' deliveries, and the applicant's reminder preferences."""

import secrets

from django.db import models
from django.db.models import Q

from .people import Applicant

DEFAULT_OFFSETS = [30, 7, 1]
DEFAULT_HOUR = 9


def _token() -> str:
    return secrets.token_urlsafe(24)


class DeadlineQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DeadlineQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(applicant__user=user)

    def open(self) -> "DeadlineQuerySet":
        return self.filter(done_at__isnull=True)


class Deadline(models.Model):
    """One date that matters to one applicant: one row per (applicant, source key)."""

    class Kind(models.TextChoices):
        EXAM = "exam", "Exam"
        RESULT = "result", "Result"
        SEASON = "season", "Match season"
        PATHWAY = "pathway", "Pathway"
        CERTIFICATE = "certificate", "Certificate"
        INTERVIEW = "interview", "Interview"
        APPLICATION = "application", "Program applications"
        DOCUMENT = "document", "Document"
        OWN = "own", "Your own"

    # No index of its own: deadline_applicant_due and deadline_one_per_source start with it,
    # and every index costs the sweep's UPDATE of each claimed row (README, Reminders).
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="deadlines",
                                  db_index=False)
    source_key = models.CharField(max_length=120)  # "exam:42:eligibility_end", "own:<token>"
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    due_at = models.DateTimeField(help_text="The moment, in UTC.")
    zone = models.CharField(max_length=64, default="America/New_York",
                            help_text="The time zone the date was published in.")
    all_day = models.BooleanField(default=True, help_text="A date with no stated time.")
    url = models.CharField(max_length=300, blank=True)
    what_to_do = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    confirmed = models.BooleanField(default=True, help_text="False: estimated.")
    done_at = models.DateTimeField(null=True, blank=True)
    # The next reminder (the sweep's one indexed query reads these); snoozing moves it.
    next_remind_at = models.DateTimeField(null=True, blank=True)
    next_offset = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["applicant", "source_key"],
                                               name="deadline_one_per_source")]
        indexes = [models.Index(fields=["next_remind_at"], name="deadline_reminder_due",
                                condition=Q(done_at__isnull=True, next_remind_at__isnull=False)),
                   models.Index(fields=["applicant", "due_at"], name="deadline_applicant_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def own(self) -> bool:
        return self.kind == self.Kind.OWN


class Delivery(models.Model):
    """One reminder of one deadline for one due moment and offset: claimed (sending) before
    the mail goes out, sent after the mail backend returns. The unique constraint makes a
    second claim of the same reminder impossible."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the weekly digest"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    # No index of its own: delivery_once starts with it (one index less per claim inserted).
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="deliveries",
                                 db_index=False)
    due_at = models.DateTimeField()
    offset_days = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENDING)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Claimed for the applicant's weekly digest: queued until their digest moment, then
    # claimed (sending) and sent with the others of the week in one email.
    digest = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deadline", "due_at", "offset_days"],
                                               name="delivery_once")]
        indexes = [models.Index(fields=["claimed_at"], name="delivery_stale",
                                condition=Q(state="sending")),
                   models.Index(fields=["deadline"], name="delivery_queued",
                                condition=Q(state="queued"))]

    def __str__(self) -> str:
        return f"{self.deadline_id} -{self.offset_days}d {self.state}"


class ReminderPreferences(models.Model):
    """How an applicant wants to be reminded; defaults apply until they save the page."""

    applicant = models.OneToOneField(Applicant, on_delete=models.CASCADE,
                                     related_name="reminder_preferences")
    offsets = models.JSONField(default=list, help_text="Days before each deadline.")
    email = models.BooleanField(default=True, help_text="False: unsubscribed from emails.")
    muted_kinds = models.JSONField(default=list, blank=True,
                                   help_text="Deadline kinds with no email.")
    weekly_digest = models.BooleanField(default=False)
    # The next weekly digest (schedule.next_digest: Monday at the delivery hour, their zone);
    # the sweep sends the digests whose moment has come.
    next_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    hour = models.PositiveSmallIntegerField(default=DEFAULT_HOUR,
                                            help_text="Local delivery hour, 0-23.")
    calendar_token = models.CharField(max_length=64, unique=True, default=_token)

    class Meta:
        indexes = [models.Index(fields=["next_digest_at"], name="reminder_digest_due",
                                condition=Q(next_digest_at__isnull=False))]

    def __str__(self) -> str:
        return f"Reminder preferences of {self.applicant_id}"

    def save(self, *args, **kwargs):
        if not self.offsets:
            self.offsets = list(DEFAULT_OFFSETS)
        super().save(*args, **kwargs)

    def emails_kind(self, kind: str) -> bool:
        return self.email and kind not in self.muted_kinds
