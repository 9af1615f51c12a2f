from __future__ import annotations

import pytest
from django.utils import timezone

from logbuch.fund import selectors
from logbuch.fund.tests.factories import ApplicationFactory, CostItemFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_review_queue_sums_costs_once_whatever_the_number_of_questions(town):
    app = ApplicationFactory(town=town, status="eingereicht")
    CostItemFactory(town=town, application=app, amount_cents=100_000)
    CostItemFactory(town=town, application=app, amount_cents=50_000)
    QuestionFactory(town=town, application=app)
    QuestionFactory(town=town, application=app)
    QuestionFactory(town=town, application=app, answered_at=timezone.now())

    row = selectors.review_queue(town=town, fund=app.fund).get(pk=app.pk)

    assert row.costs_total == 150_000
    assert row.open_questions == 2
