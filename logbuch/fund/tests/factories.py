"""One factory per fund model; each works with only `town=` given (isolation sweep)."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from logbuch.fund.models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    AssemblyResult,
    AssemblyVote,
    Attachment,
    Call,
    Category,
    CostItem,
    CostType,
    Decision,
    DecisionMode,
    Fund,
    FundSource,
    JuryConflict,
    JuryMember,
    JuryVote,
    LedgerEntry,
    LedgerKind,
    NotificationSent,
    Payout,
    ProofOfUse,
    PublicVote,
    PublicVoteOption,
    PublicVoter,
    PublicVoting,
    Question,
    RepaymentClaim,
)
from logbuch.fund.services.setup import fund_source_add
from logbuch.towns.tests.factories import TownFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image_bytes(image_format: str = "PNG") -> bytes:
    """A real 2×2 image (uploads are opened with Pillow, magic bytes alone do not pass)."""
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (60, 120, 90)).save(buffer, image_format)
    return buffer.getvalue()


PNG_BYTES = image_bytes("PNG")


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    town = factory.SubFactory(TownFactory)
    name = factory.Sequence(lambda n: f"Mitmach-Fonds {n}")
    year = 2027


class FundSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundSource

    town = factory.SubFactory(TownFactory)
    fund = factory.SubFactory(FundFactory, town=factory.SelfAttribute("..town"))
    kind = FundSource.Kind.TOWN_BUDGET
    name = "Haushalt der Stadt"
    amount_cents = 1_000_000


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    town = factory.SubFactory(TownFactory)
    fund = factory.SubFactory(FundFactory, town=factory.SelfAttribute("..town"))
    name = factory.Sequence(lambda n: f"Förderbereich {n}")
    max_amount_cents = 1_500_000
    jury_quorum_percent = 50


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    town = factory.SubFactory(TownFactory)
    fund = factory.SubFactory(FundFactory, town=factory.SelfAttribute("..town"))
    name = factory.Sequence(lambda n: f"Aufruf {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    town = factory.SubFactory(TownFactory)
    category = factory.SubFactory(CategoryFactory, town=factory.SelfAttribute("..town"))
    fund = factory.SelfAttribute("category.fund")
    applicant = factory.SubFactory(UserFactory)
    applicant_type = ApplicantType.VEREIN
    organisation_name = "Heimatverein"
    title = factory.Sequence(lambda n: f"Projekt {n}")
    description = "Ein Fest für alle."
    beneficiaries = "Die Nachbarschaft"
    location = "Marktplatz"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    requested_cents = 100_000
    contact_name = "Erika Muster"
    contact_email = "erika@example.org"


class CostItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostItem

    town = factory.SubFactory(TownFactory)
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))
    description = "Material"
    cost_type = CostType.MATERIAL
    amount_cents = 100_000


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    town = factory.SubFactory(TownFactory)
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="kostenplan.pdf"))
    original_name = "kostenplan.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    town = factory.SubFactory(TownFactory)
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))
    text = "Wer hilft beim Aufbau?"


class JuryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryMember

    town = factory.SubFactory(TownFactory)
    fund = factory.SubFactory(FundFactory, town=factory.SelfAttribute("..town"))
    user = factory.SubFactory(UserFactory)
    role = JuryMember.JuryRole.CLUB


class JuryConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryConflict

    town = factory.SubFactory(TownFactory)
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))
    juror = factory.SubFactory(
        JuryMemberFactory,
        town=factory.SelfAttribute("..town"),
        fund=factory.SelfAttribute("..application.fund"),
    )


class JuryVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryVote

    town = factory.SubFactory(TownFactory)
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))
    juror = factory.SubFactory(
        JuryMemberFactory,
        town=factory.SelfAttribute("..town"),
        fund=factory.SelfAttribute("..application.fund"),
    )
    choice = JuryVote.Choice.YES


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    town = factory.SubFactory(TownFactory)
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))
    mode = DecisionMode.FAST_TRACK
    outcome = Decision.Outcome.APPROVED_FULL
    amount_cents = 100_000
    reason = "Passt zu den Zielen des Fonds."


class PublicVotingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicVoting

    town = factory.SubFactory(TownFactory)
    category = factory.SubFactory(CategoryFactory, town=factory.SelfAttribute("..town"))
    fund = factory.SelfAttribute("category.fund")
    title = "Bürgerabstimmung"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    budget_cents = 500_000


class PublicVoteOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicVoteOption

    town = factory.SubFactory(TownFactory)
    voting = factory.SubFactory(PublicVotingFactory, town=factory.SelfAttribute("..town"))
    # A public vote's list is public: its applications agreed to publication.
    application = factory.SubFactory(
        ApplicationFactory,
        town=factory.SelfAttribute("..town"),
        category=factory.SelfAttribute("..voting.category"),
        status=ApplicationStatus.VOTING,
        consent_publish=True,
    )


class PublicVoterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicVoter

    town = factory.SubFactory(TownFactory)
    voting = factory.SubFactory(PublicVotingFactory, town=factory.SelfAttribute("..town"))
    method = PublicVoter.Method.EMAIL
    identity_hash = factory.Sequence(lambda n: f"{n:064x}")


class PublicVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicVote

    town = factory.SubFactory(TownFactory)
    option = factory.SubFactory(PublicVoteOptionFactory, town=factory.SelfAttribute("..town"))
    voting = factory.SelfAttribute("option.voting")
    ballot = factory.LazyFunction(uuid.uuid4)


class AssemblyVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssemblyVote

    town = factory.SubFactory(TownFactory)
    fund = factory.SubFactory(FundFactory, town=factory.SelfAttribute("..town"))
    held_on = factory.LazyFunction(timezone.localdate)
    budget_cents = 260_000
    minutes = "Versammlung im Bürgerhaus."


class AssemblyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssemblyResult

    town = factory.SubFactory(TownFactory)
    assembly = factory.SubFactory(AssemblyVoteFactory, town=factory.SelfAttribute("..town"))
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))


class PayoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payout

    town = factory.SubFactory(TownFactory)
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))
    kind = Payout.Kind.FIRST
    amount_cents = 80_000
    idempotency_key = factory.LazyFunction(lambda: uuid.uuid4().hex)


class ProofOfUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProofOfUse

    town = factory.SubFactory(TownFactory)
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))
    report = "Das Fest war schön."
    spent_cents = 100_000


class RepaymentClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepaymentClaim

    town = factory.SubFactory(TownFactory)
    application = factory.SubFactory(ApplicationFactory, town=factory.SelfAttribute("..town"))
    amount_cents = 16_000
    reason = "Nicht verbraucht."


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerEntry

    town = factory.SubFactory(TownFactory)
    fund = factory.SubFactory(FundFactory, town=factory.SelfAttribute("..town"))
    kind = LedgerKind.ALLOCATION
    amount_cents = 1_000_000
    reason = "Haushalt der Stadt"


class NotificationSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationSent

    town = factory.SubFactory(TownFactory)
    kind = "digest"
    subject_key = factory.Sequence(lambda n: f"2027-03-01:user:{n}")


def funded_category(town, *, budget_cents: int = 2_000_000, actor=None, **rules):
    """A fund with one category holding `budget_cents` (booked as an allocation)."""
    actor = actor or UserFactory()
    category = CategoryFactory(town=town, **rules)
    fund_source_add(
        fund=category.fund,
        actor=actor,
        kind=FundSource.Kind.TOWN_BUDGET,
        name="Haushalt der Stadt",
        amount_cents=budget_cents,
        category=category,
    )
    return category


def submitted_application(category, *, costs=None, **fields):
    """An application with cost items in status eingereicht (rules not checked)."""
    fields = {"status": ApplicationStatus.SUBMITTED, "submitted_at": timezone.now(), **fields}
    app = ApplicationFactory(town=category.town, category=category, fund=category.fund, **fields)
    for cost_type, cents in costs or [(CostType.MATERIAL, app.requested_cents)]:
        CostItemFactory(
            town=category.town, application=app, cost_type=cost_type, amount_cents=cents
        )
    return app


def draft_application(category, *, costs, call=None, applicant=None, **fields):
    """A draft with these (cost type, cents) rows, ready for `application_submit`."""
    app = ApplicationFactory(
        town=category.town,
        category=category,
        fund=category.fund,
        call=call,
        applicant=applicant or UserFactory(),
        **fields,
    )
    for cost_type, cents in costs:
        CostItemFactory(
            town=category.town, application=app, cost_type=cost_type, amount_cents=cents
        )
    return app
