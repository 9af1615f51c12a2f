"""Issue 12 item 1: each question answered as it is asked – pole labels of its own, list
answers where it asks which/where/with whom, merged and counted in the results, carried into
the town's list of Räume, Verbündete and Akteure."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from logbuch.core.tests.html import squash
from logbuch.logbook.forms import AnswerForm, parse_list_answer
from logbuch.logbook.models import (
    Answer,
    Lever,
    ListEntry,
    ListKind,
    Round,
    TownListEntry,
    list_key,
)
from logbuch.logbook.selectors.catalogue import round_levers_by_area
from logbuch.logbook.selectors.list_answers import list_entries
from logbuch.logbook.selectors.results import round_results
from logbuch.logbook.services.participation import (
    ListItem,
    clean_list_items,
    participation_for_member,
    participation_save,
    participation_submit,
)
from logbuch.logbook.tests.factories import LeverFactory, TownListEntryFactory
from logbuch.logbook.tests.helpers import entry, live_round, url
from logbuch.logbook.tests.results_data import ALL_GROUPS, fill, levers_of, open_round
from logbuch.towns.models import Role, Town, User

pytestmark = pytest.mark.django_db

GUIDE_LIST_QUESTIONS = {
    "S03a": ["resource"],
    "S03b": ["resource"],
    "S07": ["place", "partner"],
    "S08": ["partner"],
    "K01": ["actor"],
    "K03": ["channel"],
    "K04": ["condition"],
}


def lever(code: str) -> Lever:
    return Lever.objects.get(town__isnull=True, code=code, area__version__is_current=True)


def add_list_answers(
    round_: Round, lever_: Lever, group: str, people: Iterable[Iterable[str]], kind: str
) -> None:
    """One answer (value 2) per person, with that person's entries of `kind`."""
    for texts in people:
        answer = Answer.objects.create(
            town=round_.town, round=round_, lever=lever_, group=group, value=2
        )
        ListEntry.objects.bulk_create(
            ListEntry(
                town=round_.town,
                answer=answer,
                round=round_,
                lever=lever_,
                group=group,
                kind=kind,
                text=t,
                key=list_key(t),
            )
            for t in texts
        )


# --- The catalogue: pole labels and list answers from the data migration --------------------------


def test_every_stellschraube_of_the_guide_has_pole_labels_of_its_own() -> None:
    levers = list(Lever.objects.filter(town__isnull=True, area__version__is_current=True))
    assert len(levers) == 22
    for lv in levers:
        assert lv.scale_low and lv.scale_high, lv.code
    assert (lever("E01").pole_low, lever("E01").pole_high) == ("nur Projekte", "Prozesse")
    assert (lever("S03a").pole_low, lever("S03a").pole_high) == ("keine", "ausreichend")
    # Not the agree scale: that has no meaning for "Wo und mit wem …?"
    assert not any(lv.scale_high == "trifft voll zu" for lv in levers)


def test_the_seven_open_questions_ask_for_a_list_and_keep_the_guides_words() -> None:
    asked = {
        lv.code: lv.list_kinds
        for lv in Lever.objects.filter(town__isnull=True, area__version__is_current=True)
        if lv.list_kinds
    }
    assert asked == GUIDE_LIST_QUESTIONS
    assert lever("S07").question == "Wo und mit wem lassen sich Möglichkeitsräume schaffen?"
    assert lever("K03").question.endswith("Über welche Kanäle?")


def test_a_lever_without_own_labels_falls_back_to_the_agree_scale(town: Town) -> None:
    own = LeverFactory(town=town)
    assert (own.pole_low, own.pole_high) == ("trifft gar nicht zu", "trifft voll zu")


# --- Parsing and bad input ----------------------------------------------------------------------


def test_empty_and_duplicate_entries_are_kept_once_and_trimmed() -> None:
    items = parse_list_answer(
        "  Alte Schule :  Erdgeschoss  leer \n\n alte   schule\nKirche\n   \nKIRCHE: groß", "place"
    )
    assert [(i["text"], i["note"]) for i in items] == [
        ("Alte Schule", "Erdgeschoss leer"),
        ("Kirche", ""),
    ]


def _step_post(lever_: Lever, value: str, text: str) -> dict[str, str]:
    return {f"v{lever_.pk}": value, f"l{lever_.pk}_resource": text}


