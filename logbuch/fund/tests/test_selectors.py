from __future__ import annotations

import pytest
from django.utils import timezone

from logbuch.fund.models import ApplicationStatus
from logbuch.fund.selectors.applications import review_queue, review_queue_rows
from logbuch.fund.selectors.jury import jury_queue
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    CostItemFactory,
    JuryMemberFactory,
    JuryVoteFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


def test_review_queue_sums_costs_once_whatever_the_number_of_questions(town):
    app = ApplicationFactory(town=town, status=ApplicationStatus.SUBMITTED)
    CostItemFactory(town=town, application=app, amount_cents=100_000)
    CostItemFactory(town=town, application=app, amount_cents=50_000)
    QuestionFactory(town=town, application=app)
    QuestionFactory(town=town, application=app)
    QuestionFactory(town=town, application=app, answered_at=timezone.now())

    [row] = review_queue_rows(review_queue(town=town, fund=app.fund).filter(pk=app.pk))

    assert row["costs_total"] == 150_000
    assert row["open_questions"] == 2


def test_jury_queue_marks_the_applications_this_juror_voted_on(town):
    voted = ApplicationFactory(town=town, status=ApplicationStatus.IN_REVIEW)
    open_app = ApplicationFactory(
        town=town, status=ApplicationStatus.SUBMITTED, category=voted.category
    )
    juror = JuryMemberFactory(town=town, fund=voted.fund)
    other_juror = JuryMemberFactory(town=town, fund=voted.fund)
    JuryVoteFactory(town=town, application=voted, juror=juror)
    JuryVoteFactory(town=town, application=voted, juror=other_juror)
    JuryVoteFactory(town=town, application=open_app, juror=other_juror)

    queue = {
        app.pk: app.my_votes  # type: ignore[attr-defined]
        for app in jury_queue(town=town, user=juror.user)
    }

    assert queue == {voted.pk: True, open_app.pk: False}
