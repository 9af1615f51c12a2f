"""The list renderings (Django's selects and checkbox lists through core's templates, plain-row
pages) give the same markup as Django's own templates, the review queue filters and sorts with
htmx, and the coordinator's vote page stays at a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from logbuch.core.forms import Form, KernBoundField
from logbuch.core.listing import RowUrl
from logbuch.core.tests.html import links_swapped_into_the_list
from logbuch.fund.forms.review import ReviewFilterForm
from logbuch.fund.forms.voting import VotingForm
from logbuch.fund.labels import status_label
from logbuch.fund.models import Application, ApplicationStatus, PublicVoter, PublicVoting
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    PublicVoteOptionFactory,
    PublicVoterFactory,
    PublicVotingFactory,
)
from logbuch.towns.models import Town

pytestmark = pytest.mark.django_db


def _listed(voting: PublicVoting, n: int, **fields: Any) -> list[Application]:
    return [
        ApplicationFactory(
            town=voting.town,
            fund=voting.fund,
            category=voting.category,
            status=ApplicationStatus.SUBMITTED,
            consent_publish=True,  # only applications that may be named go on a public list
            **fields,
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("initial", [{}, {"status": "in_review", "category": "x", "suche": "a"}])
def test_filter_selects_render_like_djangos_select(town: Town, initial: dict[str, str]) -> None:
    category = CategoryFactory(town=town, name="Kultur & <Umwelt>")
    form = ReviewFilterForm(initial=initial, fund=category.fund)
    django_form = ReviewFilterForm(
        initial=initial,
        fund=category.fund,
        renderer=DjangoTemplates(),
        bound_field_class=KernBoundField,  # the same classes; only the templates differ
    )
    for name in ("status", "category"):
        assert type(form.fields[name].widget) is forms.Select
        assert form[name].as_widget() == django_form[name].as_widget()
        assert form[name].widget_type == "select"


def test_review_queue_sorts_and_filters_the_list_alone_with_htmx(
    town: Town, coordinator_client: Client
) -> None:
    category = CategoryFactory(town=town)
    ApplicationFactory(
        town=town, fund=category.fund, category=category, status=ApplicationStatus.SUBMITTED
    )
    target = reverse("fund:review_queue", kwargs={"town_slug": town.slug, "pk": category.fund_id})
    page = coordinator_client.get(target + "?status=submitted&sortierung=titel").text
    assert "htmx.min.js" in page and 'hx-target="#liste"' in page
    # Sorting keeps the filter; a second click on the sorted column reverses it.
    assert 'href="?status=submitted&amp;sortierung=-titel"' in page
    assert 'href="?status=submitted&amp;sortierung=betrag"' in page
    part = coordinator_client.get(target + "?sortierung=betrag", headers={"HX-Request": "true"})
    assert part.text.lstrip().startswith('<div id="liste"')
    assert "<html" not in part.text and 'hx-swap-oob="innerHTML:#treffer"' in part.text
    assert links_swapped_into_the_list(part.text) == []


@pytest.mark.parametrize("bound", [False, True])
def test_the_vote_list_renders_like_the_core_checkbox_fieldset(town: Town, bound: bool) -> None:
    voting = PublicVotingFactory(town=town)
    apps = _listed(voting, 3, title='Bank "am" <Teich> & Co')
    apps += _listed(voting, 2)
    data = {"applications": [str(apps[0].pk), "999999"]} if bound else None
    initial = {"applications": [apps[1].pk, apps[3].pk]}

    class Plain(Form):
        applications = forms.ModelMultipleChoiceField(
            label=VotingForm.base_fields["applications"].label,
            queryset=Application.objects.filter(category=voting.category).order_by("title", "pk"),
            widget=forms.CheckboxSelectMultiple,
        )

    ours = VotingForm(data, fund=voting.fund, voting=voting, initial=initial)
    theirs = Plain(data, initial=initial)
    if bound:
        assert not ours.is_valid() and not theirs.is_valid()
        assert "applications" in ours.errors
    assert ours["applications"].as_field_group() == theirs["applications"].as_field_group()


def test_status_labels_and_row_urls_match_django(town: Town) -> None:
    app = ApplicationFactory(town=town, status=ApplicationStatus.PROOF_SUBMITTED)
    for language in ("de", "en"):
        with override(language):
            assert status_label(app.status) == app.get_status_display()
    detail = RowUrl("fund:application_detail", town_slug=town.slug)
    assert detail(app.pk) == reverse(
        "fund:application_detail", kwargs={"town_slug": town.slug, "pk": app.pk}
    )


@pytest.mark.parametrize("frozen", [False, True])
def test_vote_manage_query_count_does_not_grow(
    coordinator_client: Client,
    town: Town,
    frozen: bool,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    voting = PublicVotingFactory(town=town)
    PublicVoteOptionFactory(town=town, voting=voting, application=_listed(voting, 1)[0])
    if frozen:
        PublicVoting.objects.filter(pk=voting.pk).update(first_vote_at=voting.opens_at)
    target = reverse("fund:voting_manage", kwargs={"town_slug": town.slug, "pk": voting.pk})
    with CaptureQueriesContext(connection) as one:
        assert coordinator_client.get(target).status_code == 200
    for app in _listed(voting, 12):
        PublicVoteOptionFactory(town=town, voting=voting, application=app)
    for method in (PublicVoter.Method.CODE, PublicVoter.Method.EMAIL):
        PublicVoterFactory.create_batch(3, town=town, voting=voting, method=method)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = coordinator_client.get(target).content.decode()
    # 3 + 3 voters, 3 of them with codes.
    assert '<dd class="kern-heading-small">6</dd>' in html
    assert '<dd class="kern-heading-small">3</dd>' in html
    assert html.count('name="applications"') == (0 if frozen else 13)


def test_the_vote_list_has_a_total_order(town: Town) -> None:
    """Titles repeat ("Bank am Teich"); ordered by title alone the database may return equal
    titles in any order, so the list (and a test comparing two renderings) changes between
    two loads. The id breaks ties."""
    voting = PublicVotingFactory(town=town)
    apps = _listed(voting, 3, title="Bank am Teich")
    for form in (VotingForm(fund=voting.fund), VotingForm(fund=voting.fund, voting=voting)):
        field = form.fields["applications"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        queryset = field.queryset
        assert queryset is not None
        assert queryset.query.order_by == ("title", "pk")
        choices: Any = field.choices  # (ModelChoiceIteratorValue, label) pairs
        listed = [value.value for value, _label in choices]
        assert listed == sorted(a.pk for a in apps)