def test_more_than_20_entries_get_a_clear_message_and_the_text_stays(town: Town) -> None:
    s03a = lever("S03a")
    text = "\n".join(f"Ressource {n}" for n in range(21))
    form = AnswerForm(_step_post(s03a, "2", text), levers=[s03a])
    assert not form.is_valid()
    [message] = form.errors[f"l{s03a.pk}_resource"]
    assert "höchstens 20 Einträge" in message and "21" in message
    assert form[f"l{s03a.pk}_resource"].value() == text


def test_an_entry_over_200_characters_gets_a_clear_message(town: Town) -> None:
    s03a = lever("S03a")
    text = "Kurz\n" + "x" * 201
    form = AnswerForm(_step_post(s03a, "2", text), levers=[s03a])
    assert not form.is_valid()
    [message] = form.errors[f"l{s03a.pk}_resource"]
    assert "Zeile 2 ist zu lang (201 Zeichen)" in message
    assert form[f"l{s03a.pk}_resource"].value() == text
    assert parse_list_answer("x" * 200, "place")[0]["text"] == "x" * 200


def test_entries_without_a_rating_are_refused_not_dropped(town: Town) -> None:
    s07 = lever("S07")
    form = AnswerForm({f"l{s07.pk}_place": "Alte Schule"}, levers=[s07])
    assert not form.is_valid()
    assert "Einschätzung oder „weiß nicht“" in form.errors[f"v{s07.pk}"][0]


