"""What every app's form views share."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction


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


# The dates a record can carry: from the oldest graduation we could be told about to well past
# any Match we plan for. Beyond them Python's date arithmetic (a deadline a year after a test)
# overflows; they are typing slips anyway.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_RANGE_MESSAGE = f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}."


class DateField(forms.DateField):
    """A date between EARLIEST_DATE and LATEST_DATE, said so next to the field."""

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")


class IntegerField(forms.IntegerField):
    """Django's, but a number of a thousand digits gets the range message, not an overflow
    (its step check turns the value into a float)."""

    def run_validators(self, value):
        limits = [v for v in (self.min_value, self.max_value) if v is not None]
        span = max((abs(v) for v in limits), default=0) * 10 + 10**6
        if value is not None and abs(value) > span:
            low, high = self.min_value, self.max_value
            raise ValidationError(self.error_messages.get("max_value")
                                  or f"Enter a number from {low} to {high}.", code="max_value",
                                  params={"limit_value": high})
        super().run_validators(value)


def formfield(db_field, **kwargs):
    """ModelForm.Meta.formfield_callback: model dates get the bounded DateField."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateField)
    return db_field.formfield(**kwargs)
