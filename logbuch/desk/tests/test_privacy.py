"""Export and erasure on the account page cover the Anlaufstelle."""

from __future__ import annotations

import pytest

from logbuch.desk.models import Concern, ConcernMessage
from logbuch.desk.privacy import erase_user_data, export_user_data
from logbuch.towns.models import Role

from .factories import BoardPostFactory, ConcernFactory, ConcernMessageFactory

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
