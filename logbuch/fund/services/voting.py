"""Public vote (Bürgerabstimmung) and assembly vote (Versammlung): writes and rules.

Locks (see docs/architecture.md):

- Casting a ballot holds the shared lock on the voting row (``lock(voting, shared=True)``:
  FOR KEY SHARE on PostgreSQL) while it checks the rules and writes. Ballots therefore run in
  parallel with each other, but a change of the rules (``voting_update``, which takes the
  exclusive ``lock()``) waits for them, and a ballot waits for a rule change: no ballot is
  ever checked against rules that are being changed. On SQLite the
  IMMEDIATE transaction mode serialises all writers, which gives the same guarantee.
- A voter casts once: the ballot flips ``PublicVoter.voted_at`` with a conditional UPDATE
  (``NOT_YET_VOTED``: ``WHERE voted_at IS NULL``) and checks the row count. A second ballot
  with the same email link or paper code changes nothing and is refused, so it counts once.
- Counting takes FOR UPDATE on the voting row (one counting at a time) and books every award
  through the fund's ledger service, all or nothing.

Ballot secrecy: ``PublicVote`` rows carry a random ballot id and the day only; nothing links
them to a ``PublicVoter``. ``voted_at`` is stored to the day, so the order of ballots cannot be
matched to the order of voters either.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.db.models import FilteredRelation, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core.caching import within_limit
from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import User

from .. import ledger
from .. import voting as secrets_
from ..allocation import Award, Candidate, Shortfall, allocate
from ..errors import (
    AlreadyVoted,
    AwardsExceedBudget,
    BudgetExceeded,
    InvalidBallot,
    NotCountable,
    RulesFrozen,
    TooManyLinkRequests,
    UnknownVoter,
    VotingClosed,
    VotingError,
)
from ..models import (
    Application,
    ApplicationStatus,
    AssemblyResult,
    AssemblyVote,
    Category,
    Decision,
    DecisionMode,
    Fund,
    PublicVote,
    PublicVoteOption,
    PublicVoter,
    PublicVoting,
)
from ..money import euro
from .applications import application_mark_voting
from .decisions import application_decide

MAX_CODES_PER_BATCH = 5000

# The condition of the one flip that lets a voter cast a ballot (see the module docstring).
NOT_YET_VOTED = Q(voted_at__isnull=True)

# Fields of a voting that are its rules: frozen once the first ballot is cast.
RULE_FIELDS = (
    "title",
    "opens_at",
    "closes_at",
    "votes_per_voter",
    "allow_cumulation",
    "budget_cents",
    "shortfall_rule",
)


def _shortfall_of(voting: PublicVoting) -> Shortfall:
    if voting.shortfall_rule == PublicVoting.Shortfall.SKIP:
        return Shortfall.SKIP
    return Shortfall.REDUCE_LAST


def _start_of_day(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.combine(local.date(), time.min))


# --- setting a vote up ---------------------------------------------------------------------


def voting_create(
    *,
    fund: Fund,
    category: Category,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    votes_per_voter: int,
    allow_cumulation: bool,
    budget_cents: int,
    applications: Sequence[Application],
    actor: User,
    shortfall_rule: str = PublicVoting.Shortfall.REDUCE_LAST,
) -> PublicVoting:
    """A prepared vote with its shortlist; every listed application belongs to the fund."""
    if category.fund_id != fund.pk:
        raise VotingError(_("Der Förderbereich gehört nicht zu diesem Fonds."))
    _check_shortlist(fund=fund, category=category, applications=applications)
    with transaction.atomic():
        voting = PublicVoting(
            town=fund.town,
            fund=fund,
            category=category,
            title=title,
            opens_at=opens_at,
            closes_at=closes_at,
            votes_per_voter=votes_per_voter,
            allow_cumulation=allow_cumulation,
            budget_cents=budget_cents,
            shortfall_rule=shortfall_rule,
        )
        voting.full_clean(exclude=["town", "fund", "category"])
        voting.save()
        PublicVoteOption.objects.bulk_create(
            [PublicVoteOption(town=fund.town, voting=voting, application=a) for a in applications]
        )
        _mark_in_voting(applications, actor)
        audit(
            town=fund.town,
            actor=actor,
            action="fund.voting.created",
            target=title,
            voting=voting.pk,
            options=len(applications),
        )
    return voting


def _mark_in_voting(applications: Sequence[Application], actor: User) -> None:
    """Listed applications wait for the vote (status "In Abstimmung")."""
    for application in applications:
        if application.status in {ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW}:
            application_mark_voting(application=application, actor=actor)


def _check_shortlist(
    *, fund: Fund, category: Category, applications: Sequence[Application]
) -> None:
    """The awards are paid from the vote's category, so only its applications are listed."""
    if not applications:
        raise VotingError(_("Die Liste der Abstimmung braucht mindestens einen Antrag."))
    if any(a.fund_id != fund.pk or a.town_id != fund.town_id for a in applications):
        raise VotingError(_("Auf die Liste kommen nur Anträge an diesen Fonds."))
    if any(a.category_id != category.pk for a in applications):
        raise VotingError(
            _("Auf die Liste kommen nur Anträge aus dem Förderbereich „%(category)s“.")
            % {"category": category.name}
        )
    published = set(
        Application.objects.publishable()
        .filter(pk__in=[a.pk for a in applications])
        .values_list("pk", flat=True)
    )
    hidden = [a.title for a in applications if a.pk not in published]
    if hidden:
        # The list of a public vote is shown to everyone (docs/architecture.md, consent).
        raise VotingError(
            _(
                "Auf die Liste kommen nur Anträge, deren Antragsteller einer Veröffentlichung "
                "zugestimmt haben. Ohne Zustimmung: %(titles)s."
            )
            % {"titles": ", ".join(f"„{t}“" for t in hidden)}
        )


