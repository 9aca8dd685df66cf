"""POST on every route, and every object route swept with ids that are not the visitor's.

tests/test_access_policy.py checks every route × role with GET (outcome, no leak, headers, no
GET writes a domain table). This module adds the other method, from the same resolver walk,
the same policy and the same roles (tests/routes.py):

- a POST without a CSRF token is refused (403) on every route, for everyone, except the
  routes config/access_policy.CSRF_EXEMPT names;
- a POST with a token from every role the route's level refuses changes no table and is
  refused (sent to sign in or to MFA set-up, 403, 404 or 405), never 500;
- ID sweep: every route about one record, with another applicant's id, 0, 2³¹, 2⁶³−1 and
  10²⁰ in place of the id, answers 404 to GET and to POST and changes no table.
"""

import pytest
from django.urls import reverse

from config.access_policy import CSRF_EXEMPT, Level
from tests import factories
from tests.routes import (
    NAMED,
    ROLES,
    changed_tables,
    lets_in,
    make_people,
    owner,
    route_kwargs,
    route_url,
    table_checksums,
    user_of,
)

REDIRECTS = {301, 302, 303, 307, 308}
# The Django admin's few dozen pages run Django's own CSRF and permission checks: the CSRF
# test posts to its index, sign-in and every changelist; the refused-role test to a sample.
ADMIN_SAMPLE = ("admin:index", "admin:login", "admin:applicants_applicant_changelist")
# Ids that are nobody's (or too large for any id column); the other applicant's is added.
FOREIGN_IDS = {"zero": "0", "2^31": str(2**31), "2^63-1": str(2**63 - 1), "10^20": str(10**20)}


def _routes(admin_changelists=True):
    for name, route in sorted(NAMED.items()):
        sampled = name in ADMIN_SAMPLE or (admin_changelists and name.endswith("_changelist"))
        if route.namespace != "admin" or sampled:
            yield name, route


@pytest.mark.parametrize("name", [n for n, _ in _routes()])
@pytest.mark.parametrize("actor", ["anonymous", "applicant", "staff"])
def test_post_without_csrf_token_is_refused(client, db, name, actor):
    route = NAMED[name]
    people = {"anonymous": None, "applicant": ROLES["applicant"](), "staff": None}
    if actor == "staff":
        people["staff"] = ROLES["staff"]()
    url = route_url(route, route.access)
    if people[actor] is not None:
        client.force_login(user_of(people[actor]))
    client.handler.enforce_csrf_checks = True
    before = table_checksums()
    response = client.post(url, {"anything": "1"})

    if name in CSRF_EXEMPT:
        assert response.status_code != 403 or "CSRF" not in response.content.decode()
    else:
        assert response.status_code == 403, f"POST {url} without a token: {response.status_code}"
    if name not in CSRF_EXEMPT:
        assert changed_tables(before, table_checksums()) == []


def _refused_cases():
    # Who a route refuses: tests/routes.lets_in, from its level (for an owned record, B too).
    for name, route in _routes(admin_changelists=False):
        for actor in sorted(r for r in ROLES if not lets_in(route, r)):
            yield pytest.param(name, actor, id=f"{name}|{actor}")


@pytest.mark.parametrize(("name", "actor"), list(_refused_cases()))
def test_post_by_a_role_the_route_refuses_changes_nothing(client, db, name, actor):
    route = NAMED[name]
    people = make_people()
    url = route_url(route, route.access)
    person = people[actor]
    if person is not None:
        client.force_login(user_of(person))
    before = table_checksums()
    response = client.post(url, {"anything": "1"})

    assert changed_tables(before, table_checksums()) == [], f"POST {url} as {actor} wrote"
    status = response.status_code
    if status in REDIRECTS:
        where = response["Location"]
        assert where.startswith((reverse("account_login"), reverse("mfa_activate_totp"),
                                 "/admin/login/")), f"POST {url} as {actor} -> {where}"
    else:
        assert status in {403, 404, 405}, f"POST {url} as {actor}: {status}"


def _object_routes():
    for name, route in sorted(NAMED.items()):
        access = route.access
        if access and (access.owned or access.record) and "pk" in route.kwarg_names:
            for label in ["other applicant's", *FOREIGN_IDS]:
                yield pytest.param(name, label, id=f"{name}|{label}")


@pytest.mark.parametrize(("name", "label"), list(_object_routes()))
def test_id_sweep(client, db, name, label):
    route, access = NAMED[name], NAMED[name].access
    people = make_people()
    kwargs = route_kwargs(route, access)  # A's record (or a public one) exists
    if label == "other applicant's":
        if not access.owned or access.level is Level.STAFF:
            pytest.skip("a public record is everyone's; staff review everyone's documents")
        other = people["other_applicant"]
        kwargs["pk"] = str(getattr(factories, access.owned)(applicant=other).pk)
    else:
        kwargs["pk"] = FOREIGN_IDS[label]
    visitor = people["staff"] if access.level is Level.STAFF else people["applicant"]
    assert access.level is Level.STAFF or visitor == owner()
    client.force_login(user_of(visitor))
    url = route_url(route, access, kwargs)
    before = table_checksums()

    for method in ("get", "post"):
        response = getattr(client, method)(url, {"anything": "1"} if method == "post" else {})
        assert response.status_code in {404, 405}, f"{method.upper()} {url}: " \
                                                    f"{response.status_code}"
    assert changed_tables(before, table_checksums()) == []


def _case_routes():
    for name, route in sorted(NAMED.items()):
        if route.access and route.access.level is Level.ADVISOR_CASE:
            for label in ["other applicant's", *FOREIGN_IDS]:
                yield pytest.param(name, label, id=f"{name}|{label}")


@pytest.mark.parametrize(("name", "label"), list(_case_routes()))
def test_id_sweep_of_an_advisors_files(client, db, name, label):
    """A's advisor, with another applicant's file (or a document of A's file under it) or
    an id that is nobody's: 404 to GET and POST, nothing changed."""
    route, access = NAMED[name], NAMED[name].access
    people = make_people()
    kwargs = route_kwargs(route, access)  # A's file, a document of A's
    kwargs["pk"] = (str(people["other_applicant"].pk) if label == "other applicant's"
                    else FOREIGN_IDS[label])
    client.force_login(people["advisor_of_a"])
    url = route_url(route, access, kwargs)
    before = table_checksums()

    for method in ("get", "post"):
        response = getattr(client, method)(url, {"anything": "1"} if method == "post" else {})
        assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"
    assert changed_tables(before, table_checksums()) == []
