"""How an applicant reads where a rule or a date comes from: the body that says so, a link
to its page, and how sure we are. Never our own notes ("RULES §9", file names): those are
for the people who keep the rules, and `plain_words` takes them out of any stored text
shown to an applicant. Plain Python."""

import re
from dataclasses import dataclass

# (what the stored source text mentions, the body's name, its page), first match wins.
BODIES = (
    ("usmle", "USMLE", "https://www.usmle.org/"),
    ("nrmp", "NRMP", "https://www.nrmp.org/"),
    ("eras", "ERAS (AAMC)", "https://students-residents.aamc.org/eras"),
    ("fsmb", "FSMB", "https://www.fsmb.org/"),
    ("ecfmg", "ECFMG", "https://www.ecfmg.org/"),
)
DEFAULT_BODY = ("ECFMG", "https://www.ecfmg.org/")
CHECKED = re.compile(r"(?:quoted|checked|confirmed)\s+(?:on\s+)?(\d{4}-\d{2}-\d{2})", re.I)

# Our own references, and the internal words for a rule that is off.
INTERNAL = (
    (re.compile(r"\s*\((?:see\s+)?(?:shared/domain/)?RULES(?:\.md)?\s*§[\d.\-]+[^)]*\)"), ""),
    (re.compile(r"Derived from the pattern in (?:shared/domain/)?RULES(?:\.md)?\s*§[\d.\-]+"),
     "Estimated from past seasons"),
    (re.compile(r"(?:shared/domain/)?RULES(?:\.md)?\s*§[\d.\-]+[.;:]?\s*"), ""),
    (re.compile(r"This rule is switched off for current seasons"),
     "It is not counted for current seasons"),
)


@dataclass(frozen=True)
class SourceLine:
    body: str
    url: str
    words: str  # "confirmed from ECFMG's page (checked 2026-11-20)", ...


def source_line(source: str, provenance: str) -> SourceLine:
    text = source or ""
    lowered = text.lower()
    body, url = next(((name, page) for key, name, page in BODIES if key in lowered),
                     DEFAULT_BODY)
    if provenance == "derived":
        words = "estimated from past seasons: check before you rely on it"
    elif provenance == "third_party":
        words = f"from a source quoting {body}, not {body}'s own page: check before you rely on it"
    else:
        checked = CHECKED.search(text)
        words = f"confirmed from {body}'s page" + (f" (checked {checked[1]})" if checked else "")
    return SourceLine(body, url, words)


def plain_words(text: str) -> str:
    """Stored text (a season's note, a requirement's help) without our internal references."""
    for pattern, replacement in INTERNAL:
        text = pattern.sub(replacement, text)
    return text.strip()