def voting_update(
    *,
    voting: PublicVoting,
    actor: User,
    applications: Sequence[Application] | None = None,
    **changes: object,
) -> PublicVoting:
    """Change rules or shortlist; refused once the first vote is cast (with the reason)."""
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"not a rule of a voting: {sorted(unknown)}")
    with transaction.atomic():
        lock(voting)
        locked = PublicVoting.objects.get(pk=voting.pk)
        if locked.first_vote_at is not None or PublicVote.objects.filter(voting=locked).exists():
            raise RulesFrozen(
                _(
                    "Die Regeln der Abstimmung können nicht mehr geändert werden: "
                    "die erste Stimme wurde am %(when)s abgegeben."
                )
                % {"when": timezone.localtime(locked.first_vote_at or timezone.now()).date()}
            )
        if locked.status == PublicVoting.Status.COUNTED:
            raise RulesFrozen(_("Die Abstimmung ist bereits ausgezählt."))
        for field, value in changes.items():
            setattr(locked, field, value)
        if changes:
            locked.full_clean(exclude=["town", "fund", "category"])
            locked.save(update_fields=list(changes))
        if applications is not None:
            _check_shortlist(fund=locked.fund, category=locked.category, applications=applications)
            wanted = {a.pk for a in applications}
            PublicVoteOption.objects.filter(voting=locked).exclude(
                application_id__in=wanted
            ).delete()
            present = set(
                PublicVoteOption.objects.filter(voting=locked).values_list(
                    "application_id", flat=True
                )
            )
            PublicVoteOption.objects.bulk_create(
                [
                    PublicVoteOption(town=locked.town, voting=locked, application_id=pk)
                    for pk in sorted(wanted - present)
                ]
            )
            _mark_in_voting([a for a in applications if a.pk not in present], actor)
        audit(
            town=locked.town,
            actor=actor,
            action="fund.voting.updated",
            target=locked,
            voting=locked.pk,
            fields=sorted(changes),
            shortlist=applications is not None,
        )
    return locked


# --- voters ----------------------------------------------------------------------------------


LINK_MAILS_PER_HOUR = 3  # voting-link mails per mailbox and vote
# Link requests per client (network address, see core.caching.client_key) and hour, over all
# votes: a household or a library computer asks for a few, a script for hundreds.
LINKS_PER_CLIENT_PER_HOUR = 10


