from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from logbuch.towns import errors, services
from logbuch.towns.models import AuditEntry, Invitation, Membership, Role, User
from logbuch.towns.services import invitation_token_hash
from logbuch.towns.tests.factories import InvitationFactory, UserFactory
from logbuch.towns.tests.helpers import town_url

pytestmark = pytest.mark.django_db


BASE = "http://testserver/"


def invite(town, actor, email="neu@example.org", roles=(Role.VOLUNTEER,), **kw):
    return services.invitation_create(
        town=town, email=email, roles=list(roles), actor=actor, base_url=BASE, **kw
    )


def link_from_mail(message) -> str:
    found = re.search(r"http://testserver(/\S+)", message.body)
    assert found is not None
    return found.group(1)


def token_invitation(town, token="geheimer-token", **kw):  # noqa: S107
    return InvitationFactory(town=town, token_hash=invitation_token_hash(token), **kw), token


# --- Creating ---------------------------------------------------------------------------------


def test_coordinator_invites_with_several_roles_and_the_mail_goes_out_after_commit(
    coordinator_client, town, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator_client.post(
            town_url("towns:invitation_new", town),
            {
                "email": "Lisa.Neu@Example.org",
                "name": "Lisa Neu",
                "roles": ["volunteer", "resident"],
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "lisa.neu@example.org"
    assert sorted(invitation.roles) == ["resident", "volunteer"]
    assert invitation.expires_at > timezone.now() + timedelta(days=13, hours=23)
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lisa.neu@example.org"]
    assert message.subject == "Einladung zum Logbuch Musterstadt"
    assert "Guten Tag Lisa Neu" in message.body
    assert "funktioniert nur einmal" in message.body
    assert AuditEntry.objects.filter(town=town, action="towns.invitation.sent").exists()


def test_only_the_hash_of_the_token_is_stored(
    town, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(town, coordinator)
    token = link_from_mail(mail.outbox[0]).rstrip("/").split("/")[-1]
    invitation.refresh_from_db()
    assert token not in invitation.token_hash
    assert invitation.token_hash == invitation_token_hash(token)


def test_no_mail_when_the_transaction_rolls_back(
    town, coordinator, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invite(town, coordinator)
        raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_mail_is_not_sent_before_commit(town, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(town, coordinator)
        assert mail.outbox == []
    assert len(callbacks) == 1


def test_duplicate_member_email_is_a_form_error_and_keeps_the_input(
    coordinator_client, town, make_member
):
    make_member(town, Role.VOLUNTEER, email="schon@example.org")
    response = coordinator_client.post(
        town_url("towns:invitation_new", town),
        {"email": "SCHON@example.org", "name": "Getippter Name", "roles": ["council", "business"]},
    )
    assert response.status_code == 200
    assert "Diese Person gehört schon zum Ort." in response.text
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text
    assert 'value="Getippter Name"' in response.text
    assert 'value="SCHON@example.org"' in response.text
    assert response.text.count("checked") == 2
    assert not Invitation.objects.exists()


def test_open_invitation_for_the_email_is_a_form_error(coordinator_client, town):
    InvitationFactory(town=town, email="offen@example.org")
    response = coordinator_client.post(
        town_url("towns:invitation_new", town), {"email": "offen@example.org", "roles": ["staff"]}
    )
    assert response.status_code == 200
    assert "schon eine Einladung unterwegs" in response.text
    assert Invitation.objects.count() == 1


def test_member_of_another_town_can_be_invited(coordinator_client, town, other_town, make_member):
    make_member(other_town, Role.VOLUNTEER, email="anderswo@example.org")
    response = coordinator_client.post(
        town_url("towns:invitation_new", town),
        {"email": "anderswo@example.org", "roles": ["volunteer"]},
    )
    assert response.status_code == 302


def test_an_expired_invitation_makes_way_for_a_new_one(town, coordinator):
    old = InvitationFactory(
        town=town, email="spaet@example.org", expires_at=timezone.now() - timedelta(days=1)
    )
    invite(town, coordinator, email="spaet@example.org")
    assert not Invitation.objects.filter(pk=old.pk).exists()
    assert Invitation.objects.filter(email="spaet@example.org").count() == 1


def test_service_refuses_duplicates(town, coordinator, make_member):
    make_member(town, Role.RESIDENT, email="drin@example.org")
    with pytest.raises(errors.AlreadyMember):
        invite(town, coordinator, email="drin@example.org")
    invite(town, coordinator, email="zweimal@example.org")
    with pytest.raises(errors.InvitationAlreadyOpen):
        invite(town, coordinator, email="zweimal@example.org")


def test_coordinator_cannot_hand_out_the_town_admin_role(coordinator_client, coordinator, town):
    response = coordinator_client.get(town_url("towns:invitation_new", town))
    assert 'value="town_admin"' not in response.text
    response = coordinator_client.post(
        town_url("towns:invitation_new", town), {"email": "x@example.org", "roles": ["town_admin"]}
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    with pytest.raises(errors.RoleNotAllowed):
        invite(town, coordinator, roles=[Role.TOWN_ADMIN])


def test_town_admin_may_invite_a_town_admin(town, town_admin, client_for):
    response = client_for(town_admin).post(
        town_url("towns:invitation_new", town), {"email": "x@example.org", "roles": ["town_admin"]}
    )
    assert response.status_code == 302
    assert Invitation.objects.get().roles == ["town_admin"]


def test_volunteer_cannot_invite(client_for, town, make_member):
    response = client_for(make_member(town, Role.VOLUNTEER)).get(
        town_url("towns:invitation_new", town)
    )
    assert response.status_code == 403


# --- Accepting --------------------------------------------------------------------------------


def test_new_person_sets_name_and_password_and_is_logged_in(client, town):
    invitation, token = token_invitation(
        town, email="neu@example.org", roles=["volunteer", "resident"]
    )
    url = town_url("towns:invitation_accept", town, token=token)
    page = client.get(url)
    assert page.status_code == 200
    assert "neu@example.org" in page.text
    response = client.post(
        url,
        {
            "name": "Nora Neu",
            "password1": "ein-gutes-passwort-7",
            "password2": "ein-gutes-passwort-7",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == town_url("towns:home", town)
    user = User.objects.get(email="neu@example.org")
    assert user.name == "Nora Neu"
    assert user.check_password("ein-gutes-passwort-7")
    assert set(Membership.objects.filter(user=user, town=town).values_list("role", flat=True)) == {
        "volunteer",
        "resident",
    }
    invitation.refresh_from_db()
    assert invitation.used_by == user and invitation.used_at is not None
    home = client.get(town_url("towns:home", town))
    assert "Willkommen in Musterstadt" in home.text


def test_new_person_cannot_choose_another_email(client, town):
    _inv, token = token_invitation(town, email="richtig@example.org")
    client.post(
        town_url("towns:invitation_accept", town, token=token),
        {
            "name": "X",
            "email": "falsch@example.org",
            "password1": "ein-gutes-passwort-7",
            "password2": "ein-gutes-passwort-7",
        },
    )
    assert User.objects.filter(email="richtig@example.org").exists()
    assert not User.objects.filter(email="falsch@example.org").exists()


def test_weak_or_mismatching_password_is_refused_and_name_kept(client, town):
    _inv, token = token_invitation(town)
    url = town_url("towns:invitation_accept", town, token=token)
    response = client.post(url, {"name": "Nora Neu", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert 'value="Nora Neu"' in response.text
    response = client.post(
        url,
        {"name": "Nora Neu", "password1": "ein-gutes-passwort-7", "password2": "anders-passwort-8"},
    )
    assert "stimmen nicht überein" in response.text
    assert User.objects.count() == 0


def test_logged_in_person_accepts_and_gets_the_roles(client_for, town, other_town, make_member):
    person = make_member(other_town, Role.VOLUNTEER)
    _invitation, token = token_invitation(town, email=person.email, roles=["council"])
    client = client_for(person)
    url = town_url("towns:invitation_accept", town, token=token)
    assert "Einladung annehmen" in client.get(url).text
    response = client.post(url)
    assert response.status_code == 302
    assert list(
        Membership.objects.filter(user=person, town=town).values_list("role", flat=True)
    ) == ["council"]
    assert AuditEntry.objects.filter(town=town, action="towns.invitation.accepted").exists()


def test_an_invitation_for_another_address_changes_nothing(
    client_for, town, other_town, make_member
):
    """Signed in as Beispieldorf's coordinator, a Musterstadt link for someone else is refused."""
    intruder = make_member(other_town, Role.COORDINATOR, email="koordination@beispieldorf.example")
    invitation, token = token_invitation(
        town, email="gemeint@example.org", roles=[Role.COORDINATOR.value, Role.TOWN_ADMIN.value]
    )
    client = client_for(intruder)
    url = town_url("towns:invitation_accept", town, token=token)
    memberships, audit = Membership.objects.count(), AuditEntry.objects.count()
    page = client.get(url)
    assert "Diese Einladung gilt für eine andere E-Mail-Adresse" in page.text
    assert "Einladung annehmen" not in page.text
    response = client.post(url)
    assert response.status_code == 403
    assert "Diese Einladung gilt für eine andere E-Mail-Adresse" in response.text
    assert Membership.objects.count() == memberships
    assert not Membership.objects.filter(town=town, user=intruder).exists()
    assert AuditEntry.objects.count() == audit
    invitation.refresh_from_db()
    assert invitation.used_at is None and invitation.used_by is None
    with pytest.raises(errors.InvitationForAnotherEmail):
        services.invitation_accept(invitation=invitation, user=intruder)


def test_the_addressee_accepts_whatever_the_spelling_of_the_invitation(
    client_for, town, coordinator, make_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(town, coordinator, email=" Gemeint@Example.ORG ", roles=[Role.COUNCIL])
    person = make_member(town, Role.RESIDENT, email="gemeint@example.org")
    response = client_for(person).post(link_from_mail(mail.outbox[-1]))
    assert response.status_code == 302
    assert Membership.objects.filter(town=town, user=person, role=Role.COUNCIL).exists()


def test_existing_account_not_logged_in_is_asked_to_log_in(client, town):
    UserFactory(email="hatkonto@example.org")
    _inv, token = token_invitation(town, email="hatkonto@example.org")
    url = town_url("towns:invitation_accept", town, token=token)
    response = client.get(url)
    assert "schon ein Konto" in response.text
    assert "next=" in response.text
    assert 'name="password1"' not in response.text


def test_link_works_only_once(client, client_for, town, make_member):
    invitation, token = token_invitation(town, email="eingeladen@example.org")
    url = town_url("towns:invitation_accept", town, token=token)
    first = make_member(town, Role.RESIDENT, email="eingeladen@example.org")
    assert client_for(first).post(url).status_code == 302
    second = client_for(first).post(url)
    assert second.status_code == 410
    assert "schon benutzt" in second.text
    with pytest.raises(errors.InvitationNotUsable):
        services.invitation_accept(invitation=invitation, user=first)


@pytest.mark.parametrize("state", ["expired", "used", "forged"])
def test_invalid_link_shows_a_clear_message_and_a_request_button(client, town, state):
    token = "echter-token"
    if state == "expired":
        token_invitation(town, token, expires_at=timezone.now() - timedelta(minutes=1))
    elif state == "used":
        token_invitation(town, token, used_at=timezone.now())
    else:
        token = "ausgedacht"
    response = client.get(town_url("towns:invitation_accept", town, token=token))
    assert response.status_code == (404 if state == "forged" else 410)
    assert "Diese Einladung gilt nicht mehr" in response.text
    assert {"expired": "abgelaufen", "used": "schon benutzt", "forged": "kennen wir nicht"}[
        state
    ] in response.text
    assert "Koordinierungsstelle um neue Einladung bitten" in response.text
    assert town_url("towns:invitation_request", town, token=token) in response.text


def test_link_expires_after_14_days(client, town, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(town, coordinator)
    url = link_from_mail(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(days=13, hours=23)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        assert client.get(url).status_code == 410


def test_link_of_town_a_does_not_work_under_town_b(client, town, other_town):
    _inv, token = token_invitation(town)
    response = client.get(town_url("towns:invitation_accept", other_town, token=token))
    assert response.status_code == 404


def test_request_for_new_invitation_mails_each_coordinator_in_german(
    client, town, make_member, django_capture_on_commit_callbacks
):
    make_member(town, Role.COORDINATOR, email="k1@example.org")
    make_member(town, Role.TOWN_ADMIN, email="k2@example.org")
    make_member(town, Role.VOLUNTEER, email="nicht@example.org")
    _inv, token = token_invitation(town, expires_at=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            town_url("towns:invitation_request", town, token=token),
            {"name": "Olga Alt", "email": "olga@example.org", "note": "Bitte neu"},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["k1@example.org", "k2@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert mail.outbox[0].subject == "Bitte um eine neue Einladung für Musterstadt"
    assert "Olga Alt (olga@example.org) bittet um eine neue Einladung" in mail.outbox[0].body
    assert "Danke!" in client.get(response["Location"]).text


def test_request_for_new_invitation_is_throttled_per_address(
    client, town, coordinator, django_capture_on_commit_callbacks
):
    url = town_url("towns:invitation_request", town, token="ausgedacht")
    data = {"name": "Olga Alt", "email": "gedrosselt@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
        second = client.post(url, data)
    assert second.status_code == 302
    assert len(mail.outbox) == 1


def test_requests_for_new_invitations_are_capped_per_town(
    client, town, coordinator, django_capture_on_commit_callbacks
):
    url = town_url("towns:invitation_request", town, token="ausgedacht")
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(url, {"name": "Spam", "email": f"spam{i}@example.org"}) for i in range(12)
        ]
    assert {r.status_code for r in responses} == {302}
    assert len(mail.outbox) == 10


def test_request_form_errors_keep_the_input(client, town):
    response = client.post(
        town_url("towns:invitation_request", town, token="x"), {"name": "Olga", "email": "kaputt"}
    )
    assert response.status_code == 404
    assert 'value="Olga"' in response.text
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text


# --- Resend and revoke ------------------------------------------------------------------------


def test_resend_asks_first_then_mails_a_new_link(
    coordinator_client, town, coordinator, django_capture_on_commit_callbacks
):
    invitation, token = token_invitation(town, expires_at=timezone.now() - timedelta(days=2))
    url = town_url("towns:invitation_resend", town, pk=invitation.pk)
    confirm = coordinator_client.get(url)
    assert confirm.status_code == 200
    assert "erneut senden?" in confirm.text
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator_client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.is_usable
    assert invitation.token_hash != invitation_token_hash(token)
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="towns.invitation.resent").exists()


def test_revoke_asks_first_then_the_link_stops_working(coordinator_client, client, town):
    invitation, token = token_invitation(town)
    url = town_url("towns:invitation_revoke", town, pk=invitation.pk)
    assert "zurückziehen?" in coordinator_client.get(url).text
    assert Invitation.objects.exists()
    assert coordinator_client.post(url).status_code == 302
    assert not Invitation.objects.exists()
    assert client.get(town_url("towns:invitation_accept", town, token=token)).status_code == 404
    assert AuditEntry.objects.filter(action="towns.invitation.revoked").exists()


@pytest.mark.parametrize("name", ["towns:invitation_resend", "towns:invitation_revoke"])
def test_invitation_of_another_town_gives_404(coordinator_client, town, other_town, name):
    foreign = InvitationFactory(town=other_town)
    assert coordinator_client.get(town_url(name, town, pk=foreign.pk)).status_code == 404
    assert coordinator_client.post(town_url(name, town, pk=foreign.pk)).status_code == 404
    assert Invitation.objects.filter(pk=foreign.pk).exists()


def test_used_invitation_cannot_be_resent(coordinator_client, town):
    used = InvitationFactory(town=town, used_at=timezone.now())
    url = town_url("towns:invitation_resend", town, pk=used.pk)
    assert coordinator_client.post(url).status_code == 404


def test_invitations_page_lists_pending_with_constant_queries(
    coordinator_client, town, django_assert_max_num_queries
):
    InvitationFactory(town=town)
    with django_assert_max_num_queries(12) as one:
        coordinator_client.get(town_url("towns:invitations", town))
    InvitationFactory.create_batch(15, town=town)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = coordinator_client.get(town_url("towns:invitations", town))
    assert response.text.count("Erneut senden") == 16
