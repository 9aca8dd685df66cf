"""The caseload as one SQL query over the stored summary (road.summary stored() columns):
filters, search, sort, from the request's query string."""

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery, Window
from django.db.models.expressions import RawSQL

from applicants.models import Applicant, Consent, Membership, User
from applicants.rules import LABELS as CATEGORY_LABELS
from applicants.rules import Category
from core import prepared
from core.text import searchable

from .. import flags

# Sort key -> ORDER BY. The triage queue (default): the most blocking flag first, the
# nearest date first within a rank, then the next deadline.
SORTS = {
    "triage": ("Triage: most blocking first", (
        F("triage_rank").asc(), F("triage_on").asc(nulls_last=True),
        F("next_deadline_on").asc(nulls_last=True), "legal_name", "pk")),
    "name": ("Name", ("legal_name", "pk")),
    "deadline": ("Next deadline", (F("next_deadline_on").asc(nulls_last=True), "pk")),
    "progress": ("Certificate progress, least first", ("cert_percent", "pk")),
    "activity": ("Last activity, latest first",
                 (F("last_activity_at").desc(nulls_last=True), "pk")),
}
UNASSIGNED = "none"
# Past it a page number is nonsense (and its OFFSET would overflow a bigint).
MAX_PAGE = 1_000_000
FIELDS = ("pk", "legal_name", "category", "cert_percent", "cert_word", "match_word",
          "match_status", "target_match_year", "next_deadline_on", "next_deadline_title",
          "risk_flags", "last_activity_at", "triage_rank")


@dataclass(frozen=True)
class CaseloadQuery:
    flag: str = ""
    season: int | None = None
    category: str = ""
    advisor: str = ""  # a user id, UNASSIGNED, or "" for everyone
    q: str = ""
    sort: str = "triage"

    @classmethod
    def from_params(cls, params) -> "CaseloadQuery":
        """Unknown values are dropped, never an error: the page shows what it understood."""
        flag = params.get("flag", "")
        season = params.get("season", "")
        category = params.get("category", "")
        advisor = params.get("advisor", "")
        sort = params.get("sort", "triage")
        return cls(
            flag=flag if flag in dict(flags.choices()) else "",
            season=int(season) if season.isdigit() and len(season) == 4 else None,
            category=category if category in set(Category) else "",
            # An id too long for a bigint is nobody's (0), not an overflow in the database.
            advisor=(advisor if len(advisor) <= 18 else "0") if advisor.isdigit() else (
                advisor if advisor == UNASSIGNED else ""),
            q=searchable(params.get("q", ""))[:100],  # no NUL: PostgreSQL text cannot hold one
            sort=sort if sort in SORTS else "triage")

    def as_params(self, **changes) -> str:
        values = {"flag": self.flag, "season": self.season or "", "category": self.category,
                  "advisor": self.advisor, "q": self.q, "sort": self.sort, **changes}
        return urlencode({k: v for k, v in values.items()
                          if v and not (k == "sort" and v == "triage")})

    @property
    def filtered(self) -> bool:
        return bool(self.flag or self.season or self.category or self.advisor or self.q)


def caseload(user, query: CaseloadQuery, memberships=None, *,
             with_advisor: bool = True) -> QuerySet:
    """The applicants of the user's caseload (Applicant.objects.visible_to), filtered and
    sorted, each with the email of their advisor (in the user's organisations). The rows
    are plain dicts (FIELDS, `email`, `advisor_email`): a page of model instances cost
    more than its query. `memberships`: the user's, when read already (Consent.objects.caseload_of).
    `with_advisor` False leaves the advisor's email out (deep pages read it apart:
    _advisor_emails)."""
    # Per applicant (the advisor's email, the advisor filter) the consents are reached by
    # the applicant's index whatever the statistics: with the organisation ids as values
    # as well, a planner without statistics (right after a bulk load) scanned all of the
    # organisation's consents for each row, 30 s for page 100 of 10,000.
    consents = Consent.objects.caseload_of(user).filter(applicant=OuterRef("pk"))
    # In one organisation an applicant has one active consent (consent_one_active): no
    # order to pay for on each row; across several, the earliest one's advisor.
    organisations = {m.organisation_id for m in memberships or () if m.user_id == user.pk}
    assigned = (consents.order_by() if len(organisations) == 1
                else consents.order_by("granted_at"))
    rows = Applicant.objects.visible_to(user, memberships).annotate(email=F("user__email"))
    if with_advisor:
        rows = rows.annotate(advisor_email=Subquery(assigned.values("advisor__email")[:1]))
    rows = rows.values(*FIELDS, "email", *(("advisor_email",) if with_advisor else ()))
    own = {}  # the filters on the applicant's own columns
    if query.flag:
        own["flag_codes__contains"] = f"|{query.flag}|"
    if query.season:
        own["target_match_year"] = query.season
    if query.category:
        own["category"] = query.category
    rows = rows.filter(**own)
    if query.advisor == UNASSIGNED:
        rows = rows.filter(Exists(consents.filter(advisor__isnull=True)))
    elif query.advisor:
        rows = rows.filter(Exists(consents.filter(advisor_id=int(query.advisor))))
    if query.q:
        # PostgreSQL: trigram indexes on UPPER(name) and UPPER(email) (applicants 0015). A
        # UNION of the two searches, as an OR across two tables could use neither index.
        # The own-column filters inside each search as well: PostgreSQL then starts from
        # the few the search finds, not from every applicant the flag matches (a quarter).
        by_name = Applicant.objects.filter(legal_name__icontains=query.q, **own).values("pk")
        by_email = Applicant.objects.filter(user__email__icontains=query.q, **own).values("pk")
        rows = rows.filter(pk__in=by_name.union(by_email))
    return rows.order_by(*SORTS[query.sort][1])


