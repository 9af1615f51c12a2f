"""The person's own account: profile, language, password, data export and erasure."""

from __future__ import annotations

import json
import types

import pytest
from django.conf import settings
from django.urls import reverse

from logbuch.towns import services
from logbuch.towns.audit import audit
from logbuch.towns.hooks import app_hook_modules
from logbuch.towns.models import AuditEntry, Invitation, Membership, Role, User
from logbuch.towns.tests.factories import InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_profile_changes_name_and_language_and_sets_the_language_cookie(
    client_for, town, make_member
):
    person = make_member(town, Role.VOLUNTEER, name="Alt Name")
    client = client_for(person)
    response = client.post(reverse("accounts:profile"), {"name": "Neu Name", "language": "en"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.language) == ("Neu Name", "en")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("accounts:profile"))
    assert page.text.startswith("<!DOCTYPE html>")
    assert '<html lang="en"' in page.text


def test_profile_refuses_an_empty_name_and_an_unknown_language(client_for, town, make_member):
    person = make_member(town, Role.VOLUNTEER, name="Bleibt")
    response = client_for(person).post(reverse("accounts:profile"), {"name": "", "language": "xx"})
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text
    person.refresh_from_db()
    assert person.name == "Bleibt"


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change_uses_the_kern_form(client_for, town, make_member):
    person = make_member(town, Role.VOLUNTEER)
    client = client_for(person)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert "kern-form-input__input" in page.text
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "geheim-passwort-1",
            "new_password1": "ganz-neues-passwort-9",
            "new_password2": "ganz-neues-passwort-9",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    person.refresh_from_db()
    assert person.check_password("ganz-neues-passwort-9")
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "falsch", "new_password1": "x-y-z-1234", "new_password2": "x-y-z-1234"},
    )
    assert wrong.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in wrong.text


def test_data_export_is_a_json_download_of_own_data_across_towns(
    client_for, town, other_town, make_member
):
    person = make_member(town, Role.VOLUNTEER, name="Dora Daten", email="dora@example.org")
    MembershipFactory(town=other_town, user=person, role=Role.COUNCIL)
    make_member(town, Role.VOLUNTEER, name="Jemand Anderes")
    response = client_for(person).get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    towns_part = data["apps"]["towns"]
    assert towns_part["profile"]["email"] == "dora@example.org"
    assert towns_part["profile"]["name"] == "Dora Daten"
    assert {(m["town_slug"], m["role"]) for m in towns_part["memberships"]} == {
        ("musterstadt", "volunteer"),
        ("beispieldorf", "council"),
    }
    assert "Jemand Anderes" not in response.content.decode()
    assert "password" not in response.content.decode()


def test_account_deletion_asks_for_the_password_then_erases(client_for, town, make_member):
    person = make_member(town, Role.VOLUNTEER, email="weg@example.org")
    make_member(town, Role.COORDINATOR)
    InvitationFactory(town=town, email="weg@example.org")
    client = client_for(person)
    page = client.get(reverse("accounts:account_delete"))
    assert "nicht rückgängig" in page.text
    wrong = client.post(reverse("accounts:account_delete"), {"password": "falsch"})
    assert wrong.status_code == 200
    assert User.objects.filter(pk=person.pk).exists()
    response = client.post(reverse("accounts:account_delete"), {"password": "geheim-passwort-1"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not Membership.objects.filter(user_id=person.pk).exists()
    assert not Invitation.objects.filter(email="weg@example.org").exists()
    entry = AuditEntry.objects.get(town=town, action="towns.account.deleted")
    assert entry.target == ""
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out


def test_erasure_removes_the_name_from_the_audit_log_but_keeps_the_step(
    town, other_town, make_member
):
    person = make_member(town, Role.VOLUNTEER, name="Erika Erase", email="erika@example.org")
    admin = make_member(town, Role.COORDINATOR)
    services.membership_set_roles(town=town, user=person, roles=["council"], actor=admin)
    audit(town=town, actor=admin, action="towns.invitation.sent", target=person.email)
    audit(town=other_town, actor=None, action="towns.member.left", target="Erika Erase")
    services.user_erase(user=person)
    assert not AuditEntry.objects.filter(town=town, target__in=["Erika Erase", "erika@example.org"])
    assert AuditEntry.objects.filter(town=town, action="towns.roles.changed", actor=admin).exists()
    # Another town's namesake is not this person's data.
    assert AuditEntry.objects.filter(town=other_town, target="Erika Erase").exists()


def test_export_and_erasure_call_every_apps_privacy_hooks(monkeypatch, town, make_member):
    person = make_member(town, Role.VOLUNTEER)
    pk = person.pk
    calls = []
    fake = types.ModuleType("logbuch.fakeapp.privacy")
    vars(fake).update(
        export_user_data=lambda user: {"seen": user.pk},
        erase_user_data=lambda user: calls.append(user.pk),
    )
    monkeypatch.setattr(services, "app_hook_modules", lambda name: [fake])
    assert services.user_export_data(user=person)["apps"] == {"fakeapp": {"seen": pk}}
    services.user_erase(user=person)
    assert calls == [pk]
    assert not User.objects.filter(pk=pk).exists()


def test_the_hook_finder_finds_the_towns_privacy_module():
    names = [m.__name__ for m in app_hook_modules("privacy")]
    assert "logbuch.towns.privacy" in names
    assert all(name.startswith("logbuch.") for name in names)
