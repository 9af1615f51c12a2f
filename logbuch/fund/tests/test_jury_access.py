"""Jurors see their fund's applications from submission on, only where a jury decides
(issue 9, finding 9): never drafts, never their attachments, in no list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from logbuch.fund.models import Application, ApplicationStatus, Attachment, Category
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    AttachmentFactory,
    CategoryFactory,
    JuryMemberFactory,
    submitted_application,
)
from logbuch.fund.tests.helpers import url
from logbuch.towns.models import Role, Town, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury_category(town: Town) -> Category:
    category: Category = CategoryFactory(town=town, jury_enabled=True)
    return category


@pytest.fixture
def juror(town: Town, jury_category: Category, make_member: Callable[..., User]) -> User:
    user = make_member(town, Role.VOLUNTEER)
    JuryMemberFactory(town=town, fund=jury_category.fund, user=user)
    return user


@pytest.fixture
def draft(town: Town, jury_category: Category) -> Application:
    app: Application = ApplicationFactory(
        town=town,
        category=jury_category,
        title="Entwurf Dorfkino",
        description="Geheimer Kostenplan",
        status=ApplicationStatus.DRAFT,
    )
    return app


def _opens(client: Client, town: Town, app: Application) -> int:
    return client.get(url("fund:application_detail", town, pk=app.pk)).status_code


def _downloads(client: Client, town: Town, attachment: Attachment) -> int:
    return client.get(url("fund:attachment_download", town, pk=attachment.pk)).status_code


def test_a_juror_cannot_open_a_draft_or_its_attachment(
    client_for: Callable[[User], Client], town: Town, juror: User, draft: Application
) -> None:
    attachment = AttachmentFactory(town=town, application=draft)
    c = client_for(juror)
    assert _opens(c, town, draft) == 404
    assert _downloads(c, town, attachment) == 404


def test_a_juror_sees_a_submitted_application_and_its_attachment(
    client_for: Callable[[User], Client], town: Town, juror: User, jury_category: Category
) -> None:
    app = submitted_application(jury_category, title="Eingereichtes Dorfkino")
    attachment = AttachmentFactory(town=town, application=app)
    c = client_for(juror)
    assert _opens(c, town, app) == 200
    assert _downloads(c, town, attachment) == 200
    # ...and still after the decision (the jury's record), though not while it was a draft.
    Application.objects.filter(pk=app.pk).update(status=ApplicationStatus.APPROVED)
    assert _opens(c, town, app) == 200


def test_a_juror_does_not_see_applications_of_a_category_without_jury(
    client_for: Callable[[User], Client], town: Town, juror: User, jury_category: Category
) -> None:
    fast = CategoryFactory(
        town=town, fund=jury_category.fund, jury_enabled=False, fast_track_max_cents=100_000
    )
    app = submitted_application(fast, title="Schnelles Sommerfest")
    attachment = AttachmentFactory(town=town, application=app)
    c = client_for(juror)
    assert _opens(c, town, app) == 404
    assert _downloads(c, town, attachment) == 404
    response = c.post(url("fund:jury_vote", town, pk=app.pk), {"choice": "yes"})
    assert response.status_code == 404
    assert not app.jury_votes.exists()


def test_the_jury_list_holds_only_submitted_applications_where_a_jury_decides(
    client_for: Callable[[User], Client],
    town: Town,
    juror: User,
    jury_category: Category,
    draft: Application,
) -> None:
    submitted_application(jury_category, title="Wartet auf die Jury")
    fast = CategoryFactory(town=town, fund=jury_category.fund, jury_enabled=False)
    submitted_application(fast, title="Ohne Jury entschieden")
    body = client_for(juror).get(url("fund:index", town)).content.decode()
    assert "Wartet auf die Jury" in body
    assert "Entwurf Dorfkino" not in body
    assert "Ohne Jury entschieden" not in body


def test_the_applicant_still_sees_the_own_draft(
    client_for: Callable[[User], Client], town: Town, juror: User, draft: Application
) -> None:
    assert draft.applicant is not None
    assert _opens(client_for(draft.applicant), town, draft) == 200


def test_the_jury_list_walks_the_funds_by_arrival_and_stops_at_its_limit(
    client_for: Callable[[User], Client], town: Town, juror: User, jury_category: Category
) -> None:
    """Issue 10: the juror's funds are read first and passed as a list, so the queue's query
    can walk the index (fund, submitted_at, id) and stop at 50 rows; with the seats as a
    subquery the planner scanned every application and sorted all waiting ones."""
    for i in range(3):
        submitted_application(jury_category, title=f"Wartet {i}")
    client = client_for(juror)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url("fund:index", town)).content.decode()
    assert body.count("Wartet ") == 3
    queue = [q["sql"] for q in queries.captured_queries if "my_votes" in q["sql"]]
    assert len(queue) == 1
    assert '"fund_application"."fund_id" IN (SELECT' not in queue[0]
    assert "LIMIT 50" in queue[0]


def test_without_a_seat_the_index_asks_for_no_jury_list(
    client_for: Callable[[User], Client], town: Town, make_member: Callable[..., User]
) -> None:
    with CaptureQueriesContext(connection) as queries:
        client_for(make_member(town, Role.VOLUNTEER)).get(url("fund:index", town))
    assert not [q for q in queries.captured_queries if "my_votes" in q["sql"]]
