"""A deadline's date as words: the official date (and time, in the zone it was published in)
beside the same moment in the applicant's own time zone."""

from dataclasses import dataclass

from . import schedule


@dataclass(frozen=True)
class When:
    official: str
    local: str  # "" for a date with no time (the same day everywhere)


def _clock(moment) -> str:
    return moment.strftime("%-I:%M %p").replace(":00 ", " ").lower()


def when(deadline, zone_name: str) -> When:
    official_zone = schedule.zone_of(deadline.zone)
    at = deadline.due_at.astimezone(official_zone)
    if deadline.all_day:
        return When(f"{at:%a %-d %b %Y}", "")
    short = "ET" if official_zone.key == "America/New_York" else official_zone.key
    zone = schedule.zone_of(zone_name)
    local = deadline.due_at.astimezone(zone)
    return When(f"{at:%a %-d %b %Y}, {_clock(at)} {short}",
                f"{local:%a %-d %b %Y}, {_clock(local)} your time ({zone.key})")


def days_left(deadline, zone_name: str, now) -> str:
    """"today", "tomorrow", "in 7 days": from now to the deadline's day, in the applicant's
    zone (a catch-up or snoozed reminder is not its offset's distance)."""
    zone = schedule.zone_of(zone_name)
    day = schedule.due_day(deadline.due_at, deadline.zone, deadline.all_day, zone)
    days = (day - now.astimezone(zone).date()).days
    return "today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} days"
