"""Export and erasure on the account page cover the Anlaufstelle."""

from __future__ import annotations

import pytest

from logbuch.desk.models import (
    Concern,
    ConcernMessage,
    ThankYou,
    WeeklyMailSent,
    WeeklyMailSubscription,
)
from logbuch.desk.privacy import erase_user_data, export_user_data
from logbuch.towns.models import Role

from .factories import (
    BoardPostFactory,
    ConcernFactory,
    ConcernMessageFactory,
    ThankYouFactory,
    WeeklyMailSentFactory,
    WeeklyMailSubscriptionFactory,
)

pytestmark = pytest.mark.django_db


def test_export_and_erasure_cover_concerns_answers_and_board(town, make_member):
    person = make_member(town, Role.RESIDENT)
    by_account = ConcernFactory(town=town, user=person, email="", name=person.name)
    by_address = ConcernFactory(town=town, email=person.email.upper(), name="Ich")
    ConcernMessageFactory(town=town, concern=by_account, author=person, text="Meine Antwort")
    BoardPostFactory(town=town, author=person, title="Biete Rasenmäher")
    data = export_user_data(person)
    assert {c["text"] for c in data["desk_concerns"]} == {by_account.text, by_address.text}
    assert data["desk_answers_written"][0]["text"] == "Meine Antwort"
    assert data["desk_board_posts"][0]["title"] == "Biete Rasenmäher"

    erase_user_data(person)
    for concern in Concern.objects.filter(pk__in=[by_account.pk, by_address.pk]):
        assert concern.anonymous and (concern.name, concern.email, concern.user_id) == (
            "",
            "",
            None,
        )
    assert ConcernMessage.objects.get().author_id is None
    assert export_user_data(person)["desk_board_posts"] == []


def test_export_and_erasure_cover_thanks_and_wochenpost(town, make_member):
    person = make_member(town, Role.RESIDENT)
    given = ThankYouFactory(town=town, from_user=person, from_name=person.name, text="Danke!")
    ThankYouFactory(town=town, recipient=person, text="Danke an dich")
    WeeklyMailSubscriptionFactory(town=town, user=person)
    WeeklyMailSentFactory(town=town, user=person, week="2026-W48")
    data = export_user_data(person)
    assert data["desk_thanks_given"][0]["status"] == "waiting"
    assert data["desk_thanks_received"][0]["text"] == "Danke an dich"
    assert data["desk_weekly_mail_sent"] == [{"town": town.name, "week": "2026-W48"}]

    erase_user_data(person)
    given.refresh_from_db()
    assert given.from_user_id is None and given.from_name == "Jemand"
    assert not ThankYou.objects.filter(recipient=person).exists()
    assert not WeeklyMailSubscription.objects.filter(user=person).exists()
    assert not WeeklyMailSent.objects.filter(user=person).exists()
