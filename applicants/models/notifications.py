from django.db import models
from django.utils import timezone

from .people import Applicant


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NotificationQuerySet":
        """An applicant's own notifications; nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(applicant__user=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A line in the applicant's bell: something happened or falls due (applicants.notify)."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["applicant", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text
