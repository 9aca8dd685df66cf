"""Which "today" a check uses.

- The product's day is US Eastern (`today()`; settings.TIME_ZONE says the same): every ECFMG
  and NRMP deadline is stated in it, so progress, the Match checks and record state dates
  count from it.
- A date an applicant records from their own calendar (a sitting, a result, a registration)
  is "in the future" only once it has begun nowhere on Earth: `recorded_today()`. At 08:00 in
  India it is still the day before in New York, and this morning's sitting has happened.
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

from .zones import EARLIEST, EASTERN

EARLIEST_ZONE = ZoneInfo(EARLIEST)
PRODUCT_ZONE = ZoneInfo(EASTERN)


def recorded_today() -> date:
    """The latest calendar date anywhere on Earth right now."""
    return timezone.localdate(timezone=EARLIEST_ZONE)


def today() -> date:
    """The product's day: today in US Eastern time. Every check, page and record state date
    counts from it; tests freeze it by patching this one function."""
    return timezone.localdate(timezone=PRODUCT_ZONE)
