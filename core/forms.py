"""What every app's form views share."""

from django.core.exceptions import ValidationError


def saved(form, save, **kwargs):
    """The record `save` (a service) returns for the form's cleaned data, or None with the
    service's ValidationError shown at the form's fields (all errors at once)."""
    try:
        return save(data=form.cleaned_data, **kwargs)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