def voter_request_link(
    *, voting: PublicVoting, email: str, link_for: str, client: str
) -> str | None:
    """Send a voting link to a mailbox; one voter per mailbox and vote.

    The mailbox is the address after `voting.voter_mailbox` (case, `+tag`, Gmail's dots), so
    `mallory+2@…` and `Mallory@…` are one voter with one ballot. Returns the plain token (for
    the caller to build a link in tests) or None when the mailbox has voted already; the page
    shown to the person is the same in both cases, so the form does not reveal who has voted.
    `link_for` is a URL with ``{token}`` in it; `client` is `core.caching.client_key(request)`:
    more than LINKS_PER_CLIENT_PER_HOUR requests from one client raise TooManyLinkRequests.
    """
    from ..notifications import notify_vote_link  # noqa: PLC0415 (mail templates load late)

    check_open(voting)
    if not within_limit(f"fund:vote-link-client:{client}", LINKS_PER_CLIENT_PER_HOUR, 60 * 60):
        raise TooManyLinkRequests(
            _(
                "Von Ihrem Anschluss wurden in der letzten Stunde schon viele Links zum "
                "Abstimmen angefordert. Bitte versuchen Sie es später noch einmal oder stimmen "
                "Sie mit einem Code vom Stimmzettel ab."
            )
        )
    identity = secrets_.email_hash(vote_id=voting.pk, email=email)
    # The form is public: without a cap anyone could fill a stranger's mailbox with links.
    # The person sees the same page either way (the counter knows only the address's hash).
    key = f"fund:vote-link:{voting.pk}:{identity}"
    if not within_limit(key, LINK_MAILS_PER_HOUR, 60 * 60):
        return None
    token = secrets_.new_link_token()
    with transaction.atomic():
        voter = PublicVoter.objects.filter(voting=voting, identity_hash=identity).first()
        if voter is None:
            try:
                with transaction.atomic():
                    voter = PublicVoter.objects.create(
                        town=voting.town,
                        voting=voting,
                        method=PublicVoter.Method.EMAIL,
                        identity_hash=identity,
                        token_hash=secrets_.token_hash(token),
                    )
            except IntegrityError:
                voter = PublicVoter.objects.get(voting=voting, identity_hash=identity)
            else:
                notify_vote_link(voting=voting, email=email, url=link_for.format(token=token))
                return token
        if voter.voted_at is not None:
            return None
        PublicVoter.objects.filter(pk=voter.pk, voted_at__isnull=True).update(
            token_hash=secrets_.token_hash(token)
        )
        notify_vote_link(voting=voting, email=email, url=link_for.format(token=token))
    return token


def voter_codes_generate(*, voting: PublicVoting, count: int, actor: User) -> list[str]:
    """Create `count` more paper codes; returns them for the printable sheet."""
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise VotingError(
            _("Bitte zwischen 1 und %(max)s Codes auf einmal erzeugen.")
            % {"max": MAX_CODES_PER_BATCH}
        )
    with transaction.atomic():
        lock(voting)
        locked = PublicVoting.objects.get(pk=voting.pk)
        if locked.status == PublicVoting.Status.COUNTED:
            raise VotingClosed(_("Die Abstimmung ist bereits ausgezählt."))
        start = _code_count(locked) + 1
        codes = [
            secrets_.paper_code(vote_id=locked.pk, serial=serial)
            for serial in range(start, start + count)
        ]
        PublicVoter.objects.bulk_create(
            [
                PublicVoter(
                    town=locked.town,
                    voting=locked,
                    method=PublicVoter.Method.CODE,
                    identity_hash=secrets_.code_hash(code),
                )
                for code in codes
            ]
        )
        audit(
            town=locked.town,
            actor=actor,
            action="fund.voting.codes_created",
            target=locked,
            count=count,
        )
    return codes


def _code_count(voting: PublicVoting) -> int:
    return PublicVoter.objects.filter(voting=voting, method=PublicVoter.Method.CODE).count()


