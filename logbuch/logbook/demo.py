"""Demo data of the Stellschrauben-Check (called by `manage.py demo`, see its extension contract).

Musterstadt gets two closed rounds (last year's, named and with three groups; this year's,
anonymous and with all five groups) and one open round, with answer patterns a coordinator
would recognise: staff rate recognition culture ("Anerkennungskultur") and mutual understanding
much higher than volunteers do, the council resolution of this year lifts S01, and the higher
levels (Land, Bund) draw many "weiß nicht". This year's list answers name places, partners,
actors and channels. Plus three measures and a few journal entries.
Other towns stay empty, so the isolation of towns is visible. Idempotent: a town that already
has the demo rounds is left as it is.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from logbuch.towns.models import Role, Town, User

from .models import (
    Answer,
    Demand,
    JournalEntry,
    JournalKind,
    JournalStatus,
    Lever,
    ListEntry,
    Measure,
    MeasureNote,
    MeasureStatus,
    ParticipantGroup,
    Participation,
    ParticipationChannel,
    ParticipationStatus,
    ProposalComment,
    Round,
    RoundLever,
    RoundStatus,
    Support,
    list_key,
)
from .services.rounds import round_open

DEMO_TOWN = "musterstadt"

# Mean score (0–4) per lever code for professionals (staff, council); laypeople differ below.
BASE = {
    "S01": 1.6, "S02": 2.6, "S03a": 1.8, "S03b": 2.4, "S04": 2.2, "S05": 2.0, "S06": 2.4,
    "S07": 2.2, "S08": 1.6, "S09": 3.1, "S10": 2.6, "S11": 1.8,
    "K01": 2.4, "K02": 3.0, "K03": 2.6, "K04": 2.2, "K05": 2.4, "K06": 2.0,
    "E01": 1.2, "E02": 1.0, "E03": 1.4, "E04": 0.9,
}  # fmt: skip
# How much lower (or higher) laypeople see a lever than professionals.
LAY_SHIFT = {"S09": -1.9, "K02": -1.6, "S03b": -1.2, "S02": -0.8, "K03": -0.9, "S06": 0.4}
# What changed between last year and this year.
THIS_YEAR_SHIFT = {"S01": 1.9, "S04": 0.6, "S09": 0.3, "K02": 0.2}
DONT_KNOW_SHARE = {"E01": 0.45, "E02": 0.5, "E03": 0.35, "E04": 0.3, "K01": 0.15, "S01": 0.2}
COMMENTS = {
    "S09": [
        "Beim Neujahrsempfang werden wir erwähnt, sonst merkt man wenig davon.",
        "Ein einfaches Dankeschön vom Bürgermeister würde viel bewirken.",
        "Die Ehrenamtskarte ist ein guter Anfang.",
    ],
    "K02": [
        "Die Verwaltung denkt in Zuständigkeiten, wir denken in Lösungen.",
        "Seit den gemeinsamen Treffen verstehen wir die Fristen im Rathaus besser.",
    ],
    "S03b": ["Fortbildungen gibt es, aber nur werktags vormittags."],
    "E04": ["Der Förderantrag für den Spielplatz hatte 34 Seiten."],
}

LAY_ROLES = (ParticipantGroup.VOLUNTEER, ParticipantGroup.RESIDENT, ParticipantGroup.BUSINESS)


def _score(rng: random.Random, mean: float) -> int:
    return max(0, min(4, round(rng.gauss(mean, 0.75))))


def _answers_for(
    rng: random.Random,
    *,
    round_: Round,
    levers: list[Lever],
    group: str,
    this_year: bool,
    participation: Participation | None,
) -> list[Answer]:
    answers = []
    for lever in levers:
        code = lever.code
        dont_know = rng.random() < DONT_KNOW_SHARE.get(code, 0.05) * (
            1.6 if group in LAY_ROLES else 0.7
        )
        mean = BASE.get(code, 2.0)
        if group in LAY_ROLES:
            mean += LAY_SHIFT.get(code, 0.0)
        if this_year:
            mean += THIS_YEAR_SHIFT.get(code, 0.0)
        comment = ""
        if code in COMMENTS and rng.random() < 0.3:
            comment = rng.choice(COMMENTS[code])
        evidence: tuple[str, datetime.date | None] = ("", None)
        if code == "S01" and this_year and group == ParticipantGroup.COUNCIL and not dont_know:
            evidence = ("Ratsbeschluss Nr. 14/2026 „Ko-kreative Kleinstadt“", round_.starts_on)
        answers.append(
            Answer(
                town=round_.town,
                round=round_,
                lever=lever,
                group=group,
                participation=participation,
                value=None if dont_know else _score(rng, mean),
                dont_know=dont_know,
                comment=comment,
                evidence_text=evidence[0],
                evidence_date=evidence[1],
            )
        )
    return answers


def _round(
    *,
    town: Town,
    coordinator: User,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    groups: list[str],
    anonymous: bool,
    closed: bool,
) -> Round:
    round_ = round_open(
        town=town,
        actor=coordinator,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        groups=groups,
        anonymous=anonymous,
    )
    if closed:
        closed_at = timezone.make_aware(
            datetime.datetime.combine(ends_on + datetime.timedelta(days=1), datetime.time(2))
        )
        Round.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED, closed_at=closed_at)
        round_.refresh_from_db()
    return round_


def _fill(
    rng: random.Random,
    *,
    round_: Round,
    takers: list[tuple[User, str]],
    this_year: bool,
    submitted_at: datetime.datetime,
) -> None:
    levers = list(
        Lever.objects.filter(round_levers__round=round_).order_by("round_levers__position")
    )
    participations = Participation.objects.bulk_create(
        [
            Participation(
                town=round_.town,
                round=round_,
                user=user,
                group=group,
                channel=ParticipationChannel.MEMBER,
                status=ParticipationStatus.SUBMITTED,
                submitted_at=submitted_at,
            )
            for user, group in takers
        ]
    )
    answers: list[Answer] = []
    for p in participations:
        answers += _answers_for(
            rng,
            round_=round_,
            levers=levers,
            group=p.group,
            this_year=this_year,
            participation=None if round_.anonymous else p,
        )
    if round_.anonymous:
        rng.shuffle(answers)
    Answer.objects.bulk_create(answers, batch_size=1000)


# What people name in list answers (S07, S08, K01, K03): (kind, entry, note) to pick from.
LIST_ENTRIES = {
    "S07": [
        ("place", "Alte Schule", "Erdgeschoss steht seit Jahren leer"),
        ("place", "Bahnhofsgebäude", ""),
        ("place", "Gemeindesaal", "abends meist frei"),
        ("partner", "Heimatverein", ""),
        ("partner", "Kirchgemeinde", "hat Räume und Leute"),
        ("partner", "Sportverein", ""),
    ],
    "S08": [
        ("partner", "Bäckerei Lange", "spendet für Feste"),
        ("partner", "Sparkasse", ""),
        ("partner", "Feuerwehr", ""),
    ],
    "K01": [
        ("actor", "Jugendclub", ""),
        ("actor", "Seniorentreff", ""),
        ("actor", "Weggezogene in Dresden", "Stammtisch der Ehemaligen"),
    ],
    "K03": [
        ("channel", "Amtsblatt", "erscheint nur monatlich"),
        ("channel", "Aushang am Markt", ""),
        ("channel", "Messenger-Gruppe", ""),
    ],
}


def _list_answers(rng: random.Random, *, round_: Round) -> None:
    """About half of the answers to the list questions name one to three entries."""
    rows = []
    for answer in Answer.objects.filter(round=round_, lever__code__in=LIST_ENTRIES).select_related(
        "lever"
    ):
        if rng.random() < 0.5:
            continue
        for kind, text, note in rng.sample(LIST_ENTRIES[answer.lever.code], rng.randint(1, 3)):
            rows.append(
                ListEntry(
                    town=round_.town,
                    answer=answer,
                    round=round_,
                    lever=answer.lever,
                    group=answer.group,
                    kind=kind,
                    text=text,
                    note=note,
                    key=list_key(text),
                )
            )
    rng.shuffle(rows)
    ListEntry.objects.bulk_create(rows, batch_size=1000)


def _takers(
    people: dict[str, list[User]], groups: list[str], share: float
) -> list[tuple[User, str]]:
    seen: set[int] = set()
    out: list[tuple[User, str]] = []
    for group in groups:
        members = people.get(group, [])
        for user in members[: max(3, round(len(members) * share))]:
            if user.pk not in seen:
                seen.add(user.pk)
                out.append((user, group))
    return out


def build_demo(*, town: Town, people: dict[str, list[User]]) -> None:
    if town.slug != DEMO_TOWN or Round.objects.in_town(town).exists():
        return
    coordinator = people[Role.COORDINATOR.value][0]
    rng = random.Random(f"logbook-demo-{town.slug}")  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    this_start = today - datetime.timedelta(days=75)
    last_start = this_start - datetime.timedelta(days=365)
    with transaction.atomic():
        last = _round(
            town=town,
            coordinator=coordinator,
            title=f"Stellschrauben-Check {last_start.year}",
            starts_on=last_start,
            ends_on=last_start + datetime.timedelta(days=28),
            groups=[ParticipantGroup.STAFF, ParticipantGroup.COUNCIL, ParticipantGroup.VOLUNTEER],
            anonymous=False,
            closed=True,
        )
        _fill(
            rng,
            round_=last,
            takers=_takers(people, last.groups, 0.7),
            this_year=False,
            submitted_at=timezone.make_aware(
                datetime.datetime.combine(last_start, datetime.time(18))
            ),
        )
        this = _round(
            town=town,
            coordinator=coordinator,
            title=f"Stellschrauben-Check {this_start.year}",
            starts_on=this_start,
            ends_on=this_start + datetime.timedelta(days=28),
            groups=[
                ParticipantGroup.STAFF,
                ParticipantGroup.COUNCIL,
                ParticipantGroup.VOLUNTEER,
                ParticipantGroup.BUSINESS,
                ParticipantGroup.RESIDENT,
            ],
            anonymous=True,
            closed=True,
        )
        _fill(
            rng,
            round_=this,
            takers=_takers(people, this.groups, 0.8),
            this_year=True,
            submitted_at=timezone.make_aware(
                datetime.datetime.combine(this_start, datetime.time(18))
            ),
        )
        _list_answers(rng, round_=this)
        current = _round(
            town=town,
            coordinator=coordinator,
            title=f"Zwischenstand {today.year}",
            starts_on=today - datetime.timedelta(days=3),
            ends_on=today + datetime.timedelta(days=25),
            groups=[ParticipantGroup.STAFF, ParticipantGroup.VOLUNTEER],
            anonymous=False,
            closed=False,
        )
        _fill(
            rng,
            round_=current,
            takers=_takers(people, [ParticipantGroup.STAFF], 0.4),
            this_year=True,
            submitted_at=timezone.now(),
        )
        _measures_and_journal(town=town, coordinator=coordinator, round_=this, today=today)
        _proposals(town=town, people=people, round_=this)
        _demands(town=town, coordinator=coordinator, round_=this, today=today)


def _measures_and_journal(
    *, town: Town, coordinator: User, round_: Round, today: datetime.date
) -> None:
    by_code = {
        lv.code: lv
        for lv in Lever.objects.filter(
            round_levers__in=RoundLever.objects.filter(round=round_),
            code__in=["S01", "S09", "K02"],
        )
    }
    thanks = Measure.objects.create(
        town=town,
        lever=by_code["S09"],
        round=round_,
        title="Dankeschön-Abend für Ehrenamtliche",
        goal="Einmal im Jahr sagt die Stadt allen Engagierten persönlich Danke.",
        owner_user=coordinator,
        due_on=today + datetime.timedelta(days=45),
        status=MeasureStatus.RUNNING,
        created_by=coordinator,
    )
    MeasureNote.objects.create(
        town=town,
        measure=thanks,
        noted_on=today - datetime.timedelta(days=10),
        text="Saal im Bürgerhaus reserviert, Bäckerei Lange spendet den Kuchen.",
        author=coordinator,
    )
    tandem = Measure.objects.create(
        town=town,
        lever=by_code["K02"],
        round=round_,
        title="Hospitation: Ehrenamtliche begleiten einen Tag im Rathaus",
        goal="Verwaltung und Ehrenamt verstehen die Abläufe der anderen Seite.",
        owner_role=Role.STAFF,
        due_on=today - datetime.timedelta(days=5),
        status=MeasureStatus.PLANNED,
        created_by=coordinator,
    )
    decision = Measure.objects.create(
        town=town,
        lever=by_code["S01"],
        title="Ratsbeschluss „Ko-kreative Kleinstadt“ vorbereiten",
        goal="Der Stadtrat bekennt sich zur ermöglichenden Stadt.",
        owner_role=Role.COORDINATOR,
        due_on=round_.starts_on - datetime.timedelta(days=20),
        status=MeasureStatus.DONE,
        created_by=coordinator,
    )
    resolution = JournalEntry.objects.create(
        town=town,
        happened_on=round_.starts_on - datetime.timedelta(days=21),
        kind=JournalKind.DECISION,
        title="Stadtrat beschließt: Musterstadt wird ko-kreative Kleinstadt",
        text="Einstimmig bei zwei Enthaltungen. Die Koordinierungsstelle wird verstetigt.",
        author=coordinator,
    )
    resolution.levers.set([by_code["S01"]])
    resolution.measures.set([decision])
    failure = JournalEntry.objects.create(
        town=town,
        happened_on=round_.starts_on - datetime.timedelta(days=120),
        kind=JournalKind.FAILURE,
        title="Online-Umfrage erreichte kaum Ältere",
        text="Scheitern ist erlaubt: Nächstes Mal gibt es auch Papierbögen und Codes.",
        author=coordinator,
    )
    failure.levers.set([by_code["K02"]])
    lesson = JournalEntry.objects.create(
        town=town,
        happened_on=round_.ends_on + datetime.timedelta(days=7),
        kind=JournalKind.LESSON,
        title="Anerkennung sehen Verwaltung und Ehrenamt sehr unterschiedlich",
        text="Die größte Wahrnehmungslücke der Runde. Daraus entstand der Dankeschön-Abend.",
        author=coordinator,
    )
    lesson.levers.set([by_code["S09"]])
    lesson.measures.set([thanks, tandem])


def _proposals(*, town: Town, people: dict[str, list[User]], round_: Round) -> None:
    """A volunteer's open Vorschlag with support and a comment, and a logbook draft."""
    volunteers = people.get(Role.VOLUNTEER.value, [])
    others = people.get(Role.RESIDENT.value, []) + people.get(Role.STAFF.value, [])
    if not volunteers:
        return
    proposer = volunteers[0]
    lever = Lever.objects.get(round_levers__round=round_, code="K02")
    proposal = Measure.objects.create(
        town=town,
        lever=lever,
        round=round_,
        title="Ehrenamtsbörse im Rathaus-Foyer",
        goal="Einmal im Quartal stellen sich Vereine und Verwaltung gegenseitig vor.",
        status=MeasureStatus.PROPOSED,
        proposed_at=timezone.now() - datetime.timedelta(days=4),
        proposed_by=proposer,
        created_by=proposer,
    )
    for person in [proposer, *others[:2]]:
        Support.objects.create(town=town, measure=proposal, user=person)
    if others:
        ProposalComment.objects.create(
            town=town,
            measure=proposal,
            author=others[0],
            text="Gute Sache – ich bringe die Liste der Ansprechpersonen mit.",
        )
    JournalEntry.objects.create(
        town=town,
        happened_on=timezone.localdate() - datetime.timedelta(days=2),
        kind=JournalKind.MILESTONE,
        title="Repair-Café hatte 30 Gäste",
        text="Entwurf: Die Koordinierungsstelle veröffentlicht ihn.",
        author=proposer,
        status=JournalStatus.DRAFT,
    )


def _demands(*, town: Town, coordinator: User, round_: Round, today: datetime.date) -> None:
    """A Forderung on a higher-level Stellschraube: sent to the Land, no answer yet."""
    Demand.objects.create(
        town=town,
        lever=Lever.objects.get(round_levers__round=round_, code="E04"),
        round=round_,
        text=(
            "Förderanträge für kleine Vorhaben auf zwei Seiten begrenzen und eine Pauschale "
            "für ehrenamtliche Eigenleistung anerkennen."
        ),
        addressee="Land (Staatsministerium für Regionalentwicklung)",
        sent_on=today - datetime.timedelta(days=14),
        created_by=coordinator,
    )
