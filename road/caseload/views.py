"""The caseload: a table over the stored summary, sorted and filtered in SQL, paginated,
with saved filters and an audited CSV export of the current view."""

import csv
from datetime import date
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from applicants import audit
from applicants.decorators import role_required
from applicants.models import SavedFilter, User
from applicants.rules import LABELS as CATEGORY_LABELS
from applicants.rules import Category
from applicants.sharing.selectors import memberships
from core import clock
from core.status import RoadWord, Verdict, word
from core.text import searchable

from .. import flags
from . import fragments
from .query import SORTS, UNASSIGNED, CaseloadQuery, caseload, category_choices, page_of

advisor_page = role_required(lambda user: user.is_advisor)


def _row(values: dict, today: date) -> dict:
    """One line of the table (and of the CSV), in words."""
    applicant = SimpleNamespace(**values)
    due = applicant.next_deadline_on
    return {
        "applicant": applicant,
        "category": CATEGORY_LABELS[Category(applicant.category)] if applicant.category else "",
        "certificate": (f"{applicant.cert_percent}% · {word(RoadWord(applicant.cert_word))}"
                        if applicant.cert_word else "Does not apply"),
        "match": (f"{applicant.target_match_year}: {word(Verdict(applicant.match_status))}"
                  if applicant.match_status else ""),
        "deadline": applicant.next_deadline_title if due else "",
        "deadline_on": due,
        "days_left": (due - today).days if due else None,
        "flags": applicant.risk_flags,
        "advisor": applicant.advisor_email or "",
    }


@advisor_page
def caseload_page(request):
    user = request.user
    member_of = memberships(user)
    query = CaseloadQuery.from_params(request.GET)
    page = page_of(user, query, request.GET.get("page"), settings.CASELOAD_PAGE_SIZE,
                   member_of)
    today = clock.today()
    leads = [m.organisation for m in member_of if m.is_lead]
    advisors = (User.objects.filter(memberships__organisation__in=leads).distinct()
                .order_by("email").values_list("pk", "email")) if leads else []
    rows = [_row(a, today) for a in page.object_list]
    return render(request, "road/caseload.html", {
        "query": query, "page": page, "rows": rows,
        "table_rows": fragments.caseload_rows(rows, with_advisor=bool(leads)),
        "memberships": member_of, "is_lead": bool(leads), "advisors": list(advisors),
        "unassigned": UNASSIGNED, "flag_choices": flags.choices(),
        "category_choices": category_choices(), "sorts": [(k, v[0]) for k, v in SORTS.items()],
        "saved": SavedFilter.objects.filter(user=user),
        "params": query.as_params(), "seasons": range(today.year, today.year + 5),
    })


class _Echo:
    def write(self, value):
        return value


CSV_HEADER = ["Name", "Email", "Category", "Certificate", "Match", "Next deadline",
              "Due on", "Days left", "Flags", "Advisor", "Last activity (UTC)"]


def _cell(value):
    """A text cell a spreadsheet would read as a formula (an applicant's name may start with
    "=") is prefixed with an apostrophe (OWASP's advice for CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value


def _csv_line(row: dict) -> list:
    a = row["applicant"]
    return [_cell(v) for v in _csv_values(row, a)]


def _csv_values(row: dict, a) -> list:
    return [a.legal_name, a.email, row["category"], row["certificate"], row["match"],
            row["deadline"], row["deadline_on"] or "", "" if row["days_left"] is None
            else row["days_left"], "; ".join(f"{f['label']}: {f['reason']}" for f in row["flags"]),
            row["advisor"], a.last_activity_at.strftime("%Y-%m-%d %H:%M") if a.last_activity_at
            else ""]


@advisor_page
def caseload_export(request):
    """The current view (filters and sort, every page) as CSV; the export is audited."""
    query = CaseloadQuery.from_params(request.GET)
    rows = caseload(request.user, query)
    audit.record(request, "caseload.export", actor=request.user, rows=rows.count(),
                 filters=query.as_params())
    today = clock.today()
    writer = csv.writer(_Echo())
    lines = (writer.writerow(_csv_line(_row(a, today))) for a in rows.iterator(chunk_size=2000))
    response = StreamingHttpResponse(
        (line for part in ([writer.writerow(CSV_HEADER)], lines) for line in part),
        content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="caseload-{today:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@advisor_page
def filter_save(request):
    if request.method == "POST":
        name = searchable(request.POST.get("name", ""))[:80]
        query = CaseloadQuery.from_params(request.POST).as_params()
        if not name:
            messages.error(request, "Give the filter a name to save it.")
            return redirect(f"{reverse('road:caseload')}?{query}")
        try:
            with transaction.atomic():
                SavedFilter.objects.create(user=request.user, name=name, query=query)
        except IntegrityError:
            messages.error(request, f"You already have a filter named “{name}”.")
        else:
            messages.success(request, f"Saved “{name}”.")
        return redirect(f"{reverse('road:caseload')}?{query}")
    return redirect("road:caseload")


@advisor_page
def filter_delete(request, pk):
    if request.method == "POST":
        saved = get_object_or_404(SavedFilter, user=request.user, pk=pk)
        saved.delete()
        messages.success(request, f"Deleted “{saved.name}”.")
    return redirect("road:caseload")
