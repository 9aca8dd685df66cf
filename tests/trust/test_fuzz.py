"""Hostile values in every form field and every query parameter: never a 500.

Which fields a page has is not listed here: each route (from the URL resolver, with its level
from config/access_policy.py) is visited once as someone allowed to use it, and the test
records every key the view reads from request.GET or request.POST (a bound form reads all of
its fields) and every field of the HTML forms it renders. Each such key then gets each hostile
value in turn while the other fields keep the values the page offered, so a value that only
fails after the rest of the form is valid (a date far in the future fed to date arithmetic)
is reached too. A page added later is fuzzed without anyone remembering.
"""

from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from django.http import QueryDict

from config.access_policy import Level
from tests import factories
from tests.routes import NAMED, ROLES, Route, owner, route_kwargs, route_url, user_of

HOSTILE = {
    "nul": "a\x00b",
    "long": "x" * 10_000,
    "huge": "9" * 1000,
    "negative": "-99999999999999999999",
    "float": "1e308",
    "year1": "0001-01-01",
    "year9999": "9999-12-31",
    "unicode": "\u202eevil\u0301 \U0001f600 \ufeff\u200b",
}

# Tried in one field at a time too (the others valid), since validation of a neighbour would
# otherwise stop them before the code they can break.
ONE_AT_A_TIME = ("nul", "huge", "year1", "year9999")

# Who fuzzes each level's pages: someone the page serves.
ACTOR = {Level.PUBLIC: "anonymous", Level.AUTHENTICATED: "applicant",
         Level.APPLICANT_OWNER: "applicant", Level.ADVISOR: "advisor_with_mfa",
         Level.STAFF: "staff"}
# Pages a hostile value cannot reach or that end the visit; each with the reason.
SKIP = {
    "account_logout": "signs the fuzzing user out",
    "admin:logout": "signs the fuzzing user out",
}
# Form fields the test must not vary: they are the page's own machinery.
FIXED_FIELDS = {"csrfmiddlewaretoken"}


def _fuzzed_routes():
    for name, route in sorted(NAMED.items()):
        # The admin's forms are Django's own over our models (thousands of fields with the
        # inlines, minutes to fuzz); its changelists' search and filters are fuzzed.
        if route.namespace == "admin" and not name.endswith("_changelist"):
            continue
        if name not in SKIP:
            yield pytest.param(route, id=name)


class _Forms(HTMLParser):
    """Field name -> the value the page offers, per form method (get / post)."""

    def __init__(self):
        super().__init__()
        self.fields = {"get": {}, "post": {}}
        self._method, self._select, self._textarea = "get", None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._method = (a.get("method") or "get").lower()
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                self._offer(a["name"], None)
            elif kind not in {"submit", "button", "image", "file"}:
                self._offer(a["name"], a.get("value") or "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._offer(self._select, None)
        elif tag == "option" and self._select:
            fields = self.fields[self._method]
            if fields.get(self._select) is None or "selected" in a:
                value = a.get("value")
                fields[self._select] = value if value is not None else ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._offer(self._textarea, "")
        elif tag in {"button"} and a.get("name"):
            self._offer(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._method = "get"

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._method][self._textarea] = data.strip()

    def _offer(self, name, value):
        fields = self.fields[self._method]
        if fields.get(name) is None:
            fields[name] = value


@contextmanager
def _reads_recorded():
    """Every key any QueryDict is asked for while the block runs."""
    keys: set[str] = set()
    originals = {m: getattr(QueryDict, m) for m in ("get", "getlist", "__getitem__",
                                                    "__contains__")}

    def recording(method):
        def read(self, key, *args, **kwargs):
            if isinstance(key, str):
                keys.add(key)
            return originals[method](self, key, *args, **kwargs)
        return read

    for method in originals:
        setattr(QueryDict, method, recording(method))
    try:
        yield keys
    finally:
        for method, original in originals.items():
            setattr(QueryDict, method, original)


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _fields(client, url: str):
    """(GET fields, POST fields): name -> offered value."""
    with _reads_recorded() as get_keys:
        page = client.get(url)
    forms = _Forms()
    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
        forms.feed(_body(page))
    with _reads_recorded() as post_keys:
        client.post(url, {"fuzz-probe": "1"})
    get_fields = dict.fromkeys(get_keys, "") | _offered(forms.fields["get"])
    post_fields = dict.fromkeys(post_keys, "") | _offered(forms.fields["post"])
    for fields in (get_fields, post_fields):
        for name in FIXED_FIELDS | {"fuzz-probe"}:
            fields.pop(name, None)
    return get_fields, post_fields


def _variants(fields: dict):
    """Each hostile value in every field at once; then the values that need the rest of the
    form valid to do harm, one field at a time."""
    if not fields:
        return
    for kind, value in HOSTILE.items():
        yield f"every field={kind}", dict.fromkeys(fields, value)
    for name in fields:
        for kind in ONE_AT_A_TIME:
            yield f"{name}={kind}", {**fields, name: HOSTILE[kind]}


def _advisor_case(route: Route):
    """The lead of an organisation the first applicant shares their file with, and the
    route's URL about that applicant (and one of their documents)."""
    from tests.advisors.conftest import make_team  # noqa: PLC0415

    applicant = owner()
    team = make_team("Fuzz Advising Office")
    team.share(applicant)
    kwargs = route_kwargs(route, route.access)
    if "pk" in route.kwarg_names and route.access.level is Level.ADVISOR_CASE:
        kwargs["pk"] = str(applicant.pk)
    if "doc" in route.kwarg_names:
        kwargs["doc"] = str(factories.CredentialDocumentFactory(applicant=applicant).pk)
    if route.name == "applicants:invitation-withdraw":
        kwargs["pk"] = str(factories.InvitationFactory(organisation=team.organisation).pk) \
            if hasattr(factories, "InvitationFactory") else kwargs["pk"]
    return team.lead, route_url(route, route.access, kwargs)


def _offered(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v is not None}


@pytest.mark.django_db
@pytest.mark.parametrize("route", list(_fuzzed_routes()))
def test_hostile_values_never_answer_500(client, route: Route):
    level = route.access.level
    if level in (Level.ADVISOR_CASE, Level.LEAD):
        person, url = _advisor_case(route)
    else:
        person = ROLES[ACTOR[level]]()  # the first applicant made: owned records are theirs
        url = route_url(route, route.access)
    if person is not None:
        client.force_login(user_of(person))
    client.raise_request_exception = bool(__import__("os").environ.get("FUZZ_RAISE"))
    get_fields, post_fields = _fields(client, url)
    failures = []
    for method, fields in (("get", get_fields), ("post", post_fields)):
        for label, data in _variants(fields):
            response = getattr(client, method)(url, data)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url} {label}")
    assert not failures, f"{len(failures)} answers of 500: " + "; ".join(failures[:20])