def caseload_size(user, memberships) -> int:
    """How many applicants the unfiltered caseload holds, counted from the consents alone:
    the same set as Applicant.objects.visible_to(user) for an advisor, without the semi
    join of every applicant that a COUNT of caseload() costs."""
    if user.is_staff:  # visible_to shows staff every applicant
        return Applicant.objects.visible_to(user).count()
    return _consent_applicants(user, memberships).count()


def _consent_applicants(user, memberships) -> QuerySet:
    """One row per applicant of the caseload. In one organisation an applicant has one
    active consent (consent_one_active), so only several organisations need DISTINCT."""
    consents = Consent.objects.caseload_of(user, memberships).order_by().values("applicant")
    return consents.distinct() if len(memberships) > 1 else consents


def page_of(user, query: CaseloadQuery, number, size: int, memberships) -> Page:
    """One page of caseload(user, query) and the count of the whole view, in one query.
    Filtered, PostgreSQL reads every match to sort them anyway, so the page's query counts
    them (COUNT(*) OVER ()); unfiltered, it counts the consents (caseload_size) in a scalar
    subquery. `memberships`: the user's (sharing.selectors.memberships), whose organisation
    ids the SQL then names. On PostgreSQL the SQL is compiled once per shape (_compiled);
    other databases, staff and someone of no organisation take the ORM's paginator. A page
    past the last shows the last (Paginator.get_page), with the ORM's count and page."""
    try:
        wanted = min(max(int(number), 1), MAX_PAGE)  # an offset PostgreSQL can hold
    except (TypeError, ValueError):
        wanted = 1
    alias = Applicant.objects.db
    if connections[alias].vendor != "postgresql" or user.is_staff or not memberships:
        paginator = Paginator(caseload(user, query, memberships), size)
        if not query.filtered:
            paginator.count = caseload_size(user, memberships)
        return paginator.get_page(number)
    found = _read_page(alias, user, query, (wanted - 1) * size, size, memberships)
    if not found and wanted > 1:
        return Paginator(caseload(user, query, memberships), size).get_page(wanted)
    paginator = Paginator([], size)  # the rows are read above; it only counts pages
    paginator.count = found[0]["total"] if found else 0
    return Page(found, wanted, paginator)


# Stand-ins compiled into the SQL in place of one request's values (_bind swaps them);
# each within its column's range (Django drops a filter on a value out of range), none a
# value a request can bring (seasons have four digits).
_USER, _ADVISOR, _SEASON = -900_000_001, -900_000_002, 32_101
_LED, _ADVISED = -910_000_000, -920_000_000  # organisation ids: _LED - i, _ADVISED - i
_LARGEST_ID = 2**63 - 1  # bigint
_FLAG, _CATEGORY, _Q = "\x1fflag\x1f", "\x1fcategory\x1f", "\x1fq\x1f"


# Past this many rows skipped, a page reads its advisors' emails in a query of its own
# (_advisor_emails): as the page query's scalar subquery PostgreSQL computes the email for
# every row the OFFSET skips as well (page 100: 60 ms), while for the first pages that
# subquery costs less than one more query.
EMAILS_APART_FROM = 500


