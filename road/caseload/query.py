"""The caseload as one SQL query over the stored summary (road.summary stored() columns):
filters, search, sort, from the request's query string."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from applicants.models import Applicant, Consent
from applicants.rules import LABELS as CATEGORY_LABELS
from applicants.rules import Category

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
FIELDS = ("pk", "legal_name", "category", "cert_percent", "cert_word", "match_word",
          "match_status", "target_match_year", "next_deadline_on", "next_deadline_title",
          "risk_flags", "last_activity_at", "triage_rank", "advisor_email")


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
            advisor=advisor if advisor == UNASSIGNED or advisor.isdigit() else "",
            q=params.get("q", "").strip()[:100],
            sort=sort if sort in SORTS else "triage")

    def as_params(self, **changes) -> str:
        values = {"flag": self.flag, "season": self.season or "", "category": self.category,
                  "advisor": self.advisor, "q": self.q, "sort": self.sort, **changes}
        return urlencode({k: v for k, v in values.items()
                          if v and not (k == "sort" and v == "triage")})

    @property
    def filtered(self) -> bool:
        return bool(self.flag or self.season or self.category or self.advisor or self.q)


def caseload(user, query: CaseloadQuery) -> QuerySet:
    """The applicants of the user's caseload (Applicant.objects.visible_to), filtered and
    sorted, each with the email of their advisor (in the user's organisations). The rows
    are plain dicts (FIELDS and `email`): a page of model instances cost more than its
    query."""
    consents = Consent.objects.caseload_of(user).filter(applicant=OuterRef("pk"))
    rows = (Applicant.objects.visible_to(user)
            .annotate(email=F("user__email"), advisor_email=Subquery(
                consents.order_by("granted_at").values("advisor__email")[:1]))
            .values(*FIELDS, "email"))
    if query.flag:
        rows = rows.filter(flag_codes__contains=f"|{query.flag}|")
    if query.season:
        rows = rows.filter(target_match_year=query.season)
    if query.category:
        rows = rows.filter(category=query.category)
    if query.advisor == UNASSIGNED:
        rows = rows.filter(Exists(consents.filter(advisor__isnull=True)))
    elif query.advisor:
        rows = rows.filter(Exists(consents.filter(advisor_id=int(query.advisor))))
    if query.q:
        # PostgreSQL: trigram indexes on UPPER(name) and UPPER(email) (applicants 0015).
        rows = rows.filter(Q(legal_name__icontains=query.q) | Q(user__email__icontains=query.q))
    return rows.order_by(*SORTS[query.sort][1])


def category_choices() -> list[tuple[str, str]]:
    return [(str(c), CATEGORY_LABELS[c]) for c in Category]
