"""Sessions (Django's cached_db with the person's id) and the person read with their towns."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from logbuch.towns.backends import MemberBackend
from logbuch.towns.models import Membership, Role, Session, Town, User
from logbuch.towns.sessions import SessionStore
from logbuch.towns.tests.factories import MembershipFactory, TownFactory, UserFactory
from logbuch.towns.tests.helpers import town_url

pytestmark = pytest.mark.django_db


def _fields(obj: object, model: type[Model]) -> dict[str, object]:
    return {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}


def test_user_and_towns_equal_what_the_orm_loads(town, other_town):
    person = UserFactory(name="Jörg Ärmel", language="en")
    person.last_login = timezone.now() - timedelta(days=2)
    person.save()
    Town.objects.filter(pk=town.pk).update(population=12345, address="Markt 1\n12345 Musterstadt")
    for t, role in [(town, Role.VOLUNTEER), (town, Role.COUNCIL), (other_town, Role.STAFF)]:
        MembershipFactory(town=t, user=person, role=role)

    loaded = MemberBackend().get_user(str(person.pk))
    assert loaded is not None
    assert _fields(loaded, User) == _fields(User.objects.get(pk=person.pk), User)
    pairs = loaded._towns_roles  # type: ignore[attr-defined]
    expected = sorted(
        ((m.town, m.role) for m in Membership.objects.filter(user=person).select_related("town")),
        key=lambda p: (p[0].name, p[0].pk, p[1]),
    )
    assert [(t.pk, r) for t, r in pairs] == [(t.pk, r) for t, r in expected]
    for (got, _role), (want, _r) in zip(pairs, expected, strict=True):
        assert _fields(got, Town) == _fields(want, Town)
    assert loaded.last_login is not None and loaded.last_login.tzinfo is not None
    assert pairs[1][0] is pairs[2][0]  # one object per town (Musterstadt twice)


def test_person_without_towns_and_unknown_or_malformed_ids():
    lonely = UserFactory()
    loaded = MemberBackend().get_user(lonely.pk)
    assert loaded == lonely and loaded._towns_roles == []
    assert MemberBackend().get_user(lonely.pk + 1000) is None
    assert MemberBackend().get_user("keine-zahl") is None


def test_inactive_person_is_not_signed_in(town):
    person = UserFactory(is_active=False)
    MembershipFactory(town=town, user=person, role=Role.VOLUNTEER)
    assert MemberBackend().get_user(person.pk) is None


def test_sessions_are_djangos_cached_db_with_the_person_s_id(client_for, town, make_member):
    person = make_member(town, Role.VOLUNTEER)
    key = client_for(person).cookies[settings.SESSION_COOKIE_NAME].value
    assert issubclass(SessionStore, CachedDBStore)
    assert Session.objects.get(session_key=key).user_id == person.pk
    SessionStore(key).load()  # cached on the first read
    with CaptureQueriesContext(connection) as queries:
        data = SessionStore(key).load()
    assert len(queries) == 0
    assert data == Session.objects.get(session_key=key).get_decoded()
    caches[settings.SESSION_CACHE_ALIAS].clear()  # a cache restart: read from the database
    assert SessionStore(key).load() == data


def test_expired_or_unknown_session_is_empty(client_for, town, make_member):
    client = client_for(make_member(town, Role.VOLUNTEER))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    caches[settings.SESSION_CACHE_ALIAS].clear()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    assert dict(SessionStore(key).items()) == {}
    assert not client.get(town_url("towns:home", town)).context["user"].is_authenticated
    assert dict(SessionStore("x" * 32).items()) == {}


def test_login_and_logout_still_work_through_the_form(town):
    person = UserFactory(email="anna@example.org")
    person.set_password("ein-langes-passwort-1")
    person.save()
    MembershipFactory(town=town, user=person, role=Role.COORDINATOR)
    other = TownFactory(name="Zweitort", slug="zweitort")
    MembershipFactory(town=other, user=person, role=Role.RESIDENT)
    client = Client()
    response = client.post(
        "/konto/anmelden/",
        {"username": "anna@example.org", "password": "ein-langes-passwort-1"},
    )
    assert response.status_code == 302
    page = client.get(town_url("towns:home", town))
    assert page.context["user"] == person
    assert set(page.context["roles"]) == {Role.COORDINATOR}
    assert 'value="zweitort"' in page.text  # the switcher lists both towns
    client.post("/konto/abmelden/")
    assert not client.get(town_url("towns:home", town)).context["user"].is_authenticated


def test_one_query_reads_person_towns_and_roles_the_session_comes_from_the_cache(
    client_for, town, other_town, make_member, django_assert_num_queries
):
    person = make_member(town, Role.COORDINATOR, Role.VOLUNTEER)
    MembershipFactory(town=other_town, user=person, role=Role.RESIDENT)
    client = client_for(person)
    client.get(town_url("towns:glossary", town))  # warm the layout fragments
    with django_assert_num_queries(1):
        page = client.get(town_url("towns:glossary", town))
    assert set(page.context["roles"]) == {Role.COORDINATOR, Role.VOLUNTEER}
    assert 'value="beispieldorf"' in page.text


def test_session_row_names_its_person_and_ends_with_the_account(town):
    from logbuch.towns import services  # noqa: PLC0415

    person = UserFactory(email="bert@example.org")
    person.set_password("ein-langes-passwort-1")
    person.save()
    MembershipFactory(town=town, user=person, role=Role.VOLUNTEER)
    client = Client()
    client.post(
        "/konto/anmelden/", {"username": "bert@example.org", "password": "ein-langes-passwort-1"}
    )
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(session_key=key).user_id == person.pk
    cached = SessionStore.cache_key_prefix + key
    SessionStore(key).load()
    assert caches[settings.SESSION_CACHE_ALIAS].get(cached) is not None
    services.user_erase(user=person)
    assert not Session.objects.filter(session_key=key).exists()
    assert caches[settings.SESSION_CACHE_ALIAS].get(cached) is None
    assert not client.get(town_url("towns:home", town)).context["user"].is_authenticated
