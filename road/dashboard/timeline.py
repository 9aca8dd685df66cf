"""A horizontal time axis as inline SVG, drawn on the server: readable without JavaScript.

Each event is a numbered marker; the numbered list beside it is the text alternative.
"""

from datetime import date
from html import escape  # as django.utils.html.escape, without its lazy-string wrapper

from django.utils.safestring import SafeString, mark_safe

from core import dates

WIDTH, HEIGHT, PAD = 960, 120, 40
AXIS_Y = 70


def _x(day: date, start: date, span: int) -> float:
    return PAD + (WIDTH - 2 * PAD) * ((day - start).days / span)


def timeline_svg(events, today: date) -> SafeString:
    if not events:
        return mark_safe("")  # noqa: S308 (nothing to escape)
    days = [e.on for e in events] + [today]
    start, end = min(days), max(days)
    span = max((end - start).days, 1)
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="timeline-title">Your timeline</title>',
        f'<desc id="timeline-desc">{len(events)} dates from {dates.day(start)} to '
        f'{dates.day(end)}; '
        "the numbered list below describes each.</desc>",
        f'<line x1="{PAD}" y1="{AXIS_Y}" x2="{WIDTH - PAD}" y2="{AXIS_Y}" class="axis"/>',
    ]
    parts += _year_ticks(start, end, span)
    x = _x(today, start, span)
    parts.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{HEIGHT - 10}" class="today"/>'
                 f'<text x="{x:.1f}" y="14" class="today-label">Today</text>')
    for number, event in enumerate(events, 1):
        x = _x(event.on, start, span)
        y = AXIS_Y - 18 if number % 2 else AXIS_Y + 24
        kind = "past" if event.past else "future"
        parts.append(
            f'<g class="event {kind}"><title>{escape(event.label)}, {dates.day(event.on)}</title>'
            f'<circle cx="{x:.1f}" cy="{AXIS_Y}" r="6"/>'
            f'<text x="{x:.1f}" y="{y}" text-anchor="middle">{number}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (labels escaped above)


def _year_ticks(start: date, end: date, span: int) -> list[str]:
    ticks = []
    for year in range(start.year + 1, end.year + 1):
        x = _x(date(year, 1, 1), start, span)
        ticks.append(f'<line x1="{x:.1f}" y1="{AXIS_Y - 5}" x2="{x:.1f}" y2="{AXIS_Y + 5}" '
                     f'class="tick"/><text x="{x:.1f}" y="{HEIGHT - 2}" class="tick-label" '
                     f'text-anchor="middle">{year}</text>')
    return ticks
