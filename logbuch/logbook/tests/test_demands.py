"""Forderungen to Land, Bund or a funding body on the higher-level Stellschrauben (E01–E04)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from logbuch.logbook.errors import AnswerBeforeSending, NotHigherLevel
from logbuch.logbook.forms import MeasureForm
from logbuch.logbook.models import Demand, Lever
from logbuch.logbook.services.demands import demand_create, demand_update
from logbuch.logbook.tests.factories import DemandFactory, higher_level_lever
from logbuch.logbook.tests.helpers import url
from logbuch.logbook.tests.results_data import levers_of, open_round
from logbuch.towns.models import AuditEntry, Town, User

pytestmark = pytest.mark.django_db


def _local_lever(town: Town) -> Lever:
    return next(lever for lever in levers_of(town) if lever.code == "S09")


def test_a_demand_without_addressee_is_a_form_error_and_keeps_the_text(
    town: Town, coordinator_client: Client
) -> None:
    lever = higher_level_lever()
    response = coordinator_client.post(
        url("demand_create", town),
        {"lever": lever.pk, "text": "Prozesse statt Projekte fördern", "addressee": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte geben Sie an, an wen die Forderung geht" in html
    assert "Prozesse statt Projekte fördern" in html  # the text is kept
    assert not Demand.objects.exists()


def test_the_coordinator_writes_a_demand_from_the_results_and_records_the_answer(
    town: Town, coordinator_client: Client
) -> None:
    lever = higher_level_lever()
    round_ = open_round(town, closed=True)
    form = coordinator_client.get(
        url("demand_create", town) + f"?stellschraube={lever.pk}&runde={round_.pk}"
    )
    assert 'list="id_addressee-vorschlaege"' in form.content.decode()
    assert '<option value="Bund">' in form.content.decode()
    response = coordinator_client.post(
        url("demand_create", town) + f"?stellschraube={lever.pk}&runde={round_.pk}",
        {"lever": lever.pk, "text": "Mehr Strukturförderung", "addressee": " Bund "},
    )
    assert response.status_code == 302
    demand = Demand.objects.get()
    assert (demand.addressee, demand.round, demand.town) == ("Bund", round_, town)
    sent = timezone.localdate() - datetime.timedelta(days=30)
    response = coordinator_client.post(
        url("demand_edit", town, pk=demand.pk),
        {
            "lever": lever.pk,
            "text": "Mehr Strukturförderung",
            "addressee": "Bund",
            "sent_on": sent.isoformat(),
            "answered_on": timezone.localdate().isoformat(),
            "answer": "Wird geprüft.",
        },
    )
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.sent_on == sent
    assert demand.answer == "Wird geprüft."
    assert AuditEntry.objects.filter(action="logbook.demand.updated").exists()
    listing = coordinator_client.get(url("demand_list", town)).content.decode()
    assert "Wird geprüft." in listing
    assert "abgeschickt am" in listing


def test_an_answer_date_before_sending_is_refused(town: Town, coordinator_client: Client) -> None:
    lever = higher_level_lever()
    response = coordinator_client.post(
        url("demand_create", town),
        {
            "lever": lever.pk,
            "text": "Weniger Bürokratie",
            "addressee": "Land",
            "answered_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "erst nach dem Abschicken" in response.content.decode()
    assert not Demand.objects.exists()


def test_services_refuse_a_local_lever_and_an_answer_before_sending(
    town: Town, coordinator: User
) -> None:
    with pytest.raises(NotHigherLevel):
        demand_create(
            town=town, actor=coordinator, lever=_local_lever(town), text="x", addressee="Land"
        )
    with pytest.raises(AnswerBeforeSending):
        demand_create(
            town=town,
            actor=coordinator,
            lever=higher_level_lever(),
            text="x",
            addressee="Land",
            answered_on=timezone.localdate(),
        )
    demand = DemandFactory(town=town)
    with pytest.raises(NotHigherLevel):
        demand_update(
            demand=demand,
            actor=coordinator,
            lever=_local_lever(town),
            text="x",
            addressee="Land",
            sent_on=None,
            answered_on=None,
            answer="",
        )


def test_higher_level_levers_are_no_choice_for_a_measure(town: Town) -> None:
    codes = {lever.code for lever in MeasureForm(town=town).fields["lever"].queryset}  # type: ignore[attr-defined]
    assert "S09" in codes
    assert not codes & {"E01", "E02", "E03", "E04"}


def test_demand_list_queries_stay_constant(
    town: Town,
    coordinator_client: Client,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    DemandFactory(town=town)
    with django_assert_max_num_queries(20) as one:  # type: ignore[attr-defined]
        assert coordinator_client.get(url("demand_list", town)).status_code == 200
    round_ = open_round(town, closed=True)
    for _ in range(11):
        DemandFactory(town=town, round=round_, sent_on=timezone.localdate())
    with django_assert_max_num_queries(len(one.captured_queries)):  # type: ignore[attr-defined]
        assert coordinator_client.get(url("demand_list", town)).status_code == 200


def test_demands_of_another_town_are_not_found(
    town: Town, other_town: Town, coordinator_client: Client
) -> None:
    foreign = DemandFactory(town=other_town)
    assert coordinator_client.get(url("demand_edit", town, pk=foreign.pk)).status_code == 404
    assert foreign.text not in coordinator_client.get(url("demand_list", town)).content.decode()
