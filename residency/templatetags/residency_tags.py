from django import template

register = template.Library()

LABELS = {
    "eligible": "Eligible", "not_eligible": "Not eligible", "unknown": "Unknown",
    "met": "Met", "not_met": "Not met",
}


@register.filter
def fit_label(status) -> str:
    """A fit verdict or a criterion's status in words."""
    return LABELS.get(str(status), str(status).replace("_", " ").capitalize())


@register.filter
def yes_no_unknown(value) -> str:
    return {True: "Yes", False: "No", None: "Unknown"}.get(value, str(value))
