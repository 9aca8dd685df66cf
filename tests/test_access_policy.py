"""Every URL has an entry in config/access_policy.py, and every entry holds.

The first tests walk Django's URL resolver: a named route with no entry, an
unnamed route outside a wildcard namespace, or an entry that matches no route
fails. Then each route is fetched with GET as each actor below and the outcome
is checked against its level. Any 5xx fails, and no page shown to a non-staff
actor may carry another applicant's name or email.
"""

import io
import zipfile
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from config.access_policy import POLICY, Access, Level, access_for
from tests import factories
from tests.factories import AdvisorFactory, ApplicantFactory, StaffFactory
from tests.routes import (
    ALL_ROUTES,
    GET_MAY_WRITE,
    NAMED,
    ROLES,
    Route,
    changed_tables,
    route_kwargs,
    route_url,
    table_checksums,
    with_mfa,
)

# Every role in tests/routes.py (advisor_with_mfa is not in the list; without it no
# actor would show that an advisor can reach an ADVISOR page at all, so it is checked too).
ACTORS = list(ROLES)

# Routes the test cannot reverse, each with the reason; they show as skipped, never
# silently. Anything else that fails to reverse fails. Empty today; keep it so.
UNREVERSIBLE: dict[str, str] = {}

# What a plain GET gives a user who *is* allowed, for routes where that is not < 400.
GET_QUIRKS: dict[str, tuple[int, str]] = {
    "admin:logout": (405, "Django's admin sign-out accepts POST only"),
    "admin:autocomplete": (
        403,
        "needs app_label/model_name/field_name of an autocomplete "
        "field; no ModelAdmin here has one, so Django refuses",
    ),
    "admin:view_on_site": (404, "no admin model defines get_absolute_url"),
    "admin:certification_requirementset_copy": (403, "copying a set is a POST"),
    "admin:residency_matchseason_next": (403, "proposing the next season is a POST"),
    "admin:certification_requirementset_publish": (
        403, "the first set is a published one: only a draft is published"),
    "admin:certification_requirementset_delete": (
        403, "the first set is a published one, which nobody may delete"),
    "admin:certification_requirement_delete": (
        403, "the first requirement is in a published set, which nobody may change"),
    "admin:certification_requirementset_preview": (404, "the sample id is a set's, no preview's"),
    "admin:certification_requirementset_reevaluation": (
        404, "the sample id is a set's, no re-evaluation's"),
    "applicants:calendar-feed": (404, "the sample token is no applicant's calendar token"),
    "applicants:unsubscribe": (404, "the sample token carries no valid signature"),
    "applicants:invitation": (404, "the sample code is no invitation"),
    "admin:applicants_auditevent_add": (403, "the audit log is append-only: no admin adds"),
    "admin:applicants_auditevent_delete": (403, "the audit log is append-only: no deletes"),
}

# allauth answers 404 to a user who lacks the authenticator these pages are about; users
# who have it must get < 400 like on any AUTHENTICATED page.
NEEDS_AUTHENTICATOR = {
    "mfa_deactivate_totp": Authenticator.Type.TOTP,
    "mfa_view_recovery_codes": Authenticator.Type.RECOVERY_CODES,
    "mfa_download_recovery_codes": Authenticator.Type.RECOVERY_CODES,
}

REDIRECTS = {301, 302, 303, 307, 308}


def _covered_by_wildcard(namespace: str) -> bool:
    return bool(namespace) and f"{namespace}:*" in POLICY


def test_every_named_route_has_a_policy_entry():
    missing = sorted(name for name in NAMED if access_for(name) is None)
    assert not missing, "Add these URL names to POLICY in config/access_policy.py: " + ", ".join(
        missing
    )


def test_unnamed_routes_only_inside_a_wildcard_namespace():
    # An unnamed route cannot have an entry (the admin has a few: its catch-all and
    # old-style object URLs, which redirect; its wildcard entry covers them).
    stray = [r.pattern for r in ALL_ROUTES if not r.name and not _covered_by_wildcard(r.namespace)]
    assert not stray, f"Name these routes and add them to POLICY: {stray}"


