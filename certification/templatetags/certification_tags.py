import markdown as md
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

STATUS_LABELS = {
    "met": "Met",
    "in_progress": "In progress",
    "not_started": "Not started",
    "blocked": "Blocked",
    "expiring": "Expiring",
    "not_applicable": "Not checked",
}


@register.filter
def markdown(text: str) -> str:
    """Admin-written help text: Markdown rendered, then sanitised."""
    return mark_safe(nh3.clean(md.markdown(text or "")))  # noqa: S308 (sanitised by nh3)


@register.filter
def status_label(status) -> str:
    return STATUS_LABELS.get(str(getattr(status, "value", status)), str(status))


@register.filter
def status_value(status) -> str:
    return str(getattr(status, "value", status))
