"""Wochenpost: opt in, one mail per person and week (even when run twice), unsubscribe by link."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from logbuch.core.tests.races import race
from logbuch.desk.models import ThankYouStatus, WeeklyMailSent, WeeklyMailSubscription
from logbuch.desk.services import weekly as services
from logbuch.logbook.tests.factories import MeasureFactory
from logbuch.towns.models import Role

from .factories import BoardPostFactory, ThankYouFactory, WeeklyMailSubscriptionFactory

pytestmark = pytest.mark.django_db


def _url(town, name, **kw):
    return reverse(f"desk:{name}", kwargs={"town_slug": town.slug, **kw})


def _something_happened(town):
    BoardPostFactory(town=town, title="Biete Kinderwagen")
    ThankYouFactory(
        town=town, status=ThankYouStatus.SHOWN, decided_at=timezone.now(), text="Danke, Jonas!"
    )


def test_member_opts_in_and_out(town, make_member, client_for):
    person = make_member(town, Role.RESIDENT)
    client = client_for(person)
    assert _url(town, "weekly_subscribe") in client.get(_url(town, "weekly")).text
    client.post(_url(town, "weekly_subscribe"))
    assert WeeklyMailSubscription.objects.filter(town=town, user=person).exists()
    assert _url(town, "weekly_stop") in client.get(_url(town, "weekly")).text
    client.post(_url(town, "weekly_stop"))
    assert not WeeklyMailSubscription.objects.exists()


def test_new_measures_reach_the_wochenpost_in_each_readers_language(
    town, make_member, django_capture_on_commit_callbacks
):
    MeasureFactory(town=town, title="Bank am Dorfteich aufstellen")
    german, english = make_member(town, Role.VOLUNTEER), make_member(town, Role.VOLUNTEER)
    english.language = "en"
    english.save(update_fields=["language"])
    for person in (german, english):
        WeeklyMailSubscriptionFactory(town=town, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.weekly_mail_send(town=town) == 2
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Neue Maßnahmen im Logbuch:\n- Bank am Dorfteich aufstellen" in bodies[german.email]
    assert "New measures in the logbook:\n- Bank am Dorfteich aufstellen" in bodies[english.email]


def test_weekly_mail_goes_once_per_week_even_when_run_twice(
    town, make_member, django_capture_on_commit_callbacks
):
    _something_happened(town)
    person = make_member(town, Role.VOLUNTEER)
    WeeklyMailSubscriptionFactory(town=town, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("desk_weekly", stdout=None)
        call_command("desk_weekly", stdout=None)
    assert [m.to for m in mail.outbox] == [[person.email]]
    body = mail.outbox[0].body
    assert "Biete Kinderwagen" in body and "Danke, Jonas!" in body
    assert WeeklyMailSent.objects.count() == 1
    next_week = timezone.now() + datetime.timedelta(days=7)
    BoardPostFactory(town=town, created_at=next_week - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.weekly_mail_send(town=town, now=next_week) == 1


def test_nothing_happened_sends_nothing(town, make_member):
    WeeklyMailSubscriptionFactory(town=town, user=make_member(town, Role.RESIDENT))
    assert services.weekly_mail_send(town=town) == 0
    assert not WeeklyMailSent.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_parallel_runs_send_one_mail(town, make_member):
    _something_happened(town)
    WeeklyMailSubscriptionFactory(town=town, user=make_member(town, Role.RESIDENT))
    result = race(lambda _i: services.weekly_mail_send(town=town), 2)
    assert not result.crashed
    assert sorted(result.succeeded) == [0, 1]
    assert WeeklyMailSent.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_without_the_sent_marker_both_runs_send(town, make_member, monkeypatch):
    _something_happened(town)
    WeeklyMailSubscriptionFactory(town=town, user=make_member(town, Role.RESIDENT))

    class NoMarker:
        class objects:
            @staticmethod
            def create(**_kw):
                return None

    monkeypatch.setattr(services, "WeeklyMailSent", NoMarker)
    result = race(lambda _i: services.weekly_mail_send(town=town), 2)
    assert not result.crashed
    assert sorted(result.succeeded) == [1, 1]


def test_unsubscribe_link_works_without_login(
    town, make_member, django_capture_on_commit_callbacks
):
    _something_happened(town)
    person = make_member(town, Role.RESIDENT)
    WeeklyMailSubscriptionFactory(town=town, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.weekly_mail_send(town=town)
    link = next(w for w in mail.outbox[0].body.split() if "/wochenpost/abbestellen/" in w)
    path = link.split("://", 1)[-1].split("/", 1)[-1]
    client = Client()
    assert client.get("/" + path).status_code == 200
    assert WeeklyMailSubscription.objects.exists(), "GET only asks"
    assert client.post("/" + path).status_code == 200
    assert not WeeklyMailSubscription.objects.exists()


def test_forged_or_other_town_token_is_refused(town, other_town, make_member):
    person = make_member(town, Role.RESIDENT)
    token = services.unsubscribe_token(town=town, user=person)
    assert Client().get(_url(other_town, "weekly_unsubscribe", token=token)).status_code == 404
    assert Client().get(_url(town, "weekly_unsubscribe", token=token + "x")).status_code == 404
