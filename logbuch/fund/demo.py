"""Demo data: "Mitmach-Fonds 2027" with 20,000 € from three sources, two categories, a jury and
eight applications in every state, one of them through the whole cycle. Runs through the same
services as the pages, so the ledger, the audit log and the rules are real."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from logbuch.towns.models import Role, Town, User

from .models import (
    ApplicantType,
    Application,
    Category,
    CostType,
    Decision,
    DecisionMode,
    Fund,
    FundSource,
    JuryMember,
    JuryVote,
)
from .services.applications import (
    CostInput,
    application_review_start,
    application_save_draft,
    application_submit,
    question_ask,
)
from .services.decisions import application_decide, jury_decide, jury_vote_cast
from .services.payouts import payout_make, proof_check, proof_submit
from .services.setup import (
    call_create,
    category_save,
    fund_create,
    fund_source_add,
    jury_member_add,
)

A = ApplicantType
C = CostType
YES, NO = JuryVote.Choice.YES, JuryVote.Choice.NO

FUND_NAME = "Mitmach-Fonds 2027"


def _pick(people: dict[str, list[User]], *roles: str) -> list[User]:
    found: list[User] = []
    for role in roles:
        found += [p for p in people.get(role, []) if p.email and p not in found]
    return found


def _application(
    *,
    town: Town,
    fund: Fund,
    category: Category,
    applicant: User,
    title: str,
    kind: str,
    organisation: str,
    requested: int,
    costs: list[tuple[str, str, int]],
    own: int = 0,
    hours: int = 0,
    start_in_days: int = 40,
) -> Application:
    today = timezone.localdate()
    app = Application(
        town=town,
        fund=fund,
        category=category,
        applicant=applicant,
        applicant_type=kind,
        organisation_name=organisation,
        title=title,
        description=f"{title}: eine Idee aus dem Ort für den Ort.",
        beneficiaries="Nachbarschaft, Familien, Ältere",
        location=town.name,
        start_date=today + timedelta(days=start_in_days),
        end_date=today + timedelta(days=start_in_days + 14),
        requested_cents=requested,
        own_money_cents=own,
        in_kind_hours=hours,
        contact_name=applicant.name,
        contact_email=applicant.email or "",
        consent_publish=True,
    )
    return application_save_draft(
        application=app,
        costs=[CostInput(d, t, c) for d, t, c in costs],
        actor=applicant,
    )


def build_demo(*, town: Town, people: dict[str, list[User]]) -> None:
    """Idempotent: if the demo fund exists in this town, nothing happens."""
    if Fund.objects.in_town(town).filter(name=FUND_NAME).exists():
        return
    coordinators = people.get(Role.COORDINATOR.value, [])
    applicants = _pick(people, Role.VOLUNTEER.value, Role.RESIDENT.value, Role.BUSINESS.value)
    jurors = _pick(people, Role.COUNCIL.value, Role.BUSINESS.value, Role.STAFF.value)
    if not coordinators or len(applicants) < 4 or len(jurors) < 3:
        return
    coordinator = coordinators[0]
    with transaction.atomic():
        _build(town, coordinator, applicants, jurors[:5])


def _build(town: Town, coordinator: User, applicants: list[User], jurors: list[User]) -> None:
    now = timezone.now()
    fund = fund_create(
        town=town,
        actor=coordinator,
        name=FUND_NAME,
        year=2027,
        description=(
            "Geld für Ideen aus dem Ort: schnell beantragt, klar geregelt, öffentlich "
            "nachvollziehbar. Kleine Beträge entscheidet die Koordinierungsstelle, größere "
            "die Jury aus Vereinen, Unternehmen und Rathaus."
        ),
    )
    small = category_save(
        category=Category(
            town=town,
            fund=fund,
            name="Kleinprojekte",
            description="Feste, Treffpunkte, kleine Anschaffungen für Vereine und Initiativen.",
            min_amount_cents=10_000,
            max_amount_cents=150_000,
            fast_track_max_cents=50_000,
            jury_quorum_percent=60,
            max_applications_per_call=3,
            applicant_types=[A.VEREIN, A.INITIATIVE, A.SCHOOL, A.PERSON],
            own_share_percent=10,
            in_kind_allowed=True,
            excluded_cost_types=[C.ALCOHOL, C.PERSONNEL],
        ),
        actor=coordinator,
    )
    youth = category_save(
        category=Category(
            town=town,
            fund=fund,
            name="Jugend und Schule",
            description="Ideen von und für junge Menschen; ab 14 Jahren selbst beantragen.",
            min_amount_cents=50_000,
            max_amount_cents=500_000,
            tiers_cents=[100_000, 250_000, 500_000],
            jury_quorum_percent=60,
            max_applications_per_call=3,
            person_min_age=14,
            in_kind_allowed=True,
            in_kind_cap_percent=20,
            own_share_percent=0,
        ),
        actor=coordinator,
    )
    for kind, name, cents, category in [
        (FundSource.Kind.TOWN_BUDGET, "Haushalt der Stadt", 1_200_000, small),
        (FundSource.Kind.LAND_GRANT, "Mitmach-Fonds des Landes", 600_000, youth),
        (FundSource.Kind.SPONSOR, "Stadtwerke (Pate)", 200_000, youth),
    ]:
        fund_source_add(
            fund=fund,
            actor=coordinator,
            kind=kind,
            name=name,
            amount_cents=cents,
            category=category,
        )
    call_create(
        fund=fund,
        actor=coordinator,
        name="Laufende Antragstellung 2027",
        opens_at=now - timedelta(days=200),
        closes_at=None,
    )
    roles = list(JuryMember.JuryRole.values)
    for i, user in enumerate(jurors):
        jury_member_add(fund=fund, actor=coordinator, user=user, role=roles[i % 5])

    a = applicants
    # 1. The whole cycle: Verein asks 1,500 €, jury 3:2, 80/20 payout, proof, closed.
    benches = _application(
        town=town,
        fund=fund,
        category=small,
        applicant=a[0],
        title="Bänke für den Stadtpark",
        kind=A.VEREIN,
        organisation="Heimatverein Musterstadt",
        requested=150_000,
        own=17_000,
        costs=[("Holz und Beschläge", C.MATERIAL, 120_000), ("Transporter", C.RENT, 50_000)],
    )
    application_submit(application=benches, actor=a[0])
    application_review_start(application=benches, actor=coordinator)
    for juror, choice in zip(jurors, [YES, YES, YES, NO, NO], strict=False):
        jury_vote_cast(application=benches, user=juror, choice=choice)
    jury_decide(
        application=benches,
        actor=coordinator,
        amount_cents=150_000,
        reason="Dauerhafter Nutzen für alle Generationen; der Verein baut selbst.",
        minutes="Jurysitzung im Rathaus, 5 Mitglieder, 3 ja, 2 nein.",
    )
    payout_make(application=benches, actor=coordinator, idempotency_key=f"demo-{benches.pk}-1")
    proof_submit(
        application=benches, actor=a[0], report="Sechs Bänke stehen am Teich.", spent_cents=150_000
    )
    proof_check(application=benches, actor=coordinator, accepted_cents=150_000)
    payout_make(application=benches, actor=coordinator, idempotency_key=f"demo-{benches.pk}-2")

    # 2. Approved and first instalment paid.
    reading = _application(
        town=town,
        fund=fund,
        category=youth,
        applicant=a[1],
        title="Lesepaten an der Grundschule",
        kind=A.SCHOOL,
        organisation="Grundschule am Markt",
        requested=100_000,
        costs=[("Bücher", C.MATERIAL, 80_000), ("Flyer", C.PRINTING, 20_000)],
    )
    application_submit(application=reading, actor=a[1])
    for juror in jurors[:3]:
        jury_vote_cast(application=reading, user=juror, choice=YES)
    jury_decide(
        application=reading,
        actor=coordinator,
        amount_cents=100_000,
        reason="Stärkt das Lesen; Ehrenamtliche sind gefunden.",
        minutes="Umlaufverfahren, 3 ja.",
    )
    payout_make(application=reading, actor=coordinator, idempotency_key=f"demo-{reading.pk}-1")

    # 3. Fast track.
    repair = _application(
        town=town,
        fund=fund,
        category=small,
        applicant=a[2],
        title="Repair-Café im Bürgerhaus",
        kind=A.INITIATIVE,
        organisation="Repair-Café-Initiative",
        requested=40_000,
        own=5_000,
        costs=[("Werkzeug", C.EQUIPMENT, 45_000)],
    )
    application_submit(application=repair, actor=a[2])
    application_decide(
        application=repair,
        actor=coordinator,
        mode=DecisionMode.FAST_TRACK,
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=40_000,
        reason="Klein, klar, sofort umsetzbar.",
    )

    # 4. In review with an open question.
    skate = _application(
        town=town,
        fund=fund,
        category=youth,
        applicant=a[3],
        title="Skatepark-Fest",
        kind=A.PERSON,
        organisation="",
        requested=120_000,
        hours=20,
        costs=[("Rampenmiete", C.RENT, 90_000), ("Plakate", C.PRINTING, 30_000)],
    )
    skate.applicant_birth_date = timezone.localdate().replace(year=timezone.localdate().year - 16)
    skate.save(update_fields=["applicant_birth_date"])
    application_submit(application=skate, actor=a[3])
    application_review_start(application=skate, actor=coordinator)
    question_ask(
        application=skate,
        actor=coordinator,
        text="Wer ist am Festtag für die Aufsicht verantwortlich?",
    )

    # 5. Submitted, waiting.
    herbs = _application(
        town=town,
        fund=fund,
        category=small,
        applicant=a[0],
        title="Kräutergarten am Seniorenheim",
        kind=A.INITIATIVE,
        organisation="Gartenfreunde",
        requested=80_000,
        own=9_000,
        costs=[("Pflanzen und Erde", C.MATERIAL, 89_000)],
    )
    application_submit(application=herbs, actor=a[0])

    # 6. Rejected with a reason.
    stage = _application(
        town=town,
        fund=fund,
        category=small,
        applicant=a[1],
        title="Bühne für den Weihnachtsmarkt",
        kind=A.VEREIN,
        organisation="Gewerbeverein",
        requested=150_000,
        own=20_000,
        costs=[("Bühnenmiete", C.RENT, 170_000)],
    )
    application_submit(application=stage, actor=a[1])
    application_decide(
        application=stage,
        actor=coordinator,
        mode=DecisionMode.JURY,
        outcome=Decision.Outcome.REJECTED,
        amount_cents=0,
        reason="Der Weihnachtsmarkt ist schon aus dem Haushalt finanziert.",
    )

    # 7. A draft.
    _application(
        town=town,
        fund=fund,
        category=small,
        applicant=a[2],
        title="Nachbarschafts-Café",
        kind=A.INITIATIVE,
        organisation="",
        requested=60_000,
        costs=[],
    )

    # 8. 640 € (80 %) paid, the proof shows 480 €: 160 € are released, 160 € claimed back.
    choir = _application(
        town=town,
        fund=fund,
        category=youth,
        applicant=a[3],
        title="Chorfahrt der Jugendkantorei",
        kind=A.VEREIN,
        organisation="Kantorei Musterstadt",
        requested=80_000,
        costs=[("Busfahrt", C.TRAVEL, 80_000)],
    )
    application_submit(application=choir, actor=a[3])
    application_decide(
        application=choir,
        actor=coordinator,
        mode=DecisionMode.JURY,
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=80_000,
        reason="Begegnung mit der Partnerstadt.",
    )
    payout_make(application=choir, actor=coordinator, idempotency_key=f"demo-{choir.pk}-1")
    proof_submit(
        application=choir, actor=a[3], report="Fahrt war günstiger als geplant.", spent_cents=48_000
    )
    proof_check(application=choir, actor=coordinator, accepted_cents=48_000)
