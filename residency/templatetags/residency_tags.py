from django import template

from core import status

register = template.Library()

@register.filter
def fit_label(status_) -> str:
    """A fit verdict or a criterion's status in words, from the one display table."""
    return status.word(status_)


@register.filter
def yes_no_unknown(value) -> str:
    return {True: "Yes", False: "No", None: "Unknown"}.get(value, str(value))
