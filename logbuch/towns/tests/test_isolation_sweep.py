"""Tenant isolation, CSRF and deny-by-default, checked on EVERY URL pattern of the project.

The patterns are walked from `config.urls` and the objects are built from every app's
`tests/factories.py`, so capabilities added later are swept without editing this file.

Setup: the user holds every role in town A (so role checks pass and object lookups are
reached) and no role in town B, which holds one object of every town-owned model.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

from logbuch.core.tests.urlsweep import (
    NON_OBJECT_KWARGS,
    Endpoint,
    build_every_town_object,
    database_fingerprint,
    email_addresses,
    project_factories,
    town_models,
    value_combinations,
    walk,
)
from logbuch.towns.access import access_of
from logbuch.towns.models import Role, Town, User
from logbuch.towns.tests.factories import MembershipFactory, TownFactory, UserFactory

pytestmark = pytest.mark.django_db

DENIED = {403, 404}
DENIED_FOR_OBJECT = {400, 403, 404, 405}


def _town_endpoints() -> list[Endpoint]:
    return [e for e in walk() if e.is_town]


def _member_of_every_role(town: Town) -> User:
    user = UserFactory()
    for role in Role:
        MembershipFactory(town=town, user=user, role=role)
    return user


def _request(client: Client, method: str, url: str) -> tuple[int | None, str, str]:
    """Status, redirect target and body; an exception becomes a failure, not an aborted sweep."""
    try:
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, {})
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}", ""
    body = "" if response.streaming else response.content.decode(errors="replace")
    return response.status_code, response.headers.get("Location", ""), body


def _is_public(endpoint: Endpoint) -> bool:
    """Open to visitors (@public) or to anyone with an account (@signed_in, e.g. applying to a
    fund): town B may answer a member of A there, but never with B's people's addresses."""
    access = access_of(endpoint.callback)
    return bool(access and (access.public or access.signed_in))


def test_every_town_view_declares_who_may_open_it():
    missing = [e.route for e in _town_endpoints() if access_of(e.callback) is None]
    assert not missing, "Town views without an access marker (@public, @members_only, ...):\n" + (
        "\n".join(missing)
    )


def test_the_sweep_sees_every_url_of_the_project():
    """Guard against a walker that silently finds nothing (e.g. after a urls.py refactor)."""
    names = {e.name for e in walk()}
    assert {"towns:home", "towns:members", "accounts:login", "home"} <= names
    for endpoint in _town_endpoints():
        if not endpoint.object_kwargs:
            url = endpoint.url({"town_slug": "musterstadt"})
            assert resolve(url).func == endpoint.callback, url


def test_every_town_owned_model_has_a_factory():
    covered = {f._meta.model for f in project_factories()}
    missing = [m._meta.label for m in town_models() if m not in covered]
    assert not missing, (
        f"Town-owned models without a factory (the sweep cannot cover them): {missing}"
    )


def test_every_factory_builds_with_only_a_town(db):
    built = build_every_town_object(TownFactory())
    assert not built.failures, "Factories that fail with only town= given:\n" + "\n".join(
        f"{name}: {error}" for name, error in built.failures.items()
    )


def _isolation_failures(
    town_a: Town, town_b: Town, built: Any, client: Client, *, route_contains: str = ""
) -> list[str]:
    failures: list[str] = []
    private = email_addresses(built)
    for endpoint in _town_endpoints():
        if route_contains not in endpoint.route:
            continue
        public = _is_public(endpoint)
        combos = value_combinations(endpoint, built)

        # (a) Town B's own address: the user has no role there.
        url = endpoint.url({"town_slug": town_b.slug, **combos[0]})
        for method in ("GET", "POST"):
            status, detail, body = _request(client, method, url)
            # Public pages of B may answer (and refuse bad input); all others must refuse.
            allowed = DENIED | ({200, 302, 400, 405} if public else set())
            if status not in allowed:
                failures.append(f"{method} {url} [{endpoint.name}] -> {status} {detail}")
            # ...but even a public page never shows the email address of one of B's people.
            shown = [e for e in private if e in body]
            if shown:
                failures.append(f"{method} {url} [{endpoint.name}] shows {shown}")

        # (b) Town A's address with the ids, slugs and tokens of town B's objects.
        if not endpoint.object_kwargs or set(endpoint.object_kwargs) <= NON_OBJECT_KWARGS:
            continue
        for values in combos:
            url = endpoint.url({"town_slug": town_a.slug, **values})
            for method in ("GET", "POST"):
                status, detail, _ = _request(client, method, url)
                if status not in DENIED_FOR_OBJECT:
                    failures.append(
                        f"{method} {url} [{endpoint.name}] with ids of town B -> {status} {detail}"
                    )
    return failures


@pytest.fixture
def two_towns() -> tuple[Town, Town, Any, Client]:
    town_a = TownFactory(slug="ort-a", name="Ort A")
    town_b = TownFactory(slug="ort-b", name="Ort B")
    user = _member_of_every_role(town_a)
    built = build_every_town_object(town_b)
    assert built.objects, "no objects of town B were built"
    client = Client()
    client.force_login(user)
    return town_a, town_b, built, client


def test_a_member_of_town_a_reaches_nothing_of_town_b(two_towns):
    before = database_fingerprint()
    failures = _isolation_failures(*two_towns)
    assert not failures, f"{len(failures)} requests reached town B:\n" + "\n".join(failures)
    changed = [t for t, h in database_fingerprint().items() if before.get(t) != h]
    assert not changed, f"The sweep changed these tables: {changed}"


def test_the_sweep_catches_a_view_that_forgets_the_town(two_towns, settings):
    """Control case: views reading or deleting by pk alone, or a public page listing the
    people's email addresses, are caught."""
    settings.ROOT_URLCONF = "logbuch.core.tests.leaky_urls"
    before = database_fingerprint()
    failures = _isolation_failures(*two_towns, route_contains="leck/")
    assert any("/ort-a/leck/lesen/7000001/" in f and "GET" in f for f in failures), failures
    assert not any("/ort-b/leck/lesen/" in f for f in failures), failures
    assert any("GET /ort-b/leck/oeffentlich/" in f and "shows" in f for f in failures), failures
    # The deleting view answers 404, so only the database fingerprint can catch it.
    changed = [t for t, h in database_fingerprint().items() if before.get(t) != h]
    assert "towns_membership" in changed


