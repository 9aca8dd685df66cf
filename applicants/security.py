"""Security events (sign-ins, failures, lock-outs, MFA changes, staff views of personal data),
written through Python logging to the logger "imgpath.security".

One function, so the audit log (issue 12: applicants/audit.py) can take them over by routing
this logger, or by this function writing its row, without touching any caller.
"""

import logging

logger = logging.getLogger("imgpath.security")


def log_security_event(event: str, *, request=None, user=None, **details) -> None:
    """One line per event: what, who (user id, never a password), from where, and details."""
    from allauth.core.internal.httpkit import get_client_ip

    user = user if user is not None else getattr(request, "user", None)
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    ip = get_client_ip(request) if request is not None else None
    path = request.path if request is not None else None
    logger.info("%s user=%s ip=%s path=%s %s", event, user_id, ip, path,
                " ".join(f"{k}={v}" for k, v in sorted(details.items())),
                extra={"security_event": event, "user_id": user_id, "ip": ip, "path": path,
                       "details": details})
