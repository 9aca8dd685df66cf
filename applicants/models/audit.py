"""The audit log: who looked at or changed what of an applicant's file, when, from where.

Append-only at the database (PostgreSQL: a trigger refuses UPDATE and DELETE, migration
applicants 0015), except through the one SQL function audit_pseudonymise(applicant id) that
account erasure calls (applicants.audit.pseudonymise). No foreign key points from here to
anything: the rows outlive the people and records they name, and no cascade can reach them.
"""

from django.db import models

# The actions, in the words of the applicant's "who looked at my records" page.
ACTIONS = {
    "file.view": "opened your file",
    "document.view": "looked at a document",
    "document.download": "downloaded a document",
    "document.review": "reviewed a document",
    "note.add": "wrote a note",
    "caseload.export": "exported a caseload list",
    "consent.grant": "sharing started",
    "consent.revoke": "sharing stopped",
    "assignment.change": "changed your advisor",
    "admin.view": "opened your profile in the admin",
    # Security events (applicants.security.log_security_event), for staff in the admin.
    "security.login": "signed in",
    "security.login_failed": "a sign-in failed",
    "security.lockout": "sign-in refused after repeated failures",
    "security.mfa_changed": "changed two-step sign-in",
    "security.password_changed": "changed the password",
    "security.email_changed": "changed an email address",
    "security.session_timeout": "was signed out after inactivity",
    "security.staff_view": "opened a staff page",
}
SECURITY = "security."


class AuditEventQuerySet(models.QuerySet):
    def about(self, applicant) -> "AuditEventQuerySet":
        return self.filter(subject_applicant_id=applicant.pk)

    def by_others(self, applicant) -> "AuditEventQuerySet":
        """What other people did with the applicant's records (their own actions and the
        security events about their account left out)."""
        return self.about(applicant).exclude(actor_id=applicant.user_id).exclude(
            action__startswith=SECURITY)


class AuditEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=40)
    actor_id = models.BigIntegerField(null=True)
    actor_email = models.CharField(max_length=254, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    organisation_id = models.BigIntegerField(null=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    subject_applicant_id = models.BigIntegerField(null=True)
    # Set by pseudonymisation: the rows of one erased applicant stay linked to each other.
    subject_pseudonym = models.CharField(max_length=40, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_applicant_id", "at"], name="audit_subject"),
                   models.Index(fields=["actor_id", "at"], name="audit_actor")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action}"

    @property
    def what(self) -> str:
        return ACTIONS.get(self.action, self.action).capitalize()
