"""One way to write a day for people: "5 Jan 2027" (day, short month, year), never a form a
dd/mm reader and an mm/dd reader would read differently. Plain Python: the engines keep ISO
dates in their sentences and every page shows them through `plain_dates`."""

import re
from datetime import date

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def day(on: date) -> str:
    """As settings.DATE_FORMAT ("j M Y") writes it, e.g. "5 Jan 2027"."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


def _one(match: re.Match) -> str:
    try:
        return day(date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:
        return match[0]  # not a real day (an id, a code): left as it is


def plain_dates(text: str) -> str:
    """Every ISO day in `text` ("2027-05-01") written as "1 May 2027"."""
    return ISO_DAY.sub(_one, text)
