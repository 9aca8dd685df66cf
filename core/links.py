"""URLs a page builds many times over (a link per checklist line): each reversed once."""

from functools import lru_cache

from django.urls import get_script_prefix, reverse


def reverse_once(name: str, *args) -> str:
    """reverse(name, args=args), worked out once per script prefix: the checklist and the
    dashboard reverse the same few fix-it and help pages for every line, every request."""
    return _reversed(name, args, get_script_prefix())


@lru_cache(maxsize=256)
def _reversed(name: str, args: tuple, prefix: str) -> str:
    return reverse(name, args=args)