def voting_code_sheet(*, voting: PublicVoting) -> list[str]:
    """All paper codes of a vote, in print order (derived again, never stored in plain)."""
    return [
        secrets_.paper_code(vote_id=voting.pk, serial=serial)
        for serial in range(1, _code_count(voting) + 1)
    ]


# --- casting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Credential:
    """How a voter proves the right to vote: the emailed link token or a paper code."""

    token: str = ""
    code: str = ""

    def identity_filter(self, voting: PublicVoting) -> dict[str, object]:
        if self.token:
            return {"token_hash": secrets_.token_hash(self.token)}
        if self.code:
            return {
                "identity_hash": secrets_.code_hash(self.code),
                "method": PublicVoter.Method.CODE,
            }
        raise UnknownVoter(_("Bitte den Link aus der E-Mail oder Ihren Code verwenden."))


def check_open(voting: PublicVoting, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if voting.status in {PublicVoting.Status.CLOSED, PublicVoting.Status.COUNTED}:
        raise VotingClosed(_("Die Abstimmung ist beendet."))
    if now < voting.opens_at:
        raise VotingClosed(
            _("Die Abstimmung beginnt am %(when)s.")
            % {"when": timezone.localtime(voting.opens_at).strftime("%d.%m.%Y %H:%M")}
        )
    if now >= voting.closes_at:
        raise VotingClosed(
            _("Die Abstimmung endete am %(when)s.")
            % {"when": timezone.localtime(voting.closes_at).strftime("%d.%m.%Y %H:%M")}
        )


def voter_find(*, voting: PublicVoting, credential: Credential) -> PublicVoter:
    """The voter behind a link or code, if it may still vote (raises a VotingError if not)."""
    voter: PublicVoter | None = PublicVoter.objects.filter(
        voting=voting, **credential.identity_filter(voting)
    ).first()
    if voter is None:
        raise UnknownVoter(
            _("Dieser Code ist uns nicht bekannt. Bitte prüfen Sie die Schreibweise.")
            if credential.code
            else _("Dieser Link ist nicht gültig. Bitte fordern Sie einen neuen an.")
        )
    if voter.voted_at is not None:
        raise AlreadyVoted(
            _("Mit diesem Zugang wurde schon abgestimmt. Jede Person hat eine Stimmabgabe.")
        )
    return voter


def check_choices(
    *, voting: PublicVoting, choices: Mapping[int, int], option_ids: set[int]
) -> None:
    """Raise InvalidBallot naming the rule that a ballot breaks."""
    given = {k: v for k, v in choices.items() if v}
    if not given:
        raise InvalidBallot(_("Bitte vergeben Sie mindestens eine Stimme."))
    if any(v < 0 for v in given.values()):
        raise InvalidBallot(_("Stimmen können nicht negativ sein."))
    if not set(given) <= option_ids:
        raise InvalidBallot(_("Sie können nur für Anträge auf der Liste stimmen."))
    if not voting.allow_cumulation and any(v > 1 for v in given.values()):
        raise InvalidBallot(
            _("In dieser Abstimmung gibt es höchstens eine Stimme je Antrag (kein Häufeln).")
        )
    total = sum(given.values())
    if total > voting.votes_per_voter:
        raise InvalidBallot(
            _("Sie haben %(total)s Stimmen vergeben, erlaubt sind %(max)s.")
            % {"total": total, "max": voting.votes_per_voter}
        )


# What a ballot is checked against (check_open, check_choices) and writes with.
BALLOT_RULES = (
    "town_id",
    "status",
    "opens_at",
    "closes_at",
    "votes_per_voter",
    "allow_cumulation",
    "first_vote_at",
)


def _lock_voting_for_ballot(
    voting_id: int, town_id: int, chosen: Iterable[int]
) -> tuple[PublicVoting, set[int]]:
    """Hold the shared lock on the vote (see the module docstring), then read its current rules
    and which of the `chosen` option ids are on its list, in one query: one row per chosen
    option that is on the list, or one row with NULL when none is (never a row per option of
    the whole list).

    A vote of another town looks like a missing one (PublicVoting.DoesNotExist).
    """
    lock(PublicVoting(pk=voting_id), shared=True)
    rows = list(
        PublicVoting.objects.filter(pk=voting_id, town_id=town_id)
        .annotate(chosen=FilteredRelation("options", condition=Q(options__pk__in=list(chosen))))
        .values_list(*BALLOT_RULES, "chosen__pk")
    )
    if not rows:
        raise PublicVoting.DoesNotExist(f"no vote {voting_id} in town {town_id}")
    rules = PublicVoting(pk=voting_id, **dict(zip(BALLOT_RULES, rows[0][:-1], strict=True)))
    return rules, {row[-1] for row in rows if row[-1] is not None}


def ballot_cast(
    *,
    voting: PublicVoting,
    credential: Credential,
    choices: Mapping[int, int],
    now: datetime | None = None,
) -> uuid.UUID:
    """Record one ballot; a link or code votes exactly once (see module docstring for locks).

    `choices` maps PublicVoteOption ids to points. Returns the anonymous ballot id.
    """
    return ballot_cast_in_town(
        town_id=voting.town_id,
        voting_id=voting.pk,
        credential=credential,
        choices=choices,
        now=now,
    )


def ballot_cast_in_town(
    *,
    town_id: int,
    voting_id: int,
    credential: Credential,
    choices: Mapping[int, int],
    now: datetime | None = None,
) -> uuid.UUID:
    """`ballot_cast` by ids, for the vote endpoint: it loads nothing before taking the lock
    (a vote of another town raises PublicVoting.DoesNotExist)."""
    now = now or timezone.now()
    with transaction.atomic():
        current, option_ids = _lock_voting_for_ballot(voting_id, town_id, choices)
        check_open(current, now)
        check_choices(voting=current, choices=choices, option_ids=option_ids)
        # The flip is the guard: only one transaction can move voted_at away from NULL.
        flipped = PublicVoter.objects.filter(
            NOT_YET_VOTED, voting_id=current.pk, **credential.identity_filter(current)
        ).update(voted_at=_start_of_day(now), verified_at=_start_of_day(now))
        if flipped != 1:
            voter_find(voting=current, credential=credential)  # raises the fitting reason
            raise AlreadyVoted(
                _("Mit diesem Zugang wurde schon abgestimmt. Jede Person hat eine Stimmabgabe.")
            )
        ballot = uuid.uuid4()
        PublicVote.objects.bulk_create(
            [
                PublicVote(
                    town_id=current.town_id,
                    voting_id=current.pk,
                    option_id=pk,
                    points=points,
                    ballot=ballot,
                )
                for pk, points in sorted(choices.items())
                if points
            ]
        )
        if current.first_vote_at is None:
            PublicVoting.objects.filter(pk=current.pk, first_vote_at__isnull=True).update(
                first_vote_at=now, status=PublicVoting.Status.OPEN
            )
    return ballot


# --- counting and booking --------------------------------------------------------------------


def voting_totals(*, voting: PublicVoting) -> dict[int, int]:
    """Points per option id (anonymous totals, one query)."""
    rows = (
        PublicVote.objects.filter(voting=voting)
        .values("option_id")
        .annotate(total=Sum("points"))
        .order_by()
    )
    return {row["option_id"]: row["total"] or 0 for row in rows}


def voting_count(*, voting: PublicVoting, actor: User, now: datetime | None = None) -> list[Award]:
    """Close the vote, rank the shortlist by points and book the awards, all or nothing.

    Each funded application gets a decision (full or partial) and a commitment through the
    ledger service under its lock; if the ledger has less than the awards need, nothing is
    booked and AwardsExceedBudget says so, with the amount that is really free (read after
    the rollback: the ledger's own error saw the awards booked before it in this transaction).
    """
    now = now or timezone.now()
    needed: dict[int | None, int] = {}
    try:
        with transaction.atomic():
            lock(voting)
            locked = PublicVoting.objects.get(pk=voting.pk)
            if locked.status == PublicVoting.Status.COUNTED:
                raise NotCountable(_("Die Abstimmung ist bereits ausgezählt."))
            if now < locked.closes_at:
                raise NotCountable(
                    _("Ausgezählt wird nach dem Ende der Abstimmung am %(when)s.")
                    % {"when": timezone.localtime(locked.closes_at).strftime("%d.%m.%Y %H:%M")}
                )
            totals = voting_totals(voting=locked)
            options = list(
                PublicVoteOption.objects.filter(voting=locked).select_related("application")
            )
            candidates = [
                Candidate(
                    key=o.pk,
                    votes=totals.get(o.pk, 0),
                    cost_cents=o.application.requested_cents,
                    order=_submission_order(o.application),
                )
                for o in options
            ]
            awards = allocate(
                candidates, budget_cents=locked.budget_cents, shortfall=_shortfall_of(locked)
            )
            by_pk = {o.pk: o for o in options}
            for award in awards:
                option = by_pk[award.key]
                option.points = award.votes
                option.rank = award.rank
                option.awarded_cents = award.amount_cents
            PublicVoteOption.objects.bulk_update(options, ["points", "rank", "awarded_cents"])
            needed[locked.category_id] = sum(a.amount_cents for a in awards)
            reason_tpl = _("Bürgerabstimmung „%(title)s“: Platz %(rank)s mit %(votes)s Stimmen.")
            _book_awards(
                awards=[(by_pk[a.key].application, a) for a in awards],
                mode=DecisionMode.PUBLIC_VOTE,
                reason=lambda a: (
                    reason_tpl % {"title": locked.title, "rank": a.rank, "votes": a.votes}
                ),
                minutes="",
                actor=actor,
            )
            locked.status = PublicVoting.Status.COUNTED
            locked.save(update_fields=["status"])
            audit(
                town=locked.town,
                actor=actor,
                action="fund.voting.counted",
                target=locked,
                funded=sum(1 for a in awards if a.amount_cents),
                awarded_cents=sum(a.amount_cents for a in awards),
            )
    except BudgetExceeded as error:
        raise _nothing_booked(error, fund=voting.fund, needed=needed) from error
    return awards


def _submission_order(application: Application) -> int:
    """Earlier submitted applications win ties; never-submitted ones come last."""
    if application.submitted_at is None:
        return 2**62
    return int(application.submitted_at.timestamp() * 1_000_000)


def _book_awards(
    *,
    awards: Sequence[tuple[Application, Award]],
    mode: DecisionMode,
    reason: Callable[[Award], str],
    minutes: str,
    actor: User,
    votes: Callable[[Award], tuple[int, int, int]] | None = None,
) -> None:
    """Decide every application on the list through the core decision service.

    A positive award is approved (in full or in part) and its commitment booked through the
    ledger under the fund lock; an application left without money is rejected with its rank as
    the reason, so every applicant hears the outcome.
    """
    for application, award in awards:
        funded = award.amount_cents > 0
        application_decide(
            application=application,
            actor=actor,
            mode=mode,
            outcome=Decision.Outcome.APPROVED_FULL if funded else Decision.Outcome.REJECTED,
            amount_cents=award.amount_cents,
            reason=reason(award) if funded else f"{reason(award)} {_not_funded_reason()}",
            minutes=minutes,
            votes=votes(award) if votes else (0, 0, 0),
        )


def _nothing_booked(
    error: BudgetExceeded, *, fund: Fund, needed: Mapping[int | None, int]
) -> AwardsExceedBudget:
    """The refusal of a count whose transaction was rolled back.

    The ledger's error carries the free amount it saw inside the failed transaction, after the
    awards booked before it; the coordinator needs what is free now, so it is read again.
    """
    category = Category.objects.filter(pk=error.category_id).first() if error.category_id else None
    available = ledger.bucket_balance(fund=fund, category=category).available
    needed_cents = needed.get(error.category_id, error.amount_cents)
    return AwardsExceedBudget(
        _(
            "Das Ergebnis braucht im Förderbereich „%(category)s“ %(needed)s, dort sind aber "
            "nur %(available)s frei. Es wurde nichts gebucht."
        )
        % {"category": error.category, "needed": euro(needed_cents), "available": euro(available)},
        available_cents=available,
        needed_cents=needed_cents,
    )


def _not_funded_reason() -> str:
    return _("Das Budget reichte für diesen Antrag nicht mehr.")


# --- assembly vote (Kiezkasse) ---------------------------------------------------------------


@dataclass(frozen=True)
class AssemblyLine:
    application: Application
    votes_yes: int
    votes_no: int = 0


def assembly_record(
    *,
    fund: Fund,
    category: Category | None,
    held_on: date,
    place: str,
    attendees: int,
    budget_cents: int,
    minutes: str,
    lines: Sequence[AssemblyLine],
    actor: User,
) -> tuple[AssemblyVote, list[Award]]:
    """Enter an assembly's result with its minutes and book the awards in one step.

    Ranked by yes votes; an application with at least as many no as yes votes gets nothing.
    Funded down the list until the budget is exhausted; the last one gets what is left. If a
    category has less than its awards need, nothing is booked (AwardsExceedBudget).
    """
    if not minutes.strip():
        raise VotingError(_("Bitte das Protokoll der Versammlung eintragen."))
    if budget_cents <= 0:
        raise VotingError(_("Das Budget der Versammlung muss größer als 0 € sein."))
    if not lines:
        raise VotingError(_("Bitte mindestens einen Antrag mit seinen Stimmen eintragen."))
    if any(line.application.fund_id != fund.pk for line in lines):
        raise VotingError(_("Eingetragen werden nur Anträge an diesen Fonds."))
    if len({line.application.pk for line in lines}) != len(lines):
        raise VotingError(_("Jeder Antrag darf nur einmal eingetragen werden."))
    needed: dict[int | None, int] = {}
    try:
        with transaction.atomic():
            assembly = AssemblyVote.objects.create(
                town=fund.town,
                fund=fund,
                category=category,
                held_on=held_on,
                place=place,
                attendees=attendees,
                budget_cents=budget_cents,
                minutes=minutes,
                entered_by=actor,
            )
            candidates = [
                Candidate(
                    key=line.application.pk,
                    votes=line.votes_yes if line.votes_yes > line.votes_no else 0,
                    cost_cents=line.application.requested_cents,
                    order=_submission_order(line.application),
                )
                for line in lines
            ]
            awards = allocate(
                candidates, budget_cents=budget_cents, shortfall=Shortfall.REDUCE_LAST
            )
            by_app = {line.application.pk: line for line in lines}
            for award in awards:
                category_id = by_app[award.key].application.category_id
                needed[category_id] = needed.get(category_id, 0) + award.amount_cents
            AssemblyResult.objects.bulk_create(
                [
                    AssemblyResult(
                        town=fund.town,
                        assembly=assembly,
                        application=by_app[a.key].application,
                        votes_yes=by_app[a.key].votes_yes,
                        votes_no=by_app[a.key].votes_no,
                        rank=a.rank,
                        awarded_cents=a.amount_cents,
                    )
                    for a in awards
                ]
            )
            reason_tpl = _(
                "Versammlung am %(day)s: Platz %(rank)s mit %(yes)s Ja- und %(no)s Nein-Stimmen."
            )
            _book_awards(
                awards=[(by_app[a.key].application, a) for a in awards],
                mode=DecisionMode.ASSEMBLY,
                reason=lambda a: (
                    reason_tpl
                    % {
                        "day": held_on.strftime("%d.%m.%Y"),
                        "rank": a.rank,
                        "yes": by_app[a.key].votes_yes,
                        "no": by_app[a.key].votes_no,
                    }
                ),
                minutes=minutes,
                actor=actor,
                votes=lambda a: (by_app[a.key].votes_yes, by_app[a.key].votes_no, 0),
            )
            audit(
                town=fund.town,
                actor=actor,
                action="fund.assembly.recorded",
                target=str(held_on),
                funded=sum(1 for a in awards if a.amount_cents),
                awarded_cents=sum(a.amount_cents for a in awards),
            )
    except BudgetExceeded as error:
        raise _nothing_booked(error, fund=fund, needed=needed) from error
    return assembly, awards
