"""The calendar feed (RFC 5545, built with `icalendar`): every open deadline, one event each,
with a stable UID (the row's id and source key) so calendar apps update events rather than
add copies, and an alarm at the applicant's first offset."""

from datetime import timedelta

from django.conf import settings
from icalendar import Alarm, Calendar, Event

from ..models.deadlines import DEFAULT_OFFSETS
from . import schedule

DOMAIN = "imgpath"


def uid(deadline) -> str:
    return f"deadline-{deadline.pk}@{DOMAIN}"


def feed(applicant, deadlines, prefs) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//IMG Path//Deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "IMG Path deadlines")
    first = max(prefs.offsets or DEFAULT_OFFSETS)
    for d in deadlines:
        cal.add_component(_event(d, first))
    return cal.to_ical()


def _event(d, first_offset: int) -> Event:
    event = Event()
    event.add("uid", uid(d))
    event.add("summary", d.title + ("" if d.confirmed else " (estimated)"))
    event.add("dtstamp", d.updated_at)
    event.add("last-modified", d.updated_at)
    if d.all_day:
        day = d.due_at.astimezone(schedule.zone_of(d.zone)).date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    else:
        event.add("dtstart", d.due_at)
        event.add("dtend", d.due_at + timedelta(minutes=30))
    description = "\n".join(p for p in (d.what_to_do, d.note) if p)
    if description:
        event.add("description", description)
    if d.url:
        event.add("url", settings.SITE_URL + d.url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", d.title)
    alarm.add("trigger", timedelta(days=-first_offset))
    event.add_component(alarm)
    return event
