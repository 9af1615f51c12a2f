"""Reads for the public: the fund's transparency page, open data, the Werkschau and photos.

Every read names an application only through `Application.objects.publishable()`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from logbuch.towns.models import Town

from .. import ledger
from ..models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    AssemblyResult,
    Attachment,
    Decision,
    DecisionMode,
    Fund,
    PublicVoteOption,
    PublicVoting,
    is_published,
    publishable_condition,
)

S = ApplicationStatus
FUNDED_STATUSES = (S.APPROVED, S.PAID, S.PROOF_SUBMITTED, S.PROOF_CHECKED, S.CLOSED)
FINISHED_STATUSES = (S.PROOF_CHECKED, S.CLOSED)
DECIDED_STATUSES = (*FUNDED_STATUSES, S.REJECTED)
# Only groups are named in public; a private person's name never is.
NAMED_APPLICANT_TYPES = frozenset(
    {
        ApplicantType.INITIATIVE,
        ApplicantType.VEREIN,
        ApplicantType.SCHOOL,
        ApplicantType.BUSINESS,
        ApplicantType.TOWN_DEPARTMENT,
    }
)


def _photo_subquery() -> Subquery:
    photos = Attachment.objects.filter(
        application=OuterRef("pk"), kind=Attachment.Kind.PHOTO
    ).order_by("pk")
    return Subquery(photos.values("pk")[:1], output_field=IntegerField())


def public_name(application: Application) -> str:
    """The group's name for groups; nothing for a private person."""
    if application.applicant_type in NAMED_APPLICANT_TYPES:
        return application.organisation_name
    return ""


def published_projects(*, fund: Fund) -> QuerySet[Application]:
    """Funded applications whose applicants agreed to publication, with decision, proof,
    paid total and first photo, in one query."""
    projects: QuerySet[Application] = (
        Application.objects.publishable()
        .in_town(fund.town)
        .filter(fund=fund, status__in=FUNDED_STATUSES)
        .select_related("category", "decision", "proof")
        .annotate(paid_cents=ledger.paid_subquery(), photo_id=_photo_subquery())
        .order_by("-decided_at", "pk")
    )
    return projects


@dataclass(frozen=True)
class VotingResult:
    voting: PublicVoting
    options: list[PublicVoteOption]

    @property
    def points(self) -> int:
        """All votes given (stored on the options when the vote is counted)."""
        return sum(o.points for o in self.options)


@dataclass
class FundPublicPage:
    fund: Fund
    balance: ledger.Balance
    projects: Page[Application]
    unpublished_count: int
    unpublished_cents: int
    rejected_count: int
    votings: list[VotingResult] = field(default_factory=list)
    assemblies: list[tuple[Any, list[AssemblyResult]]] = field(default_factory=list)


PROJECTS_PER_PAGE = 30


def fund_public_page(
    *, fund: Fund, page_number: int | str | None = 1, per_page: int = PROJECTS_PER_PAGE
) -> FundPublicPage:
    """Everything the public page shows (a fixed number of queries; projects one page at a time)."""
    projects = Paginator(published_projects(fund=fund), per_page).get_page(page_number)
    unpublished_funded = Q(status__in=FUNDED_STATUSES) & ~publishable_condition()
    counts = (
        Application.objects.in_town(fund.town)
        .filter(fund=fund)
        .aggregate(
            unpublished=Count("pk", filter=unpublished_funded),
            unpublished_cents=ledger.approved_sum(unpublished_funded),
            rejected=Count("pk", filter=Q(status=S.REJECTED)),
        )
    )
    votings = list(
        PublicVoting.objects.in_town(fund.town)
        .filter(fund=fund)
        .exclude(status=PublicVoting.Status.PREPARED)
        .order_by("-opens_at")
    )
    options_by_voting: dict[int, list[PublicVoteOption]] = defaultdict(list)
    for option in (
        PublicVoteOption.objects.in_town(fund.town)
        .filter(voting__in=[v.pk for v in votings])
        .select_related("application")
        .annotate(published=is_published())
        .order_by("rank", "pk")
    ):
        options_by_voting[option.voting_id].append(option)
    assemblies = list(fund.assemblies.all().order_by("-held_on"))
    results_by_assembly: dict[int, list[AssemblyResult]] = defaultdict(list)
    for result in (
        AssemblyResult.objects.in_town(fund.town)
        .filter(assembly__in=[a.pk for a in assemblies])
        .select_related("application")
        .annotate(published=is_published())
        .order_by("rank", "pk")
    ):
        results_by_assembly[result.assembly_id].append(result)
    return FundPublicPage(
        fund=fund,
        balance=ledger.fund_balance(fund=fund),
        projects=projects,
        unpublished_count=counts["unpublished"],
        unpublished_cents=counts["unpublished_cents"],
        rejected_count=counts["rejected"],
        votings=[VotingResult(voting=v, options=options_by_voting[v.pk]) for v in votings],
        assemblies=[(a, results_by_assembly[a.pk]) for a in assemblies],
    )


OPEN_DATA_FIELDS = [
    "id",
    "titel",
    "foerderbereich",
    "antragsteller_art",
    "gruppe",
    "ort",
    "beantragt_cent",
    "bewilligt_cent",
    "ausgezahlt_cent",
    "verfahren",
    "entscheidung",
    "begruendung",
    "stimmen_ja",
    "stimmen_nein",
    "enthaltungen",
    "entschieden_am",
    "stand",
]