def _fill_for_town(endpoint: Endpoint, town: Town, built: Any) -> str | None:
    """A URL of this endpoint that resolves back to it, using ids of `town`'s objects."""
    values: dict[str, Any] = {}
    if endpoint.is_town:
        values["town_slug"] = town.slug
    for combo in value_combinations(endpoint, built, limit=20):
        generic = {
            k: "towns" if kind == "regex" else v
            for (k, kind), v in zip(endpoint.object_kwargs.items(), combo.values(), strict=True)
        }
        for attempt in ({**values, **combo}, {**values, **generic}):
            url = endpoint.url(attempt)
            try:
                if resolve(url).func == endpoint.callback:
                    return url
            except Exception:  # noqa: S112 - not resolvable with these values
                continue
    return None


def test_every_post_without_csrf_token_is_refused():
    town = TownFactory(slug="ort-a", name="Ort A")
    user = _member_of_every_role(town)
    user.is_staff = user.is_superuser = True  # reach /admin/ views too
    user.save(update_fields=["is_staff", "is_superuser"])
    built = build_every_town_object(town)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = database_fingerprint()
    failures, unreachable = [], []
    for endpoint in walk():
        url = _fill_for_town(endpoint, town, built)
        if url is None:
            unreachable.append(endpoint.route)
            continue
        response = client.post(url, {"name": "x", "email": "x@example.org"})
        used = [t.name for t in response.templates]
        if response.status_code != 403 or "errors/403_csrf.html" not in used:
            failures.append(f"POST {url} [{endpoint.name}] -> {response.status_code}")
    assert not failures, "POST without CSRF token was not refused:\n" + "\n".join(failures)
    assert not unreachable, f"No URL could be built for: {unreachable}"
    changed = [t for t, h in database_fingerprint().items() if before.get(t) != h]
    assert not changed, f"POSTs without a CSRF token changed these tables: {changed}"


def test_csrf_failure_page_is_german_and_helpful(client_for, town, make_member):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.text
    assert settings.CSRF_FAILURE_VIEW == "logbuch.core.views.csrf_failure"
