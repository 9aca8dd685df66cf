"""What every app's form views share."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


def saved(form, save, **kwargs):
    """The record `save` (a service) returns for the form's cleaned data, or None with the
    service's ValidationError shown at the form's fields (all errors at once)."""
    try:
        return save(data=form.cleaned_data, **kwargs)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


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
