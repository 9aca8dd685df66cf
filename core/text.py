"""Text written in the admin, made safe to show: Markdown rendered and sanitised, and a
source line with our internal references taken out.

Markdown by Python-Markdown, then nh3 (the Rust ammonia sanitiser): script and style
elements, event handler attributes and links with a scheme other than http(s)/mailto
(`javascript:` and the like) are removed, whatever the Markdown let through."""

from functools import lru_cache

import markdown as md
import nh3

from .sources import plain_words

_URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    """Sanitised HTML from Markdown (cached by text)."""
    return nh3.clean(md.markdown(text or "", extensions=["sane_lists"]),
                     url_schemes=_URL_SCHEMES, link_rel="noopener noreferrer")


def public_source(text: str) -> str:
    """A source line as applicants may read it: our own references removed (the one list of
    them is core.sources.INTERNAL)."""
    return plain_words(text or "").strip(" ;,")