# The open data file is a published format: its codes stay the German ones it was published
# with (migration 0008 moved the stored values to English), so consumers see no change.
OPEN_DATA_CODES: dict[str, dict[str, str]] = {
    "antragsteller_art": {
        ApplicantType.PERSON: "person",
        ApplicantType.INITIATIVE: "initiative",
        ApplicantType.VEREIN: "verein",
        ApplicantType.SCHOOL: "schule",
        ApplicantType.BUSINESS: "unternehmen",
        ApplicantType.TOWN_DEPARTMENT: "verwaltung",
    },
    "verfahren": {
        DecisionMode.FAST_TRACK: "schnell",
        DecisionMode.JURY: "jury",
        DecisionMode.PUBLIC_VOTE: "buerger",
        DecisionMode.ASSEMBLY: "versammlung",
    },
    "entscheidung": {
        Decision.Outcome.APPROVED_FULL: "voll",
        Decision.Outcome.APPROVED_PARTIAL: "teilweise",
        Decision.Outcome.REJECTED: "abgelehnt",
    },
    "stand": {
        S.DRAFT: "entwurf",
        S.SUBMITTED: "eingereicht",
        S.IN_REVIEW: "in_pruefung",
        S.QUESTION: "rueckfrage",
        S.VOTING: "in_abstimmung",
        S.APPROVED: "bewilligt",
        S.REJECTED: "abgelehnt",
        S.PAID: "ausgezahlt",
        S.PROOF_SUBMITTED: "nachweis_eingereicht",
        S.PROOF_CHECKED: "geprueft",
        S.CLOSED: "abgeschlossen",
    },
    "abstimmung_stand": {
        PublicVoting.Status.PREPARED: "vorbereitet",
        PublicVoting.Status.OPEN: "offen",
        PublicVoting.Status.CLOSED: "beendet",
        PublicVoting.Status.COUNTED: "ausgezaehlt",
    },
}


def _published(field: str, value: str) -> str:
    return OPEN_DATA_CODES[field].get(value, value)


# Projects per page of the open data (JSON and CSV): each request costs the same however many
# projects a fund has; the totals and votes are on every page.
OPEN_DATA_PER_PAGE = 500


def open_data(
    *, fund: Fund, page_number: int | str | None = 1, per_page: int = OPEN_DATA_PER_PAGE
) -> dict[str, Any]:
    """Open data of a fund, one page of projects at a time: the totals, the votes and
    `per_page` published projects, with the page's number, the number of pages and of
    projects; no personal data at all."""
    page = fund_public_page(fund=fund, page_number=page_number, per_page=per_page)
    rows = []
    for app in page.projects:
        decision: Decision | None = getattr(app, "decision", None)
        rows.append(
            {
                "id": app.pk,
                "titel": app.title,
                "foerderbereich": app.category.name,
                "antragsteller_art": _published("antragsteller_art", app.applicant_type),
                "gruppe": public_name(app),
                "ort": app.location,
                "beantragt_cent": app.requested_cents,
                "bewilligt_cent": app.approved_cents or 0,
                "ausgezahlt_cent": app.paid_cents,  # type: ignore[attr-defined]
                "verfahren": _published("verfahren", decision.mode) if decision else "",
                "entscheidung": _published("entscheidung", decision.outcome) if decision else "",
                "begruendung": decision.reason if decision else "",
                "stimmen_ja": decision.votes_yes if decision else 0,
                "stimmen_nein": decision.votes_no if decision else 0,
                "enthaltungen": decision.votes_abstain if decision else 0,
                "entschieden_am": app.decided_at.date().isoformat() if app.decided_at else "",
                "stand": _published("stand", app.status),
            }
        )
    return {
        "fonds": page.fund.name,
        "jahr": page.fund.year,
        "ort": fund.town.name,
        "summen_cent": {
            "budget": page.balance.allocated,
            "bewilligt": page.balance.committed - page.balance.released,
            "ausgezahlt": page.balance.paid,
            "zurueckgezahlt": page.balance.returned,
            "frei": page.balance.available,
        },
        "nicht_veroeffentlicht": {
            "anzahl": page.unpublished_count,
            "bewilligt_cent": page.unpublished_cents,
        },
        "abgelehnt": page.rejected_count,
        "seite": page.projects.number,
        "seiten": page.projects.paginator.num_pages,
        "projekte_gesamt": page.projects.paginator.count,
        "projekte": rows,
        "abstimmungen": [
            {
                "titel": v.voting.title,
                "stand": _published("abstimmung_stand", v.voting.status),
                "stimmen": v.points if v.voting.status == PublicVoting.Status.COUNTED else None,
                "ergebnis": [
                    {
                        "antrag_id": o.application_id if o.published else None,  # type: ignore[attr-defined]
                        "titel": o.application.title if o.published else "",  # type: ignore[attr-defined]
                        "punkte": o.points,
                        "platz": o.rank,
                        "gefoerdert_cent": o.awarded_cents or 0,
                    }
                    for o in v.options
                ]
                if v.voting.status == PublicVoting.Status.COUNTED
                else [],
            }
            for v in page.votings
        ],
    }


def showcase(*, town: Town) -> QuerySet[Application]:
    """Werkschau: finished projects with the applicant's consent, newest first (one query)."""
    projects: QuerySet[Application] = (
        Application.objects.publishable()
        .in_town(town)
        .filter(status__in=FINISHED_STATUSES)
        .select_related("fund", "category", "proof")
        .annotate(photo_id=_photo_subquery(), paid_cents=ledger.paid_subquery())
        .order_by("-proof__checked_at", "-pk")
    )
    return projects


def public_photo(*, town: Town, attachment_id: int) -> Attachment | None:
    """A photo may be shown in public only for a funded project with consent."""
    found: Attachment | None = (
        Attachment.objects.in_town(town)
        .filter(
            publishable_condition("application__"),
            pk=attachment_id,
            kind=Attachment.Kind.PHOTO,
            application__status__in=FUNDED_STATUSES,
        )
        .first()
    )
    return found
