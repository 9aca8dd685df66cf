"""`{% form_field field %}`: one form field with its label, help and errors (all errors at
once, each tied to the field), drawn in Python: on long forms the same markup drawn by a
template include per field cost more than the rest of the page. includes/field.html calls
this too, so there is one markup for a field."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from core import dates, sources, zones

register = template.Library()


@register.simple_tag
def form_field(field) -> str:
    checkbox = field.widget_type == "checkbox"
    classes = "field" + (" has-error" if field.errors else "") + (" field-check" if checkbox
                                                                   else "")
    for_id = conditional_escape(field.id_for_label)
    if checkbox:
        body = f'{field} <label for="{for_id}">{conditional_escape(field.label)}</label>'
    else:
        required = ('<span class="req" aria-hidden="true"> *</span>'
                    if field.field.required else "")
        body = (f'<label for="{for_id}">{conditional_escape(capfirst(field.label))}{required}'
                f"</label>{field}")
    auto_id = conditional_escape(field.auto_id)
    help_text = (f'<div class="help" id="{auto_id}_helptext">'
                 f"{conditional_escape(field.help_text)}</div>" if field.help_text else "")
    errors = "".join(f'<p class="error" id="{auto_id}_error_{n}" role="alert">'
                     f"{dates.plain_dates(conditional_escape(error))}</p>"
                     for n, error in enumerate(field.errors, start=1))
    if getattr(field.field.widget, "input_type", "") == "date":
        help_text += (f'<div class="help date-hint" id="{auto_id}_format">The box writes the '
                      "date in your device's own order (day/month or month/day): check the "
                      "month. We write dates like 5 Jan 2027.</div>")
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<div class="{classes}">{body}{help_text}{errors}</div>')


@register.filter(is_safe=True)
def plain_dates(text) -> str:
    """Every ISO day in a sentence from the engines written as "5 Jan 2027"
    (core.dates): digits and hyphens become digits, letters and spaces, so escaping holds."""
    return dates.plain_dates(str(text)) if text else text


@register.filter
def official_and_local(moment, zone_name: str = "") -> str:
    """A moment in US Eastern (the official zone), and beside it the same moment in the
    applicant's own zone: "1 Dec 2026, 13:17 ET (19:17 your time, Africa/Lagos)"."""
    if not moment:
        return ""
    official = timezone.localtime(moment, ZoneInfo(zones.EASTERN))
    text = f"{dates.day(official.date())}, {official:%H:%M} ET"
    try:
        zone = ZoneInfo(zone_name) if zone_name else None
    except (ValueError, ZoneInfoNotFoundError):
        zone = None
    if zone is None or zone.key == zones.EASTERN:
        return text
    local = moment.astimezone(zone)
    same_day = local.date() == official.date()
    shown = f"{local:%H:%M}" if same_day else f"{dates.day(local.date())}, {local:%H:%M}"
    return f"{text} ({shown} your time, {zone.key})"


@register.filter
def plain_words(text) -> str:
    """Stored text shown to an applicant, without our internal references (core.sources)."""
    return sources.plain_words(str(text)) if text else ""


@register.filter
def source_of(outcome) -> sources.SourceLine:
    """A requirement's source as the applicant reads it: body, link, how sure we are."""
    return sources.source_line(getattr(outcome, "source", ""),
                               getattr(outcome, "provenance", "verified"))
