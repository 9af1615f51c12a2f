"""Reads: load concentration and bus factor, the responsibilities another app hands on to."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from logbuch.services import selectors
from logbuch.services.models import SignUp

from .factories import ResponsibilityFactory, ShiftFactory


def test_concentration_of_a_service_on_two_people():
    share, bus_factor = selectors.concentration([20, 15, 2, 1, 1, 1])
    assert bus_factor == 1  # 20 of 40 is half
    assert share == pytest.approx(20 / 40)
    share, bus_factor = selectors.concentration([5, 5, 5, 5])
    assert share == pytest.approx(0.25)
    assert bus_factor == 2
    assert selectors.concentration([]) == (0.0, 0)


@given(st.lists(st.integers(0, 50), max_size=40))
def test_bus_factor_is_the_fewest_people_carrying_half(counts):
    share, k = selectors.concentration(counts)
    ordered = sorted((c for c in counts if c), reverse=True)
    total = sum(ordered)
    if not total:
        assert (share, k) == (0.0, 0)
        return
    assert 2 * sum(ordered[:k]) >= total
    assert 2 * sum(ordered[: k - 1]) < total
    assert 0 < share <= 1


@pytest.mark.django_db
def test_a_service_hanging_on_one_person_is_named_in_plain_words(
    client_for, town, bus, make_member
):
    carrier, helper = make_member(town), make_member(town)
    for i in range(6):
        shift = ShiftFactory(
            town=town,
            service=bus,
            starts_at=timezone.now() - timedelta(days=i + 1),
            ends_at=timezone.now() - timedelta(days=i + 1) + timedelta(hours=4),
        )
        SignUp.objects.create(town=town, shift=shift, user=carrier if i < 5 else helper)
    loads = {load.service.pk: load for load in selectors.load(town=town)}
    assert loads[bus.pk].bus_factor == 1 and loads[bus.pk].hangs_on_few
    page = client_for(carrier).get(reverse("services:coverage", kwargs={"town_slug": town.slug}))
    assert "hängt an einer Person" in page.text


@pytest.mark.django_db
def test_responsibilities_for_town_lists_current_ones_only(town, other_town, bus):
    today = timezone.localdate()
    current = ResponsibilityFactory(town=town, service=bus, title="Fahrdienstleitung")
    ResponsibilityFactory(town=town, service=bus, title="Alt", until=today - timedelta(days=1))
    ResponsibilityFactory(town=town, service=bus, title="Neu", since=today + timedelta(days=1))
    ResponsibilityFactory(town=other_town, title="Anderswo")
    rows = selectors.responsibilities_for_town(town)
    assert [r.pk for r in rows] == [current.pk]
    assert rows[0].service == bus and rows[0].holder is not None


@pytest.mark.django_db
def test_load_names_the_bus_factor_in_words_and_takes_the_services_handed_in(
    town, bus, make_member
):
    people = [make_member(town) for _ in range(2)]
    for i in range(4):
        shift = ShiftFactory(
            town=town,
            service=bus,
            starts_at=timezone.now() - timedelta(days=i + 1),
            ends_at=timezone.now() - timedelta(days=i + 1) + timedelta(hours=2),
        )
        SignUp.objects.create(town=town, shift=shift, user=people[i % 2])
    loads = selectors.load(town=town)
    mine = {load.service.pk: load for load in loads}[bus.pk]
    assert mine.bus_factor == 1 and mine.bus_label == "1 Person"
    handed = selectors.load(town=town, services=[load.service for load in loads])
    assert handed == loads


@pytest.mark.django_db
def test_coverage_lists_a_short_shift_with_its_start_and_end(town, bus):
    starts = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        hour=9, minute=15, second=0, microsecond=0
    )
    shift = ShiftFactory(
        town=town, service=bus, starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    coverage = selectors.coverage(town=town, start=timezone.localdate())
    (short,) = coverage.short_shifts
    assert (short.pk, short.starts_at, short.ends_at) == (shift.pk, shift.starts_at, shift.ends_at)
    row = next(r for r in coverage.rows if r.service.pk == bus.pk)
    cell = next(c for c in row.cells if c.day == starts.date())
    assert (cell.shifts, cell.short, cell.level) == (1, 1, "bad")
    assert all(c.level == "none" for c in row.cells if c.day != starts.date())