def test_no_stale_policy_entries():
    namespaces = {r.namespace for r in ALL_ROUTES}
    stale = sorted(
        key
        for key in POLICY
        if (key.endswith(":*") and key[:-2] not in namespaces)
        or (not key.endswith(":*") and key not in NAMED)
    )
    stale += sorted(set(UNREVERSIBLE) - set(NAMED))
    assert not stale, f"These entries match no route; remove them: {stale}"


def _admin_sample(name: str) -> bool:
    return name in {"admin:index", "admin:login"} or name.endswith("_changelist")


def _cases():
    for name, route in sorted(NAMED.items()):
        access = access_for(name)
        if access is None:
            continue  # Reported by test_every_named_route_has_a_policy_entry.
        for actor in ACTORS:
            # The admin has ~35 names: anonymous and staff visit them all; the others
            # visit a sample (index, login, every changelist) to keep this module fast.
            sampled = actor in {"anonymous", "staff"} or _admin_sample(name)
            if route.namespace == "admin" and not sampled:
                continue
            yield pytest.param(name, actor, id=f"{name}|{actor}")


@pytest.fixture
def applicants(db):
    """Both applicants exist in every case, so any page can be checked for leaks (and a
    school and a program, so their admin history pages have an object)."""
    factories.MedicalSchoolFactory()
    factories.ProgramFactory()
    return {
        "applicant": ApplicantFactory(),
        "other_applicant": ApplicantFactory(legal_name="Other Person Elsewhere"),
    }


def _person(actor, applicants):
    """The actor's applicant profile or user (None if anonymous), made only when needed."""
    makers = {
        "anonymous": lambda: None,
        "advisor": AdvisorFactory,
        "advisor_with_mfa": lambda: with_mfa(AdvisorFactory()),
        "staff": lambda: with_mfa(StaffFactory()),
    }
    return applicants[actor] if actor in applicants else makers[actor]()


def _url(route: Route, access: Access) -> str:
    if route.name in UNREVERSIBLE:
        pytest.skip(f"{route.name} cannot be reversed: {UNREVERSIBLE[route.name]}")
    kwargs = route_kwargs(route, access)
    try:
        return route_url(route, access, kwargs)
    except Exception as exc:  # Any failure to reverse must be reported.
        pytest.fail(f"Cannot reverse {route.name} ({route.pattern}) with {kwargs}: {exc!r}")


def assert_private_headers(response, where: str):
    """Every answer is kept by no cache; every page has a CSP that runs no inline script."""
    cache = response.get("Cache-Control", "")
    assert "no-store" in cache and "private" in cache, f"{where}: Cache-Control {cache!r}"
    if "html" in response.get("Content-Type", ""):
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, f"{where}: no CSP ({policy!r})"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where


def _assert_redirect_to(response, url: str):
    assert response.status_code in REDIRECTS, f"expected a redirect, got {response.status_code}"
    location = response["Location"]
    assert location.startswith(url), f"redirected to {location}, expected {url}…"


