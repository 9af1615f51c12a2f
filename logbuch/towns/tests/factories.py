from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from logbuch.towns.models import AuditEntry, Invitation, Membership, Role, Town, User

PASSWORD = "geheim-passwort-1"  # every UserFactory person's password


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Teststadt {n}")
    slug = factory.Sequence(lambda n: f"teststadt-{n}")
    bundesland = "SN"
    population = 9000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    town = factory.SubFactory(TownFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.VOLUNTEER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    town = factory.SubFactory(TownFactory)
    email = factory.Sequence(lambda n: f"eingeladen{n}@example.org")
    roles = factory.LazyFunction(lambda: [Role.VOLUNTEER.value])
    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    town = factory.SubFactory(TownFactory)
    action = "test"
