"""Login, lockout, safe redirects, password reset and the landing after login."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from logbuch.towns.models import Role
from logbuch.towns.tests.factories import MembershipFactory, UserFactory
from logbuch.towns.tests.helpers import login, town_url

pytestmark = pytest.mark.django_db


def test_login_with_email_lands_in_the_only_town(client, town, make_member):
    person = make_member(town, Role.VOLUNTEER, email="eins@example.org")
    response = login(client, person.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:after_login")
    assert client.get(response["Location"])["Location"] == town_url("towns:home", town)


def test_email_is_matched_without_regard_to_case(client, town, make_member):
    make_member(town, Role.VOLUNTEER, email="gross.klein@example.org")
    response = login(client, "Gross.Klein@Example.ORG")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_person_with_several_towns_lands_on_the_town_list(client, town, other_town, make_member):
    person = make_member(town, Role.VOLUNTEER)
    MembershipFactory(town=other_town, user=person, role=Role.RESIDENT)
    login(client, person.email)
    assert client.get(reverse("accounts:after_login"))["Location"] == reverse("home")


def test_person_without_town_lands_on_the_town_list(client):
    UserFactory(email="ohne@example.org")
    login(client, "ohne@example.org")
    assert client.get(reverse("accounts:after_login"))["Location"] == reverse("home")


def test_after_login_applies_the_persons_language(client_for, town, make_member):
    person = make_member(town, Role.VOLUNTEER, language="en")
    response = client_for(person).get(reverse("accounts:after_login"))
    assert response.cookies["django_language"].value == "en"


def test_next_on_this_site_is_followed(client, town, make_member):
    person = make_member(town, Role.COORDINATOR)
    target = town_url("towns:members", town)
    assert login(client, person.email, next_url=target)["Location"] == target


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/pfad", "http://testserver.evil.example/"]
)
def test_next_to_another_site_is_ignored(client, town, make_member, evil):
    person = make_member(town, Role.VOLUNTEER)
    response = login(client, person.email, next_url=evil)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:after_login")


def test_wrong_password_shows_a_german_message(client, town, make_member):
    person = make_member(town, Role.VOLUNTEER)
    response = login(client, person.email, password="falsch")
    assert response.status_code == 200
    assert "E-Mail oder Passwort stimmen nicht" in response.text


def test_failures_from_one_address_lock_the_login_with_a_german_message(client, town, make_member):
    """Many accounts from one address (each account alone is only slowed down)."""
    limit = settings.AXES_FAILURE_LIMIT
    people = [make_member(town, Role.VOLUNTEER) for _ in range(limit)]
    statuses = [login(client, p.email, password="falsch").status_code for p in people]
    assert statuses == [200] * (limit - 1) + [429]
    assert "Zu viele Fehlversuche" in login(client, people[0].email, password="falsch").text
    assert "15 Minuten" in login(client, people[0].email, password="falsch").text
    # Locked: even the right password is refused now.
    locked = login(client, people[0].email)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_the_same_for_known_and_unknown_emails(
    client, town, make_member, django_capture_on_commit_callbacks
):
    make_member(town, Role.VOLUNTEER, email="bekannt@example.org")
    url = reverse("accounts:password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "bekannt@example.org"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bekannt@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "unbekannt@example.org"})
    assert len(mail.outbox) == 1
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])

    def page(url):
        text = re.sub(r'"X-CSRFToken": "[^"]+"', "", client.get(url).text)
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert page(known["Location"]) == page(unknown["Location"])


def test_paper_only_member_gets_no_reset_mail(client, town, make_member):
    person = make_member(town, Role.RESIDENT, email=None)
    person.set_unusable_password()
    person.save()
    response = client.post(reverse("accounts:password_reset"), {"email": ""})
    assert response.status_code == 200
    assert mail.outbox == []


def test_password_reset_mail_goes_out_after_commit_in_german(
    client, town, make_member, django_capture_on_commit_callbacks
):
    make_member(town, Role.VOLUNTEER, email="bekannt@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("accounts:password_reset"), {"email": "bekannt@example.org"})
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert mail.outbox[0].subject == "Neues Passwort für Logbuch"
    assert "Mit diesem Link legen Sie es fest" in mail.outbox[0].body
    assert "/konto/passwort-neu/" in mail.outbox[0].body


def test_password_reset_mail_uses_the_persons_language(
    client, town, make_member, django_capture_on_commit_callbacks
):
    make_member(town, Role.VOLUNTEER, email="english@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "english@example.org"})
    assert mail.outbox[0].subject == "New password for Logbuch"
