"""The empty choice of a select is German on German pages: Django 6's "- Select an option -"
(untranslated in its German catalogue) is replaced once, in CoreConfig.ready()."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from logbuch.core.tests.formwalk import build_form, concrete_form_classes, form_arguments
from logbuch.fund.tests.factories import CategoryFactory
from logbuch.towns.models import Role, Town

pytestmark = pytest.mark.django_db

DJANGO_WORDING = "Select an option"


def test_no_form_of_the_project_offers_djangos_english_empty_choice(town: Town) -> None:
    arguments = form_arguments(town)
    with_empty_choice = []
    with translation.override("de"):
        for cls in concrete_form_classes():
            html = str(build_form(cls, arguments))
            assert DJANGO_WORDING not in html, cls.__qualname__
            if re.search(r'<option value=""[^>]*>Bitte wählen</option>', html):
                with_empty_choice.append(cls.__qualname__)
    # The forms that showed Django's wording before (on seven pages): all of them say it in
    # German now.
    assert {
        "ApplicationForm",
        "AssemblyForm",
        "BoardPostForm",
        "MeasureForm",
        "VolunteerQualificationForm",
        "VotingForm",
    } <= set(with_empty_choice)


def test_the_english_interface_words_it_in_english() -> None:
    from django.db.models import fields  # noqa: PLC0415

    with translation.override("en"):
        assert str(fields.BLANK_CHOICE_LABEL) == "Please choose"


def test_the_measure_form_page_shows_the_german_empty_choice(coordinator_client, town) -> None:
    response = coordinator_client.get(
        reverse("logbook:measure_create", kwargs={"town_slug": town.slug})
    )
    assert response.status_code == 200
    assert DJANGO_WORDING not in response.text
    assert "Bitte wählen" in response.text


def test_the_application_form_page_shows_the_german_empty_choice(
    town, make_member, client_for
) -> None:
    category = CategoryFactory(town=town)
    CategoryFactory(town=town, fund=category.fund)
    client = client_for(make_member(town, Role.RESIDENT))
    url = reverse(
        "fund:application_new", kwargs={"town_slug": town.slug, "fund_pk": category.fund_id}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert DJANGO_WORDING not in response.text
    assert "Bitte wählen" in response.text
