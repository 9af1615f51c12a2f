"""The per-request reads in plain SQL give exactly what the ORM gives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from logbuch.towns.backends import MemberBackend
from logbuch.towns.models import Membership, Role, Session, Town, User
from logbuch.towns.sessions import SessionStore
from logbuch.towns.tests.factories import MembershipFactory, TownFactory, UserFactory
from logbuch.towns.tests.helpers import town_url

pytestmark = pytest.mark.django_db


def _fields(obj: object, model: type) -> dict[str, object]:
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
    assert loaded == lonely and loaded._towns_roles == []  # type: ignore[union-attr]
    assert MemberBackend().get_user(lonely.pk + 1000) is None
    assert MemberBackend().get_user("keine-zahl") is None


def test_inactive_person_is_not_signed_in(town):
    person = UserFactory(is_active=False)
    MembershipFactory(town=town, user=person, role=Role.VOLUNTEER)
    assert MemberBackend().get_user(person.pk) is None


def test_session_read_in_sql_equals_djangos(client_for, town, make_member):
    client = client_for(make_member(town, Role.VOLUNTEER))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    store = SessionStore(key)
    assert dict(store.items()) == Session.objects.get(session_key=key).get_decoded()
    assert store["_auth_user_id"]
    assert client.get(town_url("towns:home", town)).context["user"].is_authenticated


def test_expired_or_unknown_session_is_empty(client_for, town, make_member):
    client = client_for(make_member(town, Role.VOLUNTEER))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
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


def test_one_statement_reads_session_person_towns_and_roles(
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
    services.user_erase(user=person)
    assert not Session.objects.filter(session_key=key).exists()
    assert not client.get(town_url("towns:home", town)).context["user"].is_authenticated


def test_prefetched_rows_serve_only_the_session_s_own_person(client_for, town, make_member):
    from logbuch.towns.backends import prefetched_person  # noqa: PLC0415

    anna = make_member(town, Role.VOLUNTEER)
    bernd = make_member(town, Role.STAFF)
    key = client_for(anna).cookies[settings.SESSION_COOKIE_NAME].value
    SessionStore(key).load()
    assert prefetched_person.get() is not None
    loaded = MemberBackend().get_user(bernd.pk)  # another id: its own query, never Anna's rows
    assert loaded == bernd
    assert [role for _town, role in loaded._towns_roles] == [Role.STAFF]  # type: ignore[union-attr]
    assert prefetched_person.get() is None  # taken once


def test_prefetched_rows_do_not_outlive_the_request(client_for, town, make_member):
    from django.core.signals import request_finished  # noqa: PLC0415

    from logbuch.towns.backends import prefetched_person  # noqa: PLC0415

    key = client_for(make_member(town, Role.VOLUNTEER)).cookies[settings.SESSION_COOKIE_NAME].value
    SessionStore(key).load()
    request_finished.send(sender=None)
    assert prefetched_person.get() is None
