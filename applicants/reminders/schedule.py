"""When each reminder of a deadline falls due. Pure: `now` is an argument.

A reminder `offset` days before a deadline goes out at the applicant's delivery hour, in
their own time zone, on the day `offset` days before the deadline's day as they see it (an
all-day date is the same day everywhere; a timed one is the day it falls on in their zone).
zoneinfo does the daylight-saving arithmetic: 09:00 local is 09:00 on either side of a
transition.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# The weekly digest goes out on Mondays (date.weekday() == 0) at the delivery hour: the
# start of the applicant's week, with the week's dates ahead of them.
DIGEST_WEEKDAY = 0


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def due_day(due_at: datetime, official_zone: str, all_day: bool, zone: ZoneInfo) -> date:
    """The deadline's day as the applicant sees it."""
    if all_day:
        return due_at.astimezone(zone_of(official_zone)).date()
    return due_at.astimezone(zone).date()


def remind_at(day: date, offset: int, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day - timedelta(days=offset), time(hour), zone)


def next_reminder(*, due_at: datetime, official_zone: str, all_day: bool, offsets, hour: int,
                  zone: ZoneInfo, now: datetime, after: int | None = None
                  ) -> tuple[datetime | None, int | None]:
    """(moment, offset) of the next reminder, or (None, None).

    `after`: the offset just claimed; the next is a smaller one still ahead. With no `after`
    (a new or moved deadline, new preferences), the first offset still ahead; when every
    offset has passed but the deadline has not, one reminder at once (the smallest offset).
    """
    day = due_day(due_at, official_zone, all_day, zone)
    for offset in sorted(set(offsets), reverse=True):
        if after is not None and offset >= after:
            continue
        moment = remind_at(day, offset, hour, zone)
        if moment > now:
            return moment, offset
    ends = due_at + timedelta(days=1) if all_day else due_at  # an all-day date lasts all day
    if after is None and offsets and ends > now:
        return now, min(offsets)
    return None, None


def next_digest(hour: int, zone: ZoneInfo, now: datetime) -> datetime:
    """The first DIGEST_WEEKDAY at `hour` in `zone` strictly after `now`."""
    today = now.astimezone(zone).date()
    for ahead in range(8):
        day = today + timedelta(days=ahead)
        if day.weekday() == DIGEST_WEEKDAY:
            moment = datetime.combine(day, time(hour), zone)
            if moment > now:
                return moment
    raise AssertionError("unreachable: a week has a Monday")  # pragma: no cover
