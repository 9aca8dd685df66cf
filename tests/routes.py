"""Every route of the project and every role, for the tests that walk them all.

The routes come from Django's URL resolver and their levels from config/access_policy.py, so
a page added later is walked by every test here without anyone remembering. ROLES is the one
list of who visits, and `lets_in` says whom each level lets in: add a role with its maker
(and its line in `lets_in`) and every walking test visits as it too.
"""

import re
from dataclasses import dataclass
from importlib import import_module

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applicants.models import Applicant
from config.access_policy import Access, Level, access_for
from tests import factories
from tests.conftest import enable_totp


@dataclass(frozen=True)
class Route:
    name: str | None  # Fully qualified: "namespace:name".
    namespace: str
    pattern: str
    kwarg_names: tuple[str, ...]

    @property
    def access(self) -> Access | None:
        return access_for(self.name) if self.name else None


def _walk(resolver, namespace="", prefix="", kwarg_names=()):
    for entry in resolver.url_patterns:
        names = kwarg_names + tuple(entry.pattern.regex.groupindex)
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, inner, pattern, names)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Route(name, namespace, pattern, names)


ALL_ROUTES = list(_walk(get_resolver()))
NAMED: dict[str, Route] = {}
for _route in ALL_ROUTES:
    if _route.name:
        NAMED.setdefault(_route.name, _route)  # reverse() prefers the first too.


def with_mfa(user):
    enable_totp(user)
    RecoveryCodes.activate(user)  # allauth's TOTP set-up page creates these too.
    return user


def advisor_of(applicant: Applicant):
    """An advisor (MFA set up) of an organisation the applicant shares their file with,
    the applicant assigned to them: the file is in their caseload."""
    advisor = with_mfa(factories.AdvisorFactory())
    membership = factories.MembershipFactory(user=advisor)
    factories.ConsentFactory(applicant=applicant, organisation=membership.organisation,
                             advisor=advisor)
    return advisor


# Who visits: a name and how to make them (None: not signed in). "applicant" (A) owns the
# records an `owned` route is about; "other_applicant" (B) must get 404 for them.
# "advisor_with_mfa" is an advisor elsewhere (no file shared with them), "advisor_of_a" the
# advisor applicant A shares their file with; "content_editor" is staff in the content-editor
# group (as seed_demo makes editor@example.com).
ROLES = {
    "anonymous": lambda: None,
    "applicant": lambda: factories.ApplicantFactory(),
    "other_applicant": lambda: factories.ApplicantFactory(legal_name="Other Person Elsewhere"),
    "advisor": lambda: factories.AdvisorFactory(),  # no MFA set up yet
    "advisor_with_mfa": lambda: with_mfa(factories.AdvisorFactory()),
    "advisor_of_a": lambda: advisor_of(owner()),
    "content_editor": lambda: with_mfa(factories.ContentEditorFactory()),
    "staff": lambda: with_mfa(factories.StaffFactory()),
}
ADVISORS = {"advisor_with_mfa", "advisor_of_a"}  # with MFA set up


def _content_models() -> set[tuple[str, str]]:
    """The models the content-editor group edits, from the migration that makes it."""
    return set(import_module("road.migrations.0001_content_editors").MODELS)


def content_editor_page(route: Route) -> bool:
    """A STAFF route a content editor may use: the admin's own pages (no model in the path)
    and those of the models their group edits (config/access_policy.py, STAFF)."""
    if route.namespace != "admin":
        return False  # the other staff pages are about applicants' records
    match = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    if match is None:
        return True
    try:
        model = apps.get_model(*match.groups())
    except LookupError:  # an app's own page (admin/<app_label>/)
        return True
    return (model._meta.app_label, model._meta.model_name) in _content_models()


