"""The audit log's one writer: `record(request, action, actor=..., ...)` from every app
(the applicant's file for an advisor, documents, exports, reviews, notes, assignments,
consents; later account erasure and the privacy export), and `pseudonymise(applicant)`,
the only change the database allows to written rows."""

import uuid

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from .models import Applicant, AuditEvent, Organisation
from .models.audit import ACTIONS


def request_id(request) -> str:
    """The proxy's X-Request-ID if it sent one, else one made for this request (every row
    of one request carries the same)."""
    if request is None:
        return ""
    if not hasattr(request, "_audit_request_id"):
        given = request.headers.get("X-Request-ID", "")[:64]
        request._audit_request_id = given or uuid.uuid4().hex
    return request._audit_request_id


def _ip(request) -> str | None:
    """The client's address as allauth reads it (behind ALLAUTH_TRUSTED_PROXY_COUNT
    proxies, not the proxy's own)."""
    from allauth.core.internal.httpkit import get_client_ip

    if request is None:
        return None
    try:
        return get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied, ValueError):  # a forged or short header
        return request.META.get("REMOTE_ADDR") or None


def record(request, action: str, *, actor, subject_applicant: Applicant | int | None = None,
           obj=None, organisation: Organisation | None = None, **details) -> AuditEvent:
    """Write one audit row. `actor`: the user who acted (None: the system); `obj`: the
    record acted on (its type, id and label are copied, never referenced)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to applicants.audit.ACTIONS.")
    subject = subject_applicant.pk if isinstance(subject_applicant, Applicant) \
        else subject_applicant
    signed_in = actor is not None and actor.is_authenticated
    return AuditEvent.objects.create(
        at=timezone.now(), action=action,
        actor_id=actor.pk if signed_in else None,
        actor_email=actor.email if signed_in else "",
        actor_role=actor.role_label if signed_in else "",
        organisation_id=organisation.pk if organisation else None,
        organisation_name=organisation.name if organisation else "",
        subject_applicant_id=subject,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:200] if obj is not None else "",
        request_id=request_id(request), ip=_ip(request), details=details)


@transaction.atomic
def pseudonymise(applicant: Applicant | int) -> int:
    """Replace every trace of one applicant in the audit log by one pseudonym (account
    erasure calls this before deleting the account); returns the number of rows changed.
    On PostgreSQL it runs the one SQL function the append-only trigger lets through."""
    applicant_id = applicant if isinstance(applicant, int) else applicant.pk
    user_id = Applicant.objects.filter(pk=applicant_id).values_list("user_id", flat=True).first()
    pseudonym = f"erased-{uuid.uuid4().hex[:12]}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT audit_pseudonymise(%s, %s, %s)",
                           [applicant_id, user_id, pseudonym])
            return cursor.fetchone()[0]
    # SQLite (make run) has no trigger: the same change, with the ORM.
    rows = AuditEvent.objects.filter(subject_applicant_id=applicant_id)
    if user_id is not None:
        AuditEvent.objects.filter(actor_id=user_id).update(
            actor_id=None, actor_email=pseudonym)
    return rows.update(subject_applicant_id=None, subject_pseudonym=pseudonym, ip=None,
                       object_label="", details={})
