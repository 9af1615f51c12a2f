"""The public fund page, open data, Werkschau and photos: no login, no personal data."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from logbuch.fund.models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    Attachment,
    Decision,
    DecisionMode,
    Fund,
    PublicVoting,
)
from logbuch.fund.selectors.public import OPEN_DATA_CODES
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    AssemblyResultFactory,
    AssemblyVoteFactory,
    AttachmentFactory,
    CategoryFactory,
    DecisionFactory,
    FundFactory,
    PayoutFactory,
    ProofOfUseFactory,
    PublicVoteFactory,
    PublicVoteOptionFactory,
    PublicVotingFactory,
)
from logbuch.fund.tests.helpers import url
from logbuch.towns.models import Town, User

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def funded(
    fund: Fund,
    *,
    title: str = "Bank am Teich",
    consent: bool = True,
    status: str = ApplicationStatus.PAID,
    applicant_type: str = ApplicantType.VEREIN,
    mode: str = DecisionMode.JURY,
) -> Application:
    category = fund.categories.first() or CategoryFactory(town=fund.town, fund=fund)
    app = ApplicationFactory(
        town=fund.town,
        category=category,
        title=title,
        status=status,
        requested_cents=150_000,
        approved_cents=150_000,
        consent_publish=consent,
        applicant_type=applicant_type,
        organisation_name="Heimatverein Musterstadt",
        contact_name="Erika Geheim",
        contact_email="erika.geheim@example.org",
        contact_phone="0351 123456",
    )
    DecisionFactory(
        town=fund.town,
        application=app,
        mode=mode,
        amount_cents=150_000,
        reason="Stärkt den Zusammenhalt im Viertel.",
        votes_yes=3,
        votes_no=2,
    )
    PayoutFactory(town=fund.town, application=app, amount_cents=120_000)
    return app


def test_the_public_page_works_without_login(client: Client, fund: Fund) -> None:
    funded(fund)
    response = client.get(url("fund_public", fund.town, pk=fund.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mitmach-Fonds 2027" in body
    assert "Bank am Teich" in body
    assert "20.000,00\u00a0€" in body  # budget
    assert "1.200,00\u00a0€" in body  # paid
    assert "Stärkt den Zusammenhalt" in body
    assert "3 Ja, 2 Nein" in body


def test_projects_without_consent_are_only_counted(client: Client, fund: Fund) -> None:
    funded(fund, title="Geheimes Projekt", consent=False)
    body = client.get(url("fund_public", fund.town, pk=fund.pk)).content.decode()
    assert "Geheimes Projekt" not in body
    assert "1 gefördertes Projekt" in body


def test_no_personal_data_on_the_page_or_in_open_data(client: Client, fund: Fund) -> None:
    funded(fund)
    person = funded(fund, title="Baumscheibe", applicant_type="person")
    person.organisation_name = "Erika Privat"
    person.save(update_fields=["organisation_name"])
    pages = [
        client.get(url("fund_public", fund.town, pk=fund.pk)).content.decode(),
        client.get(url("open_data_json", fund.town, pk=fund.pk)).content.decode(),
        client.get(url("open_data_csv", fund.town, pk=fund.pk)).content.decode(),
    ]
    for body in pages:
        assert "Baumscheibe" in body
        for secret in ("Erika Geheim", "erika.geheim@example.org", "0351 123456", "Erika Privat"):
            assert secret not in body


def test_open_data_json_has_totals_and_projects(client: Client, fund: Fund) -> None:
    app = funded(fund)
    data = json.loads(client.get(url("open_data_json", fund.town, pk=fund.pk)).content)
    assert data["summen_cent"]["budget"] == 2_000_000
    assert data["projekte"][0]["id"] == app.pk
    assert data["projekte"][0]["bewilligt_cent"] == 150_000
    assert data["projekte"][0]["ausgezahlt_cent"] == 120_000
    assert data["projekte"][0]["gruppe"] == "Heimatverein Musterstadt"


def test_open_data_keeps_the_codes_it_was_published_with(client: Client, fund: Fund) -> None:
    """The stored values became English (migration 0008); the published file did not change."""
    funded(fund, mode=DecisionMode.FAST_TRACK)
    data = json.loads(client.get(url("open_data_json", fund.town, pk=fund.pk)).content)
    project = data["projekte"][0]
    assert (project["antragsteller_art"], project["verfahren"], project["stand"]) == (
        "verein",
        "schnell",
        "ausgezahlt",
    )
    assert project["entscheidung"] in {"voll", "teilweise"}


@pytest.mark.parametrize(
    ("field", "choices"),
    [
        ("antragsteller_art", ApplicantType),
        ("verfahren", DecisionMode),
        ("entscheidung", Decision.Outcome),
        ("stand", ApplicationStatus),
        ("abstimmung_stand", PublicVoting.Status),
    ],
)
def test_every_stored_value_has_its_published_code(field: str, choices: Any) -> None:
    assert set(OPEN_DATA_CODES[field]) == set(choices.values)


def test_open_data_csv_is_a_table_with_neutralised_cells(client: Client, fund: Fund) -> None:
    funded(fund, title="=HYPERLINK(1)")
    response = client.get(url("open_data_csv", fund.town, pk=fund.pk))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["id", "titel", "foerderbereich"]
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_public_vote_results_show_only_totals(client: Client, fund: Fund) -> None:
    category = CategoryFactory(town=fund.town, fund=fund)
    voting = PublicVotingFactory(
        town=fund.town, fund=fund, category=category, status=PublicVoting.Status.COUNTED
    )
    option = PublicVoteOptionFactory(
        town=fund.town, voting=voting, points=7, rank=1, awarded_cents=50_000
    )
    for _ in range(3):
        PublicVoteFactory(town=fund.town, option=option, voting=voting)
    data = json.loads(client.get(url("open_data_json", fund.town, pk=fund.pk)).content)
    result = data["abstimmungen"][0]
    assert result["stimmen"] == 7
    assert result["ergebnis"][0]["punkte"] == 7
    text = json.dumps(data)
    assert "ballot" not in text and "identity" not in text and "voter" not in text


def test_assembly_results_are_public_without_the_minutes(client: Client, fund: Fund) -> None:
    assembly = AssemblyVoteFactory(town=fund.town, fund=fund, minutes="Frau Meier sagte ...")
    AssemblyResultFactory(town=fund.town, assembly=assembly, votes_yes=41, rank=1)
    body = client.get(url("fund_public", fund.town, pk=fund.pk)).content.decode()
    assert "41" in body
    assert "Frau Meier" not in body


def test_public_page_query_count_does_not_grow(
    client: Client,
    fund: Fund,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    funded(fund)
    with django_assert_max_num_queries(12) as one:
        client.get(url("fund_public", fund.town, pk=fund.pk))
    for i in range(12):
        app = funded(fund, title=f"Projekt {i}")
        ProofOfUseFactory(town=fund.town, application=app)
        AttachmentFactory(town=fund.town, application=app, kind=Attachment.Kind.PHOTO)
    cache.clear()  # measure the uncached page again
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url("fund_public", fund.town, pk=fund.pk))
    assert response.content.decode().count("fund-project") >= 13


def test_werkschau_shows_finished_projects_with_report_and_photo(
    client: Client, fund: Fund
) -> None:
    app = funded(fund, title="Kinderfest", status=ApplicationStatus.CLOSED)
    ProofOfUseFactory(town=fund.town, application=app, report="Über 200 Kinder kamen.")
    photo = AttachmentFactory(
        town=fund.town, application=app, kind=Attachment.Kind.PHOTO, content_type="image/png"
    )
    funded(fund, title="Noch nicht fertig", status=ApplicationStatus.PAID)
    funded(fund, title="Fertig ohne Zustimmung", status=ApplicationStatus.CLOSED, consent=False)
    body = client.get(url("showcase", fund.town)).content.decode()
    assert "Kinderfest" in body and "Über 200 Kinder kamen." in body
    assert url("public_photo", fund.town, pk=photo.pk) in body
    assert "Noch nicht fertig" not in body
    assert "Fertig ohne Zustimmung" not in body


def test_photos_are_public_only_with_consent(client: Client, fund: Fund) -> None:
    shown = funded(fund)
    hidden = funded(fund, title="Privat", consent=False)
    draft = ApplicationFactory(town=fund.town, consent_publish=True)
    ok = AttachmentFactory(town=fund.town, application=shown, kind=Attachment.Kind.PHOTO)
    no_consent = AttachmentFactory(town=fund.town, application=hidden, kind=Attachment.Kind.PHOTO)
    receipt = AttachmentFactory(town=fund.town, application=shown, kind=Attachment.Kind.RECEIPT)
    not_funded = AttachmentFactory(town=fund.town, application=draft, kind=Attachment.Kind.PHOTO)
    assert client.get(url("public_photo", fund.town, pk=ok.pk)).status_code == 200
    for attachment in (no_consent, receipt, not_funded):
        response = client.get(url("public_photo", fund.town, pk=attachment.pk))
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["fund_public", "open_data_json", "open_data_csv"])
def test_a_fund_of_another_town_is_not_found(
    client: Client, town: Town, other_town: Town, name: str
) -> None:
    foreign = FundFactory(town=other_town)
    assert client.get(url(name, town, pk=foreign.pk)).status_code == 404


def test_a_photo_of_another_town_is_not_found(
    client: Client, town: Town, other_town: Town, coordinator: User
) -> None:
    other_fund = FundFactory(town=other_town)
    app = funded(other_fund)
    photo = AttachmentFactory(town=other_town, application=app, kind=Attachment.Kind.PHOTO)
    assert client.get(url("public_photo", town, pk=photo.pk)).status_code == 404
    # ... while it is served in its own town
    assert client.get(url("public_photo", other_town, pk=photo.pk)).status_code == 200


def test_decision_modes_are_named(client: Client, fund: Fund) -> None:
    funded(fund, title="Per Versammlung", mode=DecisionMode.ASSEMBLY)
    body = client.get(url("fund_public", fund.town, pk=fund.pk)).content.decode()
    assert str(DecisionMode.ASSEMBLY.label) in body
    assert Decision.objects.count() == 1


def test_projects_are_shown_30_per_page(client: Client, fund: Fund) -> None:
    category = CategoryFactory(town=fund.town, fund=fund)
    ApplicationFactory.create_batch(
        35,
        town=fund.town,
        category=category,
        status=ApplicationStatus.APPROVED,
        approved_cents=10_000,
        consent_publish=True,
    )
    first = client.get(url("fund_public", fund.town, pk=fund.pk)).content.decode()
    second = client.get(url("fund_public", fund.town, pk=fund.pk) + "?seite=2")
    assert first.count('class="kern-card fund-project"') == 30
    assert second.content.decode().count('class="kern-card fund-project"') == 5
    assert "Seite 1 von 2" in first


def test_the_public_page_body_is_cached_for_a_minute(
    client: Client, fund: Fund, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    funded(fund, title="Erstes Projekt")
    client.get(url("fund_public", fund.town, pk=fund.pk))
    funded(fund, title="Später dazu")
    with django_assert_max_num_queries(4):
        body = client.get(url("fund_public", fund.town, pk=fund.pk)).content.decode()
    assert "Erstes Projekt" in body
    assert "Später dazu" not in body
    cache.clear()
    assert "Später dazu" in client.get(url("fund_public", fund.town, pk=fund.pk)).content.decode()


# --- open data in pages (issue 10: cost must not grow with data) ------------------------------


def test_open_data_comes_in_pages_with_totals_on_each(
    client: Client, fund: Fund, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "logbuch.fund.selectors.public.open_data.__kwdefaults__", {"page_number": 1, "per_page": 2}
    )
    ids = {funded(fund, title=f"Projekt {i}").pk for i in range(5)}
    seen: set[int] = set()
    address: str | None = url("open_data_json", fund.town, pk=fund.pk)
    numbers = []
    while address:
        data = json.loads(client.get(address).content)
        numbers.append(data["seite"])
        assert (data["seiten"], data["projekte_gesamt"]) == (3, 5)
        assert data["summen_cent"]["budget"] == 2_000_000  # the totals on every page
        assert len(data["projekte"]) <= 2
        seen |= {p["id"] for p in data["projekte"]}
        address = data["naechste"]
    assert numbers == [1, 2, 3]
    assert seen == ids
    assert data["vorherige"].endswith("?seite=2")
    first = json.loads(client.get(url("open_data_json", fund.town, pk=fund.pk)).content)
    assert first["vorherige"] is None


def test_open_data_csv_pages_name_their_neighbours(
    client: Client, fund: Fund, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "logbuch.fund.selectors.public.open_data.__kwdefaults__", {"page_number": 1, "per_page": 2}
    )
    for i in range(3):
        funded(fund, title=f"Projekt {i}")
    base = url("open_data_csv", fund.town, pk=fund.pk)
    first = client.get(base)
    assert first["Link"] == f'<http://testserver{base}?seite=2>; rel="next"'
    assert "-seite-1.csv" in first["Content-Disposition"]
    second = client.get(base + "?seite=2")
    assert second["Link"] == f'<http://testserver{base}?seite=1>; rel="prev"'
    rows = list(csv.reader(io.StringIO(second.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2  # header and the third project


@pytest.mark.parametrize("name", ["open_data_json", "open_data_csv"])
def test_open_data_costs_the_same_queries_and_rows_with_more_projects(
    client: Client,
    fund: Fund,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    """A page holds at most OPEN_DATA_PER_PAGE projects, and the queries stay the same."""
    monkeypatch.setattr(
        "logbuch.fund.selectors.public.open_data.__kwdefaults__", {"page_number": 1, "per_page": 3}
    )
    funded(fund)
    cache.clear()
    with django_assert_max_num_queries(12) as one:
        client.get(url(name, fund.town, pk=fund.pk))
    for i in range(8):
        funded(fund, title=f"Projekt {i}")
    cache.clear()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url(name, fund.town, pk=fund.pk))
    assert response.content.decode().count("Heimatverein Musterstadt") == 3  # one per project


def test_the_public_page_says_the_open_data_comes_in_pages(client: Client, fund: Fund) -> None:
    body = client.get(url("fund_public", fund.town, pk=fund.pk)).content.decode()
    assert "bis zu 500 Projekte" in body
    msgid = (
        "Jede Datei enthält die Summen und bis zu %(n)s Projekte; weitere Projekte stehen auf "
        "den folgenden Seiten (Adresse mit „?seite=2“ usw., in JSON unter „naechste“)."
    )
    assert msgid in body.replace("500", "%(n)s")
    with translation.override("en"):
        assert translation.gettext(msgid).startswith("Each file holds the totals")
