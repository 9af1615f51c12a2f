"""One spelling of an address: trimmed, NFKC, lower-case; stored so and enforced by the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from logbuch.towns import errors, services
from logbuch.towns.models import Invitation, Role, User
from logbuch.towns.tests.factories import PASSWORD, InvitationFactory, UserFactory

FULL_WIDTH = "ｕｗｅ．ｓｃｈｍｉｔｔ＠ｍｕｓｔｅｒｓｔａｄｔ．ｅｘａｍｐｌｅ"


@pytest.mark.django_db
def test_accounts_are_stored_normalized():
    user = User.objects.create_user(" Uwe.Schmitt@Musterstadt.EXAMPLE ", PASSWORD, name="Uwe")
    assert user.email == "uwe.schmitt@musterstadt.example"


@pytest.mark.django_db
@pytest.mark.parametrize("model", [User, Invitation])
def test_the_database_refuses_an_address_that_is_not_lower_case(model):
    row = UserFactory() if model is User else InvitationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(email="Gross@Example.org")


@pytest.mark.django_db
def test_one_address_cannot_belong_to_two_accounts_in_two_spellings():
    UserFactory(email="anna@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Anna@example.org", name="Anna")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", [" Uwe.Schmitt@Musterstadt.example", "UWE.SCHMITT@MUSTERSTADT.EXAMPLE ", FULL_WIDTH]
)
def test_login_accepts_every_spelling_of_the_address(client, town, make_member, typed):
    make_member(town, Role.VOLUNTEER, email="uwe.schmitt@musterstadt.example")
    response = client.post(reverse("accounts:login"), {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_invitations_are_stored_normalized_and_find_the_member(town, coordinator, make_member):
    invitation = services.invitation_create(
        town=town, email=" Neu@Example.ORG", roles=[Role.VOLUNTEER], actor=coordinator, base_url=""
    )
    assert invitation.email == "neu@example.org"
    make_member(town, Role.RESIDENT, email="schon.da@example.org")
    with pytest.raises(errors.AlreadyMember):
        services.invitation_create(
            town=town,
            email="SCHON.DA@example.org",
            roles=[Role.VOLUNTEER],
            actor=coordinator,
            base_url="",
        )


@pytest.mark.django_db(transaction=True)
def test_the_migration_normalizes_existing_addresses(migrate_to):
    old = migrate_to(("towns", "0003_session"))
    town = old.get_model("towns", "Town").objects.create(name="Alt", slug="alt", bundesland="SN")
    old_user = old.get_model("towns", "User").objects.create(
        email=" Alte.Schreibung@Example.ORG", name="Alt", password="!"
    )
    old.get_model("towns", "Invitation").objects.create(
        town=town,
        email="Einladung@Example.ORG",
        token_hash="x" * 64,
        expires_at=datetime(2030, 1, 1, tzinfo=UTC),
    )
    migrate_to(("towns", "0004_email_normalized"))
    assert User.objects.get(pk=old_user.pk).email == "alte.schreibung@example.org"
    assert Invitation.objects.get().email == "einladung@example.org"


@pytest.mark.django_db
def test_the_admin_stores_a_new_account_normalized(admin_client):
    response = admin_client.post(
        reverse("admin:towns_user_add"),
        {
            "email": " Neu.Angelegt@Example.ORG",
            "name": "Neu",
            "password1": "ein-gutes-passwort-7",
            "password2": "ein-gutes-passwort-7",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    assert User.objects.filter(email="neu.angelegt@example.org").exists()
