"""An applicant's own data: every row that belongs to them, exported or erased.

What belongs to someone is found by walking the models' relations from their user (every
reverse foreign key and one-to-one, recursively: the profile, its records, the records'
events, deadlines and their deliveries, emails, MFA...), so a model added later that points
at any of these is exported and erased without anyone listing it. Secrets (password hashes,
MFA secrets, tokens, keys) are left out of the export.
"""

import hashlib
import io
import json
import zipfile
from collections import defaultdict

from django.contrib.sessions.backends.db import SessionStore
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

# Field names whose values are never exported: they are keys, not information about you.
SECRET_FIELDS = ("password", "secret", "token", "key", "data")
# simple_history's copies (edit history, kept with the admin) are not walked.
_SKIPPED_PREFIX = "Historical"


def owned_objects(user) -> list:
    """Every object reachable from `user` through reverse relations, each once."""
    seen, found, stack = set(), [], [user]
    while stack:
        obj = stack.pop()
        key = (obj._meta.label, obj.pk)
        if key in seen:
            continue
        seen.add(key)
        found.append(obj)
        for rel in obj._meta.related_objects:
            if rel.many_to_many or rel.related_model.__name__.startswith(_SKIPPED_PREFIX):
                continue
            accessor = rel.get_accessor_name()
            if rel.one_to_one:
                related = getattr(obj, accessor, None) if hasattr(obj, accessor) else None
                stack.extend([related] if related is not None else [])
            else:
                stack.extend(getattr(obj, accessor).all())
    return found


def _exported(obj) -> dict:
    row = serializers.serialize("python", [obj])[0]
    fields = {name: ("(not exported)" if any(s in name for s in SECRET_FIELDS) else value)
              for name, value in row["fields"].items()}
    return {"id": obj.pk, **fields}


def export_rows(user) -> dict[str, list[dict]]:
    rows = defaultdict(list)
    for obj in owned_objects(user):
        rows[obj._meta.label].append(_exported(obj))
    return {label: sorted(items, key=lambda r: str(r["id"])) for label, items in
            sorted(rows.items())}


def summary(user) -> list[tuple[str, int]]:
    """(kind in words, how many) for the page that says what the export holds."""
    counts = defaultdict(int)
    for obj in owned_objects(user):
        counts[str(obj._meta.verbose_name_plural).capitalize()] += 1
    return sorted(counts.items())


def export_zip(user) -> bytes:
    """data.json (every row), files/ (each stored document) and SHA256SUMS for them all."""
    objects = owned_objects(user)
    data = json.dumps({"exported_at": timezone.now(), "account": user.email,
                       "rows": export_rows(user)}, cls=DjangoJSONEncoder, indent=1,
                      ensure_ascii=False).encode()
    entries = [("data.json", data)]
    for obj in objects:
        for field in obj._meta.fields:
            stored = getattr(obj, field.name) if field.get_internal_type() == "FileField" else None
            if stored:
                with stored.open("rb") as handle:
                    label = f"{obj._meta.model_name}-{obj.pk}-{field.name}"
                    entries.append((f"files/{label}{_extension(obj)}", handle.read()))
    sums = "".join(f"{hashlib.sha256(body).hexdigest()}  {name}\n" for name, body in entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries + [("SHA256SUMS", sums.encode())]:
            archive.writestr(name, body)
    return out.getvalue()


def _extension(obj) -> str:
    return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
        getattr(obj, "content_type", ""), "")


def pseudonymise_audit_for(user_id: int) -> None:
    """The hook to the audit log (applicants/audit.py): this person's identity in audit rows
    becomes a pseudonym through the audit table's one allowed function. erase_account calls
    it before the user is deleted (the append-only table refuses any other change)."""
    from . import audit
    from .models import Applicant

    applicant_id = Applicant.objects.filter(user_id=user_id).values_list("pk", flat=True).first()
    if applicant_id is not None:
        audit.pseudonymise(applicant_id)


@transaction.atomic
def erase_account(user) -> None:
    """Delete the user and every row that belongs to them (their files go once this commits:
    the models' post_delete), sign out every session of theirs, pseudonymise the audit."""
    from allauth.usersessions.models import UserSession

    pseudonymise_audit_for(user.pk)
    session_keys = list(UserSession.objects.filter(user=user).values_list("session_key",
                                                                          flat=True))
    user.delete()  # every relation to the user and their profile cascades (tests/trust)
    transaction.on_commit(lambda: [SessionStore(session_key=k).delete() for k in session_keys])
