"""The dashboard's repeated markup, built once in Python: the progress bars, the checklist
lines, the deadlines and the timeline's numbered list are most of the page, and the template
engine spent more on their dozen lookups per item than on the rest of the request (see
`make bench`, dashboard_to_bare_ratio).

Every value is escaped with html.escape, as the template's autoescaping (and Django's
escape()) would: the values are plain text from the engines and the records."""

from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from core import dates

SOURCE_FLAG = '<p class="source-flag">Rests on a third-party or derived source: double-check.</p>'


def progress_bars(bars) -> SafeString:
    """One card per bar: the figure in words and an accessible progressbar."""
    return mark_safe("".join(_bar(bar) for bar in bars))  # noqa: S308 (escaped here)


def _bar(bar) -> str:
    label, word = escape(bar.label), escape(bar.word)
    figure = f"{bar.met} of {bar.total}"
    return (f'<div class="card bar-card"><h2>{label}</h2><p><strong>{figure}</strong> met · '
            f'<span class="word word-{escape(slugify(bar.word))}">{word}</span></p>'
            + (f'<p class="help bar-note">{escape(dates.plain_dates(bar.note))}</p>' if bar.note
               else "") +
            f'<div role="progressbar" aria-valuemin="0" '
            f'aria-valuemax="{bar.total}" aria-valuenow="{bar.met}" aria-label="{label}: '
            f'{figure} met"><svg class="meter" viewBox="0 0 100 10" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false"><rect width="{bar.percent}" height="10"/>'
            "</svg></div></div>")


def checklist_items(lines) -> SafeString:
    """The <li> of each line of one checklist group, in order."""
    return mark_safe("".join(_item(line) for line in lines))  # noqa: S308 (escaped here)


def _item(line) -> str:
    tone = escape(line.tone)
    parts = [f'<li class="check tone-{tone}"><div class="check-head"><span class="badge '
             f'badge-tone-{tone}">{escape(line.label)}</span> <strong>{escape(line.title)}'
             f'</strong></div><p class="why">{escape(dates.plain_dates(line.why))}</p>']
    if line.next_action:
        fix = f' <a href="{escape(line.url)}">Fix it</a>' if line.url else ""
        parts.append(f'<p class="next"><strong>Next:</strong> '
                     f"{escape(dates.plain_dates(line.next_action))}{fix}</p>")
    if line.check_source:
        parts.append(SOURCE_FLAG)
    parts.append("</li>")
    return "".join(parts)


def deadline_items(deadlines) -> SafeString:
    """The <li> of each deadline: what, when (official, and in the applicant's zone)."""
    return mark_safe("".join(_deadline(d) for d in deadlines))  # noqa: S308 (escaped here)


def _deadline(d) -> str:
    title = escape(d.title)
    if d.url:
        title = f'<a href="{escape(d.url)}">{title}</a>'
    days = "today" if d.days_left == 0 else (
        f"in {d.days_left} day{'' if d.days_left == 1 else 's'}")
    local = f" · {escape(d.local)}" if d.local else ""
    return (f'<li><strong>{title}</strong> <span class="days">{days}</span> '
            f'<span class="help block">{escape(d.official)}{local}</span></li>')


def timeline_items(events) -> SafeString:
    """The numbered list the timeline's markers refer to (its text alternative)."""
    items = "".join(
        f'<li class="{"past" if e.past else "future"}"><time datetime="{e.on.isoformat()}">'
        f"{day_month_year(e.on)}</time> {escape(e.label)}</li>" for e in events)
    return mark_safe(f'<ol class="timeline-list">{items}</ol>')  # noqa: S308 (escaped here)


def day_month_year(on: date) -> str:
    """As the template's |date writes it (settings.DATE_FORMAT), e.g. "3 Jan 2027"."""
    return dates.day(on)
