"""Text made safe: what admins write, to show (Markdown rendered and sanitised, a source line
with our internal references taken out), and what a request sends, to search with.

Markdown by Python-Markdown, then nh3 (the Rust ammonia sanitiser): script and style
elements, event handler attributes and links with a scheme other than http(s)/mailto
(`javascript:` and the like) are removed, whatever the Markdown let through.

A search box's words reach PostgreSQL; a NUL byte there is a database error (PostgreSQL text
cannot hold one), and control characters match nothing anyone typed. They are dropped."""

import unicodedata
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


# Nobody searches with more; longer input is cut, not refused.
SEARCH_MAX_CHARS = 200


def searchable(text: str | None) -> str:
    """The words of `text`, single-spaced, without control characters, at most 200 chars."""
    kept = "".join(c for c in (text or "")[: SEARCH_MAX_CHARS * 4]
                   if unicodedata.category(c) not in {"Cc", "Cf", "Cs"} or c in "\t\n")
    return " ".join(kept.split())[:SEARCH_MAX_CHARS]