def _body(response) -> str:
    """The text a person would read: a ZIP download (the data export) is read inside."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/zip":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"".join(archive.read(name) for name in archive.namelist())
    return raw.decode(errors="replace")


def _follow_admin_redirects(client, response, hops=3):
    """The admin bounces within /admin/ (e.g. logout → index → login) before leaving."""
    for _ in range(hops):
        if response.status_code not in REDIRECTS:
            break
        if not urlsplit(response["Location"]).path.startswith("/admin/"):
            break
        response = client.get(response["Location"])
        assert response.status_code < 500, f"{response.status_code} on {response.request}"
    return response


def _others(applicants, actor):
    """Names and emails of applicants the actor must not see."""
    return [
        secret
        for key, applicant in applicants.items()
        if key != actor
        for secret in (applicant.legal_name, applicant.user.email)
    ]


@pytest.mark.parametrize(("name", "actor"), list(_cases()))
def test_route_access(client, applicants, name, actor):
    route, access = NAMED[name], access_for(name)
    if route.namespace == "admin" and actor == "staff":
        Group.objects.create(name="Editors")  # So every admin model has an object to show.
    person = _person(actor, applicants)
    url = _url(route, access)
    if person is not None:
        client.force_login(getattr(person, "user", person))

    follow = access.level is Level.APPLICANT_OWNER and actor.endswith("applicant")
    before = table_checksums()
    response = client.get(url, follow=follow)
    changed = changed_tables(before, table_checksums())
    assert not changed, f"GET {url} as {actor} changed {changed} (only {GET_MAY_WRITE} may)"
    assert response.status_code < 500, f"{url} as {actor}: {response.status_code}"
    assert_private_headers(response, f"{url} as {actor}")
    body = _body(response)
    if actor != "staff":  # Staff see everyone in the admin; nobody else sees others.
        leaked = [s for s in _others(applicants, actor) if escape(s) in body]
        assert not leaked, f"{url} shows {actor} another applicant's data: {leaked}"

    login, mfa_setup = reverse("account_login"), reverse("mfa_activate_totp")
    quirk = GET_QUIRKS.get(name)

    def allowed():
        needs = NEEDS_AUTHENTICATOR.get(name)
        user = getattr(person, "user", person)
        if needs and not Authenticator.objects.filter(user=user, type=needs).exists():
            assert response.status_code == 404, f"{url}: {response.status_code}"
        elif quirk and actor == "advisor" and response.status_code in REDIRECTS:
            _assert_redirect_to(response, mfa_setup)  # the MFA set-up comes first
        elif quirk:
            assert response.status_code == quirk[0], f"{url}: {response.status_code}"
        else:
            assert response.status_code < 400, f"{url} refused {actor}: {response.status_code}"

    def refused():
        assert response.status_code in {403, 404}, f"{url} let {actor} in: {response.status_code}"

    level = access.level
    if level is Level.PUBLIC:
        allowed()
        # login_required's bounce (with ?next=) means the page is not public after all.
        bounced = response.status_code in REDIRECTS and response["Location"].startswith(
            f"{login}?next="
        )
        assert not bounced, f"{url} is PUBLIC but sends {actor} to sign in"
    elif level is Level.STAFF:
        if actor == "staff":
            allowed()
        elif actor == "advisor":
            _assert_redirect_to(response, mfa_setup)
        else:
            final = _follow_admin_redirects(client, response)
            if actor == "anonymous":
                _assert_redirect_to(final, login)
            else:  # allauth's secure_admin_login refuses signed-in non-staff.
                assert final.status_code == 403, f"{url} let {actor} in: {final.status_code}"
    elif actor == "anonymous":
        _assert_redirect_to(response, login)
    elif level is Level.AUTHENTICATED:
        allowed()
    elif actor == "advisor":  # Advisors without MFA reach only /accounts/ pages.
        _assert_redirect_to(response, mfa_setup)
    elif level is Level.APPLICANT_OWNER and access.owned:
        # The record belongs to "applicant": the other applicant must not learn it exists.
        if actor == "applicant":
            assert response.status_code == 200, f"{url}: {response.status_code}"
        else:
            assert response.status_code == 404, f"{url} as {actor}: {response.status_code}"
    elif level is Level.APPLICANT_OWNER:
        if actor.endswith("applicant"):
            # Redirects followed (onboarding → status): the end is their own page, and
            # the leak check above has shown it names no other applicant.
            assert response.status_code == 200, f"{url}: {response.status_code}"
            chain = [hop for hop, _ in response.redirect_chain]
            assert not any(urlsplit(hop).path == login for hop in chain), f"{url}: {chain}"
            assert escape(person.legal_name) in body, f"{url} lacks {actor}'s own name"
        elif access.sample_kwargs:  # a page of one record: the bare 404 stays
            refused()
        else:  # advisors and staff: what the page is for and where they work, as a 403
            assert response.status_code == 403, f"{url} as {actor}: {response.status_code}"
            target = reverse("admin:index" if actor == "staff" else "applicants:advisor-home")
            assert "This page is for applicants" in body and f'href="{target}"' in body, url
    elif level is Level.ADVISOR:
        if actor == "advisor_with_mfa":  # POST-only routes send a GET back to the caseload
            allowed()
        else:  # Staff are not advisors: the admin is their page.
            refused()
    elif level is Level.ADVISOR_CASE:
        if actor == "advisor_with_mfa":  # no applicant shares a file with this advisor
            assert response.status_code == 404, f"{url}: {response.status_code}"
        else:
            refused()
    elif level is Level.LEAD:
        if actor == "advisor_with_mfa":  # an advisor who leads no organisation
            assert response.status_code == 403, f"{url}: {response.status_code}"
        else:
            refused()
    else:
        pytest.fail(f"No expectations for level {level}")
