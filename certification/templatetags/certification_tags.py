from functools import lru_cache

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


@lru_cache(maxsize=1024)
def _render(text: str) -> str:
    return nh3.clean(md.markdown(text))


@register.filter
def markdown(text: str) -> str:
    """Admin-written help text: Markdown rendered, then sanitised (cached by text)."""
    return mark_safe(_render(text or ""))  # noqa: S308 (sanitised by nh3)


@register.filter
def status_label(status) -> str:
    return STATUS_LABELS.get(str(getattr(status, "value", status)), str(status))


@register.filter
def status_value(status) -> str:
    return str(getattr(status, "value", status))
