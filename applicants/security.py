"""Security events (sign-ins, failures, lock-outs, MFA, password and email changes, session
timeouts, staff views of personal data): each one is a line on the logger "imgpath.security"
for the operators and a row in the audit log (applicants.audit) for staff, in the admin.
"""

import logging

logger = logging.getLogger("imgpath.security")


def log_security_event(event: str, *, request=None, user=None, **details) -> None:
    """One line and one audit row per event: what, who (user id, never a password), from
    where, and details. A failure or lock-out names the account tried, if there is one."""
    from allauth.core.internal.httpkit import get_client_ip

    user = user if user is not None else getattr(request, "user", None)
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    ip = get_client_ip(request) if request is not None else None
    path = request.path if request is not None else None
    logger.info("%s user=%s ip=%s path=%s %s", event, user_id, ip, path,
                " ".join(f"{k}={v}" for k, v in sorted(details.items())),
                extra={"security_event": event, "user_id": user_id, "ip": ip, "path": path,
                       "details": details})
    _audit(event, request, user if user_id else None, details)


def _audit(event: str, request, actor, details: dict) -> None:
    from . import audit
    from .models import Applicant, User

    account = actor or User.objects.filter(email__iexact=details.get("email") or "").first()
    # Rows about an applicant's account are theirs: erasing the account pseudonymises them.
    subject = (Applicant.objects.filter(user_id=account.pk).values_list("pk", flat=True)
               .first() if account is not None and account.is_applicant else None)
    audit.record(request, f"security.{event}", actor=actor, subject_applicant=subject,
                 obj=account if actor is None else None, **details)
