from functools import lru_cache

import markdown as md
import nh3
from django import template
from django.utils.safestring import mark_safe

from core import status

register = template.Library()

@lru_cache(maxsize=1024)
def _render(text: str) -> str:
    return nh3.clean(md.markdown(text))


@register.filter
def markdown(text: str) -> str:
    """Admin-written help text: Markdown rendered, then sanitised (cached by text)."""
    return mark_safe(_render(text or ""))  # noqa: S308 (sanitised by nh3)


@register.filter
def status_label(status_) -> str:
    """A status in words, from the one display table (core.status)."""
    return status.word(status_)


@register.filter
def status_value(status_) -> str:
    """The status's badge class."""
    return status.display(status_).css
