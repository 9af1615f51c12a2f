"""One factory per logbook model; every TownOwned factory works with only `town=` given."""

from __future__ import annotations

import datetime
import importlib

import factory
from django.apps import apps as django_apps
from django.utils import timezone

from logbuch.logbook.models import (
    Answer,
    Area,
    CatalogueVersion,
    CodeBatch,
    Demand,
    HiddenLever,
    JournalEntry,
    JournalKind,
    Lever,
    ListEntry,
    ListKind,
    LogbookSettings,
    Measure,
    MeasureNote,
    MeasureStatus,
    ParticipantGroup,
    Participation,
    ParticipationChannel,
    ProposalComment,
    Recommendation,
    ResultSnapshot,
    Round,
    RoundLever,
    Support,
    TownListEntry,
    list_key,
)
from logbuch.towns.tests.factories import TownFactory, UserFactory

# The data migrations that build the shared catalogue, in order: (module, function).
CATALOGUE_MIGRATIONS = (
    ("0002_catalogue_leitfaden_2024", "load"),
    ("0006_catalogue_named_after_the_guide", "rename"),
    ("0007_pole_labels_list_answers", "load"),
)


def ensure_catalogue() -> CatalogueVersion:
    """The catalogue of the data migrations, loaded again if a `transaction=True` test (e2e,
    races) flushed the database."""
    found = CatalogueVersion.objects.filter(is_current=True).first()
    if found is None:
        for module, function in CATALOGUE_MIGRATIONS:
            migration = importlib.import_module(f"logbuch.logbook.migrations.{module}")
            getattr(migration, function)(django_apps, None)
        found = CatalogueVersion.objects.get(is_current=True)
    return found


def current_version() -> CatalogueVersion:
    """The catalogue loaded by the data migration."""
    return ensure_catalogue()


def first_shared_lever() -> Lever:
    return Lever.objects.filter(town__isnull=True, area__version__is_current=True).first()  # type: ignore[return-value]


class CatalogueVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogueVersion

    slug = factory.Sequence(lambda n: f"test-{n}")
    title = factory.Sequence(lambda n: f"Testkatalog {n}")
    published_on = datetime.date(2025, 1, 1)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    version = factory.SubFactory(CatalogueVersionFactory)
    key = factory.Sequence(lambda n: f"area-{n}")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Bereich {n}")


class LeverFactory(factory.django.DjangoModelFactory):
    """A town's own Stellschraube in the current catalogue's first area (town=None: shared)."""

    class Meta:
        model = Lever

    area = factory.LazyFunction(lambda: current_version().areas.order_by("position").first())
    town = factory.SubFactory(TownFactory)
    position = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Eigene Stellschraube {n}")
    question = factory.Sequence(lambda n: f"Gibt es bei uns Punkt {n}?")


class HiddenLeverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HiddenLever

    town = factory.SubFactory(TownFactory)
    lever = factory.LazyFunction(first_shared_lever)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    version = factory.SubFactory(CatalogueVersionFactory)
    key = factory.Sequence(lambda n: f"rec-{n}")
    position = factory.Sequence(lambda n: n + 1)
    title = "Empfehlung"
    text = "Einfach machen!"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    town = factory.SubFactory(TownFactory)
    title = factory.Sequence(lambda n: f"Runde {n}")
    catalogue_version = factory.LazyFunction(current_version)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    groups = factory.LazyFunction(
        lambda: [ParticipantGroup.STAFF.value, ParticipantGroup.VOLUNTEER.value]
    )


class RoundLeverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundLever

    town = factory.SubFactory(TownFactory)
    round = factory.SubFactory(RoundFactory, town=factory.SelfAttribute("..town"))
    lever = factory.LazyFunction(first_shared_lever)
    position = 1


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    town = factory.SubFactory(TownFactory)
    round = factory.SubFactory(RoundFactory, town=factory.SelfAttribute("..town"))
    group = ParticipantGroup.VOLUNTEER
    channel = ParticipationChannel.MEMBER


class ResultSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultSnapshot

    town = factory.SubFactory(TownFactory)
    round = factory.SubFactory(RoundFactory, town=factory.SelfAttribute("..town"))
    number = factory.Sequence(lambda n: n + 1)
    released_at = factory.LazyFunction(timezone.now)


class CodeBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CodeBatch

    town = factory.SubFactory(TownFactory)
    round = factory.SubFactory(RoundFactory, town=factory.SelfAttribute("..town"))
    group = ParticipantGroup.VOLUNTEER
    size = 3


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    town = factory.SubFactory(TownFactory)
    round = factory.SubFactory(RoundFactory, town=factory.SelfAttribute("..town"))
    lever = factory.LazyFunction(first_shared_lever)
    group = ParticipantGroup.VOLUNTEER
    value = 2


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    town = factory.SubFactory(TownFactory)
    lever = factory.LazyFunction(first_shared_lever)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    goal = "Mehr Anerkennung für Engagierte"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))


class MeasureNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureNote

    town = factory.SubFactory(TownFactory)
    measure = factory.SubFactory(MeasureFactory, town=factory.SelfAttribute("..town"))
    noted_on = factory.LazyFunction(timezone.localdate)
    text = "Erstes Treffen hat stattgefunden."


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    town = factory.SubFactory(TownFactory)
    happened_on = factory.LazyFunction(timezone.localdate)
    kind = JournalKind.DECISION
    title = factory.Sequence(lambda n: f"Eintrag {n}")
    text = "Der Stadtrat hat beschlossen."


class ListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListEntry

    town = factory.SubFactory(TownFactory)
    answer = factory.SubFactory(AnswerFactory, town=factory.SelfAttribute("..town"))
    round = factory.SelfAttribute("answer.round")
    lever = factory.SelfAttribute("answer.lever")
    group = factory.SelfAttribute("answer.group")
    kind = ListKind.PLACE
    text = factory.Sequence(lambda n: f"Alte Schule {n}")
    key = factory.LazyAttribute(lambda o: list_key(o.text))


class TownListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TownListEntry

    town = factory.SubFactory(TownFactory)
    kind = ListKind.PLACE
    name = factory.Sequence(lambda n: f"Bahnhof {n}")
    key = factory.LazyAttribute(lambda o: list_key(o.name))


class ProposalFactory(MeasureFactory):
    """An open Vorschlag (a `Measure` in status proposed)."""

    status = MeasureStatus.PROPOSED
    proposed_at = factory.LazyFunction(timezone.now)
    due_on = None


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    town = factory.SubFactory(TownFactory)
    measure = factory.SubFactory(ProposalFactory, town=factory.SelfAttribute("..town"))
    user = factory.SubFactory(UserFactory)


class ProposalCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalComment

    town = factory.SubFactory(TownFactory)
    measure = factory.SubFactory(ProposalFactory, town=factory.SelfAttribute("..town"))
    text = "Gute Idee, ich helfe mit."


class LogbookSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogbookSettings

    town = factory.SubFactory(TownFactory)


def higher_level_lever() -> Lever:
    """E01, the guide's first higher-level Stellschraube."""
    ensure_catalogue()
    return Lever.objects.get(town__isnull=True, area__version__is_current=True, code="E01")


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    town = factory.SubFactory(TownFactory)
    lever = factory.LazyFunction(higher_level_lever)
    text = "Prozesse statt Projekte fördern: feste Stellen für die Koordinierung."
    addressee = "Land"
