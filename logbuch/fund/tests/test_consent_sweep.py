"""No public page names an applicant who did not agree to publication (issue 9, finding 7).

The sweep walks every URL pattern of the fund whose view is `@public` (views added later are
covered without touching this file), plus the town's start page and the yearly report for the
council, and renders each with the ids of a town whose private applicant said no.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from logbuch.core.tests.urlsweep import Endpoint, walk
from logbuch.fund.models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    Attachment,
    Fund,
    FundSource,
    PublicVoting,
)
from logbuch.fund.services.setup import fund_source_add
from logbuch.fund.services.voting import voter_codes_generate, voter_request_link
from logbuch.fund.tests.factories import (
    AssemblyResultFactory,
    AssemblyVoteFactory,
    AttachmentFactory,
    CategoryFactory,
    DecisionFactory,
    PayoutFactory,
    ProofOfUseFactory,
    PublicVoteOptionFactory,
    PublicVotingFactory,
    QuestionFactory,
    RepaymentClaimFactory,
)
from logbuch.towns.access import access_of
from logbuch.towns.models import Role, Town, User

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SECRET_NAME = "Wilhelmine Zaunkönig"
SECRET_TITLES = ("Geheimer Gemüsegarten", "Heimliche Hängematte")
PUBLIC_TITLE = "Öffentliche Bank am Teich"


@dataclass
class Scene:
    town: Town
    fund: Fund
    values: dict[str, list[Any]]
    post_data: dict[str, str]


def _funded(town: Town, category: Any, applicant: User, **fields: Any) -> Application:
    app: Application = Application.objects.create(
        town=town,
        fund=category.fund,
        category=category,
        applicant=applicant,
        requested_cents=50_000,
        approved_cents=50_000,
        submitted_at=timezone.now() - timedelta(days=60),
        decided_at=timezone.now() - timedelta(days=50),
        **fields,
    )
    DecisionFactory(town=town, application=app, amount_cents=50_000, reason="Schön für alle.")
    PayoutFactory(town=town, application=app, amount_cents=50_000)
    proof = ProofOfUseFactory(town=town, application=app, report="Es hat geklappt.")
    proof.checked_at = timezone.now()
    proof.save(update_fields=["checked_at"])
    return app


@pytest.fixture
def scene(town: Town, coordinator: User, make_member: Callable[..., User]) -> Scene:
    category = CategoryFactory(town=town, public_vote_enabled=True, assembly_enabled=True)
    fund = category.fund
    fund_source_add(
        fund=fund,
        actor=coordinator,
        kind=FundSource.Kind.TOWN_BUDGET,
        name="Haushalt",
        amount_cents=1_000_000,
        category=category,
    )
    private = make_member(town, Role.RESIDENT, name=SECRET_NAME, email="wilhelmine@example.org")
    hidden = _funded(
        town,
        category,
        private,
        title=SECRET_TITLES[0],
        description=f"{SECRET_TITLES[0]} hinter dem Haus",
        applicant_type="person",
        contact_name=SECRET_NAME,
        contact_email="wilhelmine@example.org",
        status=ApplicationStatus.CLOSED,
        consent_publish=False,
    )
    shown = _funded(
        town,
        category,
        make_member(town, Role.RESIDENT),
        title=PUBLIC_TITLE,
        applicant_type=ApplicantType.VEREIN,
        organisation_name="Anglerverein",
        status=ApplicationStatus.CLOSED,
        consent_publish=True,
    )
    waiting = Application.objects.create(
        town=town,
        fund=fund,
        category=category,
        applicant=private,
        title=SECRET_TITLES[1],
        applicant_type="person",
        contact_name=SECRET_NAME,
        requested_cents=30_000,
        status=ApplicationStatus.VOTING,
        submitted_at=timezone.now() - timedelta(days=5),
        consent_publish=False,
    )
    photos = [
        AttachmentFactory(
            town=town,
            application=app,
            kind=Attachment.Kind.PHOTO,
            file=ContentFile(PNG, name="foto.png"),
            original_name=f"{SECRET_NAME}.png" if app == hidden else "bank.png",
            content_type="image/png",
            size=len(PNG),
        )
        for app in (hidden, shown)
    ]
    RepaymentClaimFactory(town=town, application=hidden, amount_cents=5_000)
    question = QuestionFactory(town=town, application=hidden)
    counted = PublicVotingFactory(
        town=town,
        category=category,
        fund=fund,
        status=PublicVoting.Status.COUNTED,
        opens_at=timezone.now() - timedelta(days=40),
        closes_at=timezone.now() - timedelta(days=30),
    )
    # Listed before consent was required for a list (or consent withdrawn since).
    for rank, app in enumerate((hidden, shown), start=1):
        PublicVoteOptionFactory(
            town=town, voting=counted, application=app, points=10 - rank, rank=rank
        )
    open_vote = PublicVotingFactory(town=town, category=category, fund=fund)
    for app in (waiting, shown):
        PublicVoteOptionFactory(town=town, voting=open_vote, application=app)
    assembly = AssemblyVoteFactory(town=town, fund=fund, category=category)
    for rank, app in enumerate((hidden, shown), start=1):
        AssemblyResultFactory(
            town=town,
            assembly=assembly,
            application=app,
            votes_yes=20,
            rank=rank,
            awarded_cents=50_000,
        )
    code = voter_codes_generate(voting=open_vote, count=1, actor=coordinator)[0]
    token = voter_request_link(
        voting=open_vote,
        email="nachbar@example.org",
        link_for="http://testserver/{token}/",
        client="sweep",
    )
    assert token
    values: dict[str, list[Any]] = {
        "fund_pk": [fund.pk],
        "application_pk": [hidden.pk, waiting.pk],
        # the object of every pattern: funds, applications, photos, votes, assemblies, questions
        "pk": sorted(
            {
                fund.pk,
                hidden.pk,
                waiting.pk,
                *(p.pk for p in photos),
                counted.pk,
                open_vote.pk,
                assembly.pk,
                question.pk,
            }
        ),
        "token": [token],
        "year": [fund.year],
    }
    return Scene(
        town=town,
        fund=fund,
        values=values,
        post_data={"code": code, "token": token, "email": "nachbar@example.org"},
    )


def public_fund_endpoints() -> list[Endpoint]:
    return [
        e
        for e in walk()
        if e.name.startswith("fund:")
        and (access := access_of(e.callback)) is not None
        and (access.public or access.signed_in)
    ]


def urls_of(endpoint: Endpoint, scene: Scene) -> list[str]:
    names = list(endpoint.object_kwargs)
    missing = [n for n in names if n not in scene.values]
    assert not missing, f"{endpoint.name}: no sweep value for {missing}; add one to the scene"
    return [
        endpoint.url({"town_slug": scene.town.slug, **dict(zip(names, combo, strict=True))})
        for combo in itertools.product(*(scene.values[n] for n in names))
    ]


def leaks(body: str) -> list[str]:
    return [s for s in (SECRET_NAME, *SECRET_TITLES) if s in body]


def test_no_public_page_names_an_applicant_without_consent(
    scene: Scene, client_for: Callable[[User], Client], make_member: Callable[..., User]
) -> None:
    endpoints = public_fund_endpoints()
    assert {"fund:fund_public", "fund:showcase", "fund:voting_detail", "fund:ballot"} <= {
        e.name for e in endpoints
    }
    visitors = {
        "anonymous": Client(),
        "member": client_for(make_member(scene.town, Role.VOLUNTEER)),
    }
    council = client_for(make_member(scene.town, Role.COUNCIL))
    pages: list[tuple[str, str, Client, dict[str, str] | None]] = []
    for endpoint in endpoints:
        for path in urls_of(endpoint, scene):
            for who, client in visitors.items():
                pages.append((f"GET {path} as {who}", path, client, None))
                pages.append((f"POST {path} as {who}", path, client, scene.post_data))
    home = reverse("towns:home", kwargs={"town_slug": scene.town.slug})
    for who, client in visitors.items():
        pages.append((f"GET {home} as {who}", home, client, None))
    # Not public, but handed to the council and the funding body.
    report = reverse(
        "fund:year_report", kwargs={"town_slug": scene.town.slug, "year": scene.fund.year}
    )
    pages.append((f"GET {report} as council", report, council, None))

    found: dict[str, list[str]] = {}
    shown_somewhere = False
    for label, path, client, data in pages:
        response = client.get(path) if data is None else client.post(path, data)
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content).decode("utf-8", "replace")  # type: ignore[attr-defined]
        else:
            body = response.content.decode("utf-8", "replace")
        body += " ".join(f"{k}: {v}" for k, v in response.items())
        shown_somewhere = shown_somewhere or PUBLIC_TITLE in body
        if leaks(body):
            found[label] = leaks(body)
    assert shown_somewhere, "control: the consenting project is published somewhere"
    assert not found, found


def test_the_counts_still_include_the_unpublished_project(scene: Scene) -> None:
    body = (
        Client()
        .get(
            reverse("fund:fund_public", kwargs={"town_slug": scene.town.slug, "pk": scene.fund.pk})
        )
        .content.decode()
    )
    assert "Dazu kommt 1 gefördertes Projekt" in body
    assert "Antrag ohne Veröffentlichung" in body  # its row in the assembly and vote tables
