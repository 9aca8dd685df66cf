"""Text from a request, made safe to search with.

A search box's words reach PostgreSQL; a NUL byte there is a database error (PostgreSQL text
cannot hold one), and control characters match nothing anyone typed. They are dropped.
"""

import unicodedata

# Nobody searches with more; longer input is cut, not refused.
SEARCH_MAX_CHARS = 200


def searchable(text: str | None) -> str:
    """The words of `text`, single-spaced, without control characters, at most 200 chars."""
    kept = "".join(c for c in (text or "")[: SEARCH_MAX_CHARS * 4]
                   if unicodedata.category(c) not in {"Cc", "Cf", "Cs"} or c in "\t\n")
    return " ".join(kept.split())[:SEARCH_MAX_CHARS]