def test_too_long_list_on_the_page_keeps_the_typed_text_and_saves_nothing(
    town: Town, volunteer_client: Client
) -> None:
    round_ = live_round(town)
    volunteer_client.post(url("round_join", town, pk=round_.pk))
    s03a = lever("S03a")
    text = "\n".join(f"Eintrag {n}" for n in range(25))
    response = volunteer_client.post(
        url("answer_step", town, pk=round_.pk, step=1), _step_post(s03a, "3", text)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "höchstens 20 Einträge – hier sind es 25" in html
    assert "Eintrag 24" in html  # the text is still in the box
    assert "<title>Fehler:" in html
    assert not round_.participations.get().draft


# --- Answering: the page and what is stored -----------------------------------------------------


def test_answer_page_shows_each_question_with_its_poles_and_list_fields(
    town: Town, volunteer_client: Client
) -> None:
    round_ = live_round(town)
    volunteer_client.post(url("round_join", town, pk=round_.pk))
    html = volunteer_client.get(url("answer_step", town, pk=round_.pk, step=1)).content.decode()
    s07 = lever("S07")
    assert s07.question in html
    assert "0 = nirgends, mit niemandem" in html and "4 = an vielen Orten, mit vielen" in html
    assert f'name="l{s07.pk}_place"' in html and f'name="l{s07.pk}_partner"' in html
    # Progress text agrees with the list of parts: three parts, this is the first.
    assert "Teil 1 von 3" in html and "0 von 22 beantwortet" in html
    parts = re.search(r'<ol class="answer-parts".*?</ol>', html, re.S)
    assert parts is not None and parts.group(0).count("<li") == 3
    # Evidence folded under "Beleg hinzufügen"; every input carries its KERN class.
    assert html.count("Beleg hinzufügen") == 12
    for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", html):
        if 'type="hidden"' in tag:
            continue
        assert "kern-form-check__radio" in tag or "kern-form-input__input" in tag, tag


def test_progress_counts_the_answers_saved_in_other_parts(
    town: Town, volunteer_client: Client
) -> None:
    round_ = live_round(town)
    volunteer_client.post(url("round_join", town, pk=round_.pk))
    first = [lv for lv in levers_of(town) if lv.area.position == 1][:7]
    volunteer_client.post(
        url("answer_step", town, pk=round_.pk, step=1), {f"v{lv.pk}": "2" for lv in first}
    )
    html = volunteer_client.get(url("answer_step", town, pk=round_.pk, step=2)).content.decode()
    assert "Teil 2 von 3" in html and "7 von 22 beantwortet" in html
    assert "7/12" in html


def test_a_list_answer_is_stored_anonymously_with_its_answer(
    town: Town, make_member: Callable[..., User]
) -> None:
    round_ = live_round(town)
    s07 = lever("S07")
    person = make_member(town, Role.VOLUNTEER)
    participation = participation_for_member(
        round_=round_, user=person, roles=frozenset({"volunteer"})
    )
    form = AnswerForm(
        {
            f"v{s07.pk}": "3",
            f"l{s07.pk}_place": "Alte Schule: Erdgeschoss\nalte schule\n\n",
            f"l{s07.pk}_partner": "Heimatverein",
        },
        levers=[s07],
    )
    assert form.is_valid(), form.errors
    saved = participation_save(participation=participation, entries=form.entries())
    # The draft shows the entries again as lines.
    again = AnswerForm(levers=[s07], draft=saved.draft)
    assert again[f"l{s07.pk}_place"].value() == "Alte Schule: Erdgeschoss"
    participation_submit(participation=participation)
    stored = {(e.kind, e.text, e.note) for e in ListEntry.objects.filter(round=round_)}
    assert stored == {("place", "Alte Schule", "Erdgeschoss"), ("partner", "Heimatverein", "")}
    answer = Answer.objects.get(round=round_, lever=s07)
    assert answer.participation_id is None  # anonymous round
    assert {e.answer_id for e in ListEntry.objects.all()} == {answer.pk}


def test_a_paper_sheet_takes_list_answers_too(town: Town, coordinator_client: Client) -> None:
    round_ = live_round(town)
    s08 = lever("S08")
    response = coordinator_client.post(
        url("round_paper", town, pk=round_.pk),
        {"group": "staff", f"v{s08.pk}": "1", f"l{s08.pk}_partner": "Sparkasse\nSparkasse"},
    )
    assert response.status_code == 302
    assert list(ListEntry.objects.values_list("text", "group")) == [("Sparkasse", "staff")]


# --- Results: merged, counted, only from shown groups -------------------------------------------


def test_results_merge_and_count_entries_per_shown_group(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, groups=["staff", "volunteer", "resident", "business"], closed=True)
    s07 = lever("S07")
    add_list_answers(
        round_,
        s07,
        "volunteer",
        [["Alte Schule", "Kirche"], ["alte  schule"], ["ALTE SCHULE"], []],
        "place",
    )
    add_list_answers(round_, s07, "staff", [["Alte Schule"], [], ["Bahnhof"]], "place")
    # Residents have 2 answers (hidden); businesses are hidden too, or the residents' figures
    # would follow from the laypeople's sum by subtraction.
    add_list_answers(round_, s07, "resident", [["Geheimer Keller"], ["Alte Schule"]], "place")
    add_list_answers(round_, s07, "business", [["Alte Schule"], ["Lager"], []], "place")
    page = coordinator_client.get(url("round_lever", town, round_pk=round_.pk, pk=s07.pk))
    html = squash(page.content.decode())
    # 3 volunteers and 1 staff member named it, counted once each under one spelling.
    assert re.search(r">Alte Schule</strong>\s*<span[^>]*>· 4 Personen<", html)
    assert "Ehrenamtliche&nbsp;3" in html and "Hauptberufliche&nbsp;1" in html
    assert re.search(r">Kirche</strong>\s*<span[^>]*>· 1 Person<", html)
    for hidden in ("Geheimer Keller", "Lager", "Bürgerinnen und Bürger&nbsp;", "Paten&nbsp;"):
        assert hidden not in html
    results_page = coordinator_client.get(url("round_results", town, pk=round_.pk))
    body = results_page.content.decode()
    assert "Was genannt wurde" in body
    assert "Geheimer Keller" not in body and "Lager" not in body


def test_open_rounds_show_no_entries(town: Town, coordinator: User) -> None:
    round_ = open_round(town, groups=["volunteer"])
    s07 = lever("S07")
    add_list_answers(round_, s07, "volunteer", [["Alte Schule"]] * 5, "place")
    results = round_results(round_, trend_rounds=1)
    entries = list_entries(round_, results.by_lever, {s07.pk: s07.list_kinds})
    assert entries[s07.pk].count == 0


def _results_queries(client: Client, page: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["round_results", "round_lever"])
def test_results_query_count_is_the_same_with_1_and_60_list_entries(
    name: str, town: Town, coordinator_client: Client
) -> None:
    s07 = lever("S07")
    rounds = []
    for year, people in ((2025, 3), (2026, 60)):
        r = open_round(town, groups=ALL_GROUPS, starts_on=datetime.date(year, 1, 1), closed=True)
        add_list_answers(
            r, s07, "volunteer", [[f"Ort {n}", "Alte Schule"] for n in range(people)], "place"
        )
        fill(r, 200)
        rounds.append(r)

    def page(r: Round) -> str:
        if name == "round_lever":
            return url(name, town, round_pk=r.pk, pk=s07.pk)
        return url(name, town, pk=r.pk)

    for r in rounds:
        coordinator_client.get(page(r))
    few, many = (_results_queries(coordinator_client, page(r)) for r in rounds)
    assert few == many
    assert many <= 15


# --- Carrying entries into the town's list ------------------------------------------------------


def _closed_round_with_places(town: Town) -> tuple[Round, Lever]:
    round_ = open_round(town, groups=["volunteer", "resident", "business"], closed=True)
    s07 = lever("S07")
    add_list_answers(round_, s07, "volunteer", [["Alte Schule"], ["alte schule"], [], []], "place")
    add_list_answers(round_, s07, "business", [["Lager"], [], []], "place")
    add_list_answers(round_, s07, "resident", [["Keller"]], "place")
    return round_, s07


def test_the_coordinator_carries_a_place_into_the_town_list_once(
    town: Town, coordinator_client: Client
) -> None:
    round_, s07 = _closed_round_with_places(town)
    carry = url("round_lever_carry", town, round_pk=round_.pk, pk=s07.pk)
    response = coordinator_client.post(carry, {"kind": "place", "key": "alte schule"})
    assert response.status_code == 302
    entry_ = TownListEntry.objects.get()
    assert (entry_.kind, entry_.name, entry_.lever_id) == ("place", "Alte Schule", s07.pk)
    coordinator_client.post(carry, {"kind": "place", "key": "alte schule"})
    assert TownListEntry.objects.count() == 1
    page = coordinator_client.get(url("town_list", town)).content.decode()
    assert "Alte Schule" in page and "aus S07" in page
    drill = coordinator_client.get(
        url("round_lever", town, round_pk=round_.pk, pk=s07.pk)
    ).content.decode()
    assert "in der Liste des Ortes" in drill


def test_an_entry_of_a_hidden_group_cannot_be_carried_even_when_guessed(
    town: Town, coordinator_client: Client
) -> None:
    round_, s07 = _closed_round_with_places(town)
    response = coordinator_client.post(
        url("round_lever_carry", town, round_pk=round_.pk, pk=s07.pk),
        {"kind": "place", "key": "keller"},
        follow=True,
    )
    assert "gibt es in den gezeigten Ergebnissen nicht" in response.content.decode()
    assert not TownListEntry.objects.exists()


def test_only_places_partners_and_actors_are_carried(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, groups=["volunteer"], closed=True)
    k03 = lever("K03")
    add_list_answers(round_, k03, "volunteer", [["Amtsblatt"]] * 3, "channel")
    coordinator_client.post(
        url("round_lever_carry", town, round_pk=round_.pk, pk=k03.pk),
        {"kind": "channel", "key": "amtsblatt"},
    )
    assert not TownListEntry.objects.exists()


def test_members_see_the_town_list_but_do_not_carry(town: Town, volunteer_client: Client) -> None:
    round_, s07 = _closed_round_with_places(town)
    response = volunteer_client.post(
        url("round_lever_carry", town, round_pk=round_.pk, pk=s07.pk),
        {"kind": "place", "key": "alte schule"},
    )
    assert response.status_code == 403
    html = volunteer_client.get(url("round_lever", town, round_pk=round_.pk, pk=s07.pk))
    assert "In die Liste übernehmen" not in html.content.decode()
    assert volunteer_client.get(url("town_list", town)).status_code == 200


def test_town_list_query_count_is_constant(
    town: Town, volunteer_client: Client, django_assert_max_num_queries: Any
) -> None:
    TownListEntryFactory(town=town)
    volunteer_client.get(url("town_list", town))
    few = _results_queries(volunteer_client, url("town_list", town))
    round_ = open_round(town, closed=True)
    for n in range(12):
        TownListEntryFactory(
            town=town,
            kind=[ListKind.PLACE, ListKind.PARTNER, ListKind.ACTOR][n % 3],
            lever=lever("S07"),
            round=round_,
        )
    assert _results_queries(volunteer_client, url("town_list", town)) == few


# --- A town's own Stellschrauben ------------------------------------------------------------------


def test_a_town_sets_pole_labels_and_a_list_answer_of_its_own_stellschraube(
    town: Town, coordinator_client: Client
) -> None:
    area = lever("S01").area
    response = coordinator_client.post(
        url("lever_manage", town),
        {
            "area": area.pk,
            "title": "Treffpunkte",
            "question": "Welche Treffpunkte gibt es im Ort?",
            "scale_low": "keine",
            "scale_high": "genug",
            "list_kinds": ["place"],
        },
    )
    assert response.status_code == 302
    own = Lever.objects.get(town=town)
    assert (own.scale_low, own.scale_high, own.list_kinds) == ("keine", "genug", ["place"])
    response = coordinator_client.post(
        url("lever_scale", town, pk=own.pk),
        {"scale_low": "gar keine", "scale_high": "viele", "list_kinds": ["place", "partner"]},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.pole_low, own.pole_high) == ("gar keine", "viele")
    assert own.list_kinds == ["place", "partner"]
    detail = coordinator_client.get(url("lever_detail", town, pk=own.pk)).content.decode()
    assert "0 = gar keine, 4 = viele" in detail


def test_the_guides_stellschrauben_keep_their_scale(town: Town, coordinator_client: Client) -> None:
    response = coordinator_client.get(url("lever_scale", town, pk=lever("E01").pk))
    assert response.status_code == 404


def test_another_towns_own_stellschraube_is_not_found(
    town: Town, other_town: Town, coordinator_client: Client
) -> None:
    foreign = LeverFactory(town=other_town)
    assert coordinator_client.get(url("lever_scale", town, pk=foreign.pk)).status_code == 404


# --- The blank Papierbogen ---------------------------------------------------------------------


def test_blank_paper_sheet_is_a_pdf_linked_from_the_paper_and_codes_pages(
    town: Town, coordinator_client: Client
) -> None:
    round_ = live_round(town)
    pdf_url = url("round_paper_sheet_pdf", town, pk=round_.pk)
    assert (
        pdf_url in coordinator_client.get(url("round_paper", town, pk=round_.pk)).content.decode()
    )
    assert (
        pdf_url
        in coordinator_client.get(url("round_code_sheet", town, pk=round_.pk)).content.decode()
    )
    response = coordinator_client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = render_to_string(
        "logbook/paper_sheet_pdf.html",
        {
            "town": town,
            "round": round_,
            "areas": round_levers_by_area(round_=round_),
            "scale": range(5),
            "list_lines": range(4),
            "comment_lines": range(2),
        },
    )
    assert html.count('class="question"') == 22  # one block per question
    assert lever("S07").question in html
    assert "0 = nur Projekte" in html and "4 = Prozesse" in html
    assert html.count('<span class="box"') == 22 * 6 + 3  # 0–4 and weiß nicht; 3 groups
    # Lines for the list answers: S07 twice (Räume, Verbündete), six others once.
    assert html.count("einer je Zeile") == 8


def test_members_cannot_download_the_blank_sheet(town: Town, volunteer_client: Client) -> None:
    round_ = live_round(town)
    assert volunteer_client.get(url("round_paper_sheet_pdf", town, pk=round_.pk)).status_code == 403


def test_entry_helper_still_builds_drafts_without_items() -> None:
    """Drafts saved before list answers existed (no "items") still load."""
    assert "items" not in entry(2)


def test_the_service_keeps_list_answers_in_bounds_whatever_reaches_it() -> None:
    """Past the form (a stale draft, another caller): kinds the Stellschraube does not ask for
    are dropped, entries kept once, at most 20 per kind and 200 characters each."""
    items = [ListItem(kind="place", text=f"  Ort   {n} ", note="") for n in range(25)]
    items += [
        ListItem(kind="place", text="ort 0", note="doppelt"),
        ListItem(kind="channel", text="Amtsblatt", note=""),
        ListItem(kind="partner", text="x" * 250, note="y" * 250),
    ]
    cleaned = clean_list_items(items, ["place", "partner"])
    places = [i["text"] for i in cleaned if i["kind"] == "place"]
    assert places == [f"Ort {n}" for n in range(20)]
    [partner] = [i for i in cleaned if i["kind"] == "partner"]
    assert len(partner["text"]) == 200 and len(partner["note"]) == 200
    assert not [i for i in cleaned if i["kind"] == "channel"]