def lets_in(route: Route, role: str) -> bool:
    """Whether the route's level (config/access_policy.py) lets this role in. For an `owned`
    route, only applicant A owns the record."""
    access = route.access
    level = access.level
    if level is Level.PUBLIC:
        return True
    if level is Level.AUTHENTICATED:
        return role != "anonymous"
    if level is Level.APPLICANT_OWNER:
        return role == "applicant" if access.owned else role in {"applicant", "other_applicant"}
    if level is Level.ADVISOR:
        return role in ADVISORS
    if level is Level.ADVISOR_CASE:
        return role == "advisor_of_a" and not access.lead  # a member, not the lead
    if level is Level.LEAD:
        return False  # no role leads an organisation
    if level is Level.STAFF:
        return role == "staff" or (role == "content_editor" and content_editor_page(route))
    raise AssertionError(f"No expectations for level {level}")


def make_people() -> dict:
    """One of each role, applicant A made first (owned records go to the first applicant)."""
    return {role: make() for role, make in ROLES.items()}


def user_of(person):
    return getattr(person, "user", person)


def owner() -> Applicant:
    """Applicant A: the first made (one is made if no role has made one)."""
    return Applicant.objects.order_by("pk").first() or factories.ApplicantFactory()


def route_kwargs(route: Route, access: Access) -> dict:
    """Kwargs that reverse the route: samples, real admin ids, a real record's pk."""
    missing = [k for k in route.kwarg_names if k not in access.sample_kwargs]
    assert not missing, (
        f"{route.name} ({route.pattern}) takes {missing}: give sample kwargs in its POLICY entry"
    )
    kwargs = {k: access.sample_kwargs[k] for k in route.kwarg_names}
    kwargs.update(_real_admin_ids(route, kwargs))
    if access.owned:  # A real record of the first applicant's.
        kwargs["pk"] = str(getattr(factories, access.owned)(applicant=owner()).pk)
    if access.level is Level.ADVISOR_CASE:  # A's file, and a document of A's
        kwargs["pk"] = str(owner().pk)
        if "doc" in kwargs:
            kwargs["doc"] = str(factories.CredentialDocumentFactory(applicant=owner()).pk)
    if access.record:  # A real public record (a program), nobody's own.
        kwargs["pk"] = str(getattr(factories, access.record)().pk)
    return kwargs


def route_url(route: Route, access: Access, kwargs: dict | None = None) -> str:
    kwargs = route_kwargs(route, access) if kwargs is None else kwargs
    if route.namespace == "admin" and route.pattern.endswith("/history/([^/]+)/$"):
        return reverse(route.name, args=_history_args(route))
    return reverse(route.name, kwargs=kwargs)


def _history_args(route: Route) -> list[str]:
    """django-simple-history's "one past version" page takes (object id, history id)."""
    match = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    obj = apps.get_model(*match.groups())._default_manager.first()
    if not obj.history.exists():  # seeded rows have no history until their first edit
        obj.save()
    return [str(obj.pk), str(obj.history.first().history_id)]


def _real_admin_ids(route: Route, kwargs: dict) -> dict:
    """For admin object pages, a real object's id, so staff see the page render."""
    if route.namespace != "admin":
        return {}
    if "content_type_id" in kwargs:
        applicant = Applicant.objects.first()
        ct = ContentType.objects.get_for_model(Applicant)
        return {"content_type_id": str(ct.pk), "object_id": str(applicant.pk)}
    match = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    if not match or not {"object_id", "id"} & set(kwargs):
        return {}
    model = apps.get_model(*match.groups())
    obj = model._default_manager.first()
    return {k: str(obj.pk) for k in ("object_id", "id") if k in kwargs and obj is not None}


# Tables a GET may write: the session, allauth's user sessions, the cache table behind the
# rate limits, and the audit log (issue 12 adds it; name its table here when it lands).
# Everything else is a domain table: a GET that changes one is a deviation.
GET_MAY_WRITE = {"django_session", "usersessions_usersession", "django_cache",
                 "applicants_auditevent"}


def table_checksums(exclude=GET_MAY_WRITE) -> dict[str, str]:
    """md5 of every row of every table (one query), to show that nothing changed."""
    from django.db import connection

    tables = sorted(set(connection.introspection.table_names()) - set(exclude))
    parts = [f"SELECT '{t}', md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) "
             f'FROM "{t}" r' for t in tables]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))
