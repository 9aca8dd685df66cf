"""The program directory's small pieces (visas, the fit badge, the save button), drawn in
Python: on the directory's list, three template includes per row of 25 cost more than
judging the programs."""

from functools import lru_cache
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from core import dates, status

register = template.Library()

_PK = 987_654_321  # in a reversed URL, swapped for each program's id


@register.filter
def fit_label(status_) -> str:
    """A fit verdict or a criterion's status in words, from the one display table."""
    return status.word(status_)


@register.filter
def yes_no_unknown(value) -> str:
    return {True: "Yes", False: "No", None: "Unknown"}.get(value, str(value))


@register.simple_tag
def program_visas(program) -> SafeString:
    return mark_safe(  # noqa: S308 (fixed words)
        f"J-1: {yes_no_unknown(program.sponsors_j1)}<br>"
        f"H-1B: {yes_no_unknown(program.sponsors_h1b)}")


@register.simple_tag
def fit_badge(fit, reason: str = "") -> SafeString:
    """The fit verdict as a badge, and its reason (dates in words) when there is one."""
    badge = (f'<span class="badge badge-fit-{escape(str(fit.status))}">'
             f"{escape(fit_label(fit.status))}</span>")
    if reason:
        badge += f' <span class="fit-reason">{dates.plain_dates(escape(str(reason)))}</span>'
    return mark_safe(badge)  # noqa: S308 (escaped above)


@register.simple_tag(takes_context=True)
def save_button(context, program, saved, next_url) -> SafeString:
    """Save (or unsave) a program, back to `next_url` afterwards."""
    action, label, style = (("residency:program-unsave", "Unsave", "button secondary small")
                            if saved else ("residency:program-save", "Save", "button small"))
    url = _url(action).replace(str(_PK), str(int(program.pk)))
    token = escape(str(context.get("csrf_token", "")))
    return mark_safe(  # noqa: S308 (escaped above)
        f'<form method="post" action="{url}" class="inline">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        f'<input type="hidden" name="next" value="{escape(str(next_url))}">'
        f'<button type="submit" class="{style}">{label}<span class="visually-hidden"> '
        f"{escape(program.name)}</span></button></form>")


@register.simple_tag(takes_context=True)
def program_rows(context, rows, next_url) -> SafeString:
    """The directory list's table rows (residency.selectors.programs.ProgramRow each)."""
    detail = _url("residency:program-detail")
    parts = []
    for row in rows:
        p = row.program
        sample = ' <span class="badge">Sample</span>' if p.is_sample else ""
        parts.append(
            f'<tr><th scope="row"><a href="{detail.replace(str(_PK), str(int(p.pk)))}">'
            f'{escape(p.name)}</a>{sample}<span class="help block">{escape(p.institution)}'
            f'</span></th><td data-label="Location">{escape(p.city)}, {escape(p.state)}</td>'
            f'<td data-label="Specialty">{escape(str(p.get_specialty_display()))}</td>'
            f'<td data-label="Visas">{program_visas(p)}</td>'
            f'<td class="fit" data-label="Your fit">{fit_badge(row.fit, row.reason)}</td>'
            f'<td class="actions">{save_button(context, p, row.saved, next_url)}</td></tr>')
    return mark_safe("".join(parts))  # noqa: S308 (escaped above and in the tags)


@lru_cache(maxsize=8)
def _url(name: str) -> str:
    return reverse(name, kwargs={"pk": _PK})
