"""The caseload's rows, built once in Python: fifty rows of eight cells are most of the page,
and the template engine spent more on their lookups than the queries cost (as the
dashboard's fragments; see road/dashboard/fragments.py). Every value is escaped with
html.escape, as the template's autoescaping would."""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ..dashboard.fragments import day_month_year


def caseload_rows(rows: list[dict], *, with_advisor: bool) -> SafeString:
    file_url = reverse("road:advisor-file", args=[0])[:-2]  # ".../applicants/" + pk + "/"
    return mark_safe("".join(_row(r, file_url, with_advisor) for r in rows))  # noqa: S308


def _days(days: int) -> str:
    if days < 0:
        return f"{-days} day{'' if days == -1 else 's'} ago"
    if days == 0:
        return "today"
    return f"in {days} day{'' if days == 1 else 's'}"


def _row(r: dict, file_url: str, with_advisor: bool) -> str:
    a = r["applicant"]
    due = r["deadline_on"]
    deadline = (f'{escape(r["deadline"])} <span class="help block">{day_month_year(due)} · '
                f'{_days(r["days_left"])}</span>' if due else "None")
    chips = "".join(f'<span class="flag-chip" title="{escape(f["reason"])}">'
                    f'{escape(f["label"])}</span> ' for f in r["flags"])
    flags = (f'{chips}<span class="help block">{escape(r["flags"][0]["reason"])}</span>'
             if r["flags"] else '<span class="help">None</span>')
    advisor = (f'<td data-label="Advisor">{escape(r["advisor"] or "Not assigned")}</td>'
               if with_advisor else "")
    active = day_month_year(a.last_activity_at.date()) if a.last_activity_at else "None"
    return (f'<tr><td data-label="Applicant"><a href="{file_url}{a.pk}/">'
            f'{escape(a.legal_name)}</a><span class="help block">{escape(a.email)}</span>'
            f'</td><td data-label="Category">{escape(r["category"])}</td>'
            f'<td data-label="Certificate">{escape(r["certificate"])}</td>'
            f'<td data-label="Match">{escape(r["match"])}</td>'
            f'<td data-label="Next deadline">{deadline}</td><td data-label="Flags">{flags}</td>'
            f'{advisor}<td data-label="Last activity">{active}</td></tr>')
