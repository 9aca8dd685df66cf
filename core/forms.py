"""What every app's form views share."""

from django.core.exceptions import ValidationError
from django.db import transaction


def saved(form, save, **kwargs):
    """The record `save` (a service) returns for the form's data, or None with every error
    shown at its field in one round: the form's own checks and the service's.

    With field errors the service still checks the fields that are valid, in a savepoint
    that is always rolled back (nothing is saved, and tasks it would enqueue on commit are
    dropped), so the applicant does not fix one round of errors only to meet a second."""
    if form.is_valid():
        try:
            return save(data=form.cleaned_data, **kwargs)
        except ValidationError as exc:
            _show(form, exc)
            return None
    with transaction.atomic():
        try:
            save(data=form.cleaned_data, **kwargs)
        except ValidationError as exc:
            _show(form, exc, only_new=True)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # the service needs the fields in error: their errors are enough
        transaction.set_rollback(True)
    return None


def _show(form, exc: ValidationError, *, only_new: bool = False) -> None:
    for field, errors in exc.message_dict.items():
        name = field if field in form.fields else None
        if only_new and (name in form.errors or (name is None and form.non_field_errors())):
            continue
        form.add_error(name, errors)
