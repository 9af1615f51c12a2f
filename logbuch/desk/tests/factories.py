"""One factory per Anlaufstelle model; each works with only `town=` given (isolation sweep)."""

from __future__ import annotations

import datetime
import hashlib

import factory
from django.utils import timezone

from logbuch.desk.models import (
    Appointment,
    BoardCategory,
    BoardKind,
    BoardPost,
    BoardReport,
    Closure,
    Concern,
    ConcernCategory,
    ConcernKind,
    ConcernMessage,
    ContactPerson,
    HoursKind,
    MessageAuthor,
    Office,
    OpeningHours,
    Slot,
    ThankYou,
    WeeklyMailSent,
    WeeklyMailSubscription,
)
from logbuch.towns.models import Town
from logbuch.towns.tests.factories import TownFactory, UserFactory

SAME_TOWN = factory.SelfAttribute("..town")


def _hash(n: int) -> str:
    return hashlib.sha256(f"factory-{n}".encode()).hexdigest()


def town_office(town: Town) -> Office:
    """The town's one office. Made with a high pk, so an office made on the side for town B's
    objects (isolation sweep) never shares an id with a row of town A."""
    office, _created = Office.objects.get_or_create(town=town, defaults={"pk": 7_500_000 + town.pk})
    return office


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ["town"]

    town = factory.SubFactory(TownFactory)
    name = "Anlaufstelle im Rathaus"
    address = "Markt 1\n01234 Musterstadt"
    phone = "03456 7890"


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    town = factory.SubFactory(TownFactory)
    office = factory.LazyAttribute(lambda o: town_office(o.town))
    kind = HoursKind.OPEN
    weekday = 3
    opens = datetime.time(9)
    closes = datetime.time(18)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    town = factory.SubFactory(TownFactory)
    office = factory.LazyAttribute(lambda o: town_office(o.town))
    first_day = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    last_day = factory.LazyAttribute(lambda o: o.first_day + datetime.timedelta(days=6))
    reason = "Urlaub"


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    town = factory.SubFactory(TownFactory)
    office = factory.LazyAttribute(lambda o: town_office(o.town))
    starts_at = factory.Sequence(
        lambda n: (
            timezone.now().replace(minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=1, minutes=20 * n)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=20))


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    town = factory.SubFactory(TownFactory)
    slot = factory.SubFactory(SlotFactory, town=SAME_TOWN)
    name = "Erika Muster"
    contact = "0171 234567"
    cancel_token_hash = factory.Sequence(_hash)


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    town = factory.SubFactory(TownFactory)
    kind = ConcernKind.WORRY
    category = ConcernCategory.TRAFFIC
    text = "Die Straßenlaterne am Spielplatz ist seit Wochen aus."
    place = "Spielplatz Lindenstraße"
    anonymous = False
    name = "Karl Beispiel"
    email = factory.Sequence(lambda n: f"anliegen{n}@example.org")
    tracking_hash = factory.Sequence(_hash)


class ConcernMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConcernMessage

    town = factory.SubFactory(TownFactory)
    concern = factory.SubFactory(ConcernFactory, town=SAME_TOWN)
    author_kind = MessageAuthor.TOWN
    text = "Danke, wir kümmern uns."


class BoardPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardPost

    town = factory.SubFactory(TownFactory)
    kind = BoardKind.OFFER
    category = BoardCategory.HELP
    title = "Hilfe beim Einkaufen"
    text = "Ich fahre dienstags zum Markt und kann etwas mitbringen."
    author = factory.SubFactory(UserFactory)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class BoardReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardReport

    town = factory.SubFactory(TownFactory)
    post = factory.SubFactory(BoardPostFactory, town=SAME_TOWN)
    reason = "Das ist Werbung."


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    town = factory.SubFactory(TownFactory)
    name = factory.Sequence(lambda n: f"Ansprechperson {n}")
    topics = "Vereine, Ehrenamt"
    office_hours = "Do 14–18 Uhr"
    how_to_reach = "Rathaus, Zimmer 3"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")


class ThankYouFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThankYou

    town = factory.SubFactory(TownFactory)
    from_name = "Familie Schulze"
    recipient = factory.SubFactory(UserFactory)
    text = "Danke für die Hilfe beim Umzug!"


class WeeklyMailSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyMailSubscription

    town = factory.SubFactory(TownFactory)
    user = factory.SubFactory(UserFactory)


class WeeklyMailSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyMailSent

    town = factory.SubFactory(TownFactory)
    user = factory.SubFactory(UserFactory)
    week = factory.Sequence(lambda n: f"2026-W{n % 52 + 1:02d}")