@lru_cache(maxsize=256)
def _compiled(alias: str, role: str, shape: CaseloadQuery, led: int,
              advised: int, emails_apart: bool = False) -> tuple[str, tuple]:
    """The SQL of caseload() for every query of this shape (which filters are set, the
    sort, how many organisations the user leads and advises in, whether the advisors'
    emails are read apart), with stand-ins for the user, the organisations and the values:
    building and compiling the querysets cost the page more than PostgreSQL's answer
    (README, Caseload)."""
    stand_in = User(pk=_USER, role=role)
    member_of = [Membership(user_id=_USER, organisation_id=_LED - i, role=Membership.Role.LEAD)
                 for i in range(led)] + [
        Membership(user_id=_USER, organisation_id=_ADVISED - i, role=Membership.Role.ADVISOR)
        for i in range(advised)]
    rows = caseload(stand_in, shape, member_of, with_advisor=not emails_apart)
    if shape.filtered:
        rows = rows.annotate(total=Window(Count("*")))
    else:
        count_sql, count_params = (_consent_applicants(stand_in, member_of).query
                                   .get_compiler(using=alias).as_sql())
        count = f"SELECT COUNT(*) FROM ({count_sql}) AS caseload"  # noqa: S608 (ORM's SQL)
        rows = rows.annotate(total=RawSQL(count, count_params))  # noqa: S611
    sql, params = rows.query.get_compiler(using=alias).as_sql()
    return f"{sql} LIMIT %s OFFSET %s", params


def _shape(query: CaseloadQuery) -> CaseloadQuery:
    return replace(query, flag=_FLAG if query.flag else "",
                   season=_SEASON if query.season else None,
                   category=_CATEGORY if query.category else "",
                   advisor=(query.advisor if query.advisor in ("", UNASSIGNED)
                            else str(_ADVISOR)),
                   q=_Q if query.q else "")


def _advisor_id(advisor: str) -> int | None:
    """An id past every column's range matches nobody (0), as the ORM's filter would."""
    if not advisor.isdigit():
        return None
    return int(advisor) if int(advisor) <= _LARGEST_ID else 0


def _organisations(memberships) -> tuple[list[int], list[int]]:
    """The ids of the organisations the user leads, and of those they advise in."""
    return ([m.organisation_id for m in memberships if m.is_lead],
            [m.organisation_id for m in memberships if not m.is_lead])


def _bind(params: tuple, user, query: CaseloadQuery, alias: str, memberships) -> list:
    like = connections[alias].ops.prep_for_like_query
    led, advised = _organisations(memberships)
    values = {_USER: user.pk, _SEASON: query.season, _CATEGORY: query.category,
              # an id no integer column holds matches nobody, as the ORM's filter does
              _ADVISOR: _advisor_id(query.advisor),
              **{_LED - i: pk for i, pk in enumerate(led)},
              **{_ADVISED - i: pk for i, pk in enumerate(advised)}}
    bound = []
    for param in params:
        if isinstance(param, (int, str)) and not isinstance(param, bool) and param in values:
            param = values[param]
        elif isinstance(param, str):
            param = param.replace(_FLAG, like(query.flag)).replace(_Q, like(query.q))
        bound.append(param)
    return bound


def _read_page(alias: str, user, query: CaseloadQuery, offset: int, size: int,
               memberships) -> list[dict]:
    led, advised = _organisations(memberships)
    apart = offset >= EMAILS_APART_FROM
    sql, params = _compiled(alias, user.role, _shape(query), len(led), len(advised), apart)
    # A prepared statement: the same text for every request of this shape (core.prepared).
    names, found = prepared.rows(alias, sql, [*_bind(params, user, query, alias, memberships),
                                             size, offset])
    rows = [dict(zip(names, row, strict=True)) for row in found]
    if apart:
        emails = _advisor_emails(user, memberships, [row["pk"] for row in rows])
        for row in rows:
            row["advisor_email"] = emails.get(row["pk"])
    for row in rows:  # Django reads jsonb as text (JSONField.from_db_value parses it)
        if isinstance(row["risk_flags"], str):
            row["risk_flags"] = json.loads(row["risk_flags"])
    return rows


def _advisor_emails(user, memberships, applicant_ids: list[int]) -> dict[int, str | None]:
    """The advisor's email for each applicant of one page (in the user's organisations; with
    several consents, the earliest one's), in one query. As a scalar subquery of the page's
    query PostgreSQL computed it for every row the OFFSET skips too (60 ms for page 100)."""
    if not applicant_ids:
        return {}
    found: dict[int, str | None] = {}
    for pk, email in (Consent.objects.caseload_of(user, memberships)
                      .filter(applicant_id__in=applicant_ids)
                      .order_by("applicant_id", "granted_at", "pk")
                      .values_list("applicant_id", "advisor__email")):
        found.setdefault(pk, email)
    return found


def category_choices() -> list[tuple[str, str]]:
    return [(str(c), CATEGORY_LABELS[c]) for c in Category]
