from django import template
from django.utils.safestring import mark_safe

from core import status
from core.text import public_source, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Admin-written help text: Markdown rendered, then sanitised (core.text)."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 (sanitised by nh3)


@register.filter
def source_line(text: str) -> str:
    """A requirement's source as applicants read it: no internal references."""
    return public_source(text)


@register.filter
def status_label(status_) -> str:
    """A status in words, from the one display table (core.status)."""
    return status.word(status_)


@register.filter
def status_value(status_) -> str:
    """The status's badge class."""
    return status.display(status_).css
