"""The fund's pages: applying, reviewing, deciding, paying; access and tenant isolation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from logbuch.core.tests.html import squash
from logbuch.fund import ledger
from logbuch.fund.models import (
    Application,
    ApplicationStatus,
    Attachment,
    CostType,
    Decision,
    Fund,
    FundSource,
    JuryVote,
    Payout,
    Question,
)
from logbuch.fund.services.applications import question_ask
from logbuch.fund.services.decisions import application_decide
from logbuch.fund.services.payouts import payout_make
from logbuch.fund.services.setup import fund_source_add
from logbuch.fund.tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    ApplicationFactory,
    AttachmentFactory,
    CategoryFactory,
    FundFactory,
    JuryMemberFactory,
    QuestionFactory,
    RepaymentClaimFactory,
    funded_category,
    submitted_application,
)
from logbuch.fund.tests.helpers import url
from logbuch.towns.models import Role
from logbuch.towns.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PNG = PNG_BYTES


def form_data(category, **overrides):
    start = timezone.localdate() + timedelta(days=40)
    data = {
        "category": category.pk,
        "title": "Sommerfest im Park",
        "description": "Ein Fest für alle Generationen.",
        "beneficiaries": "Nachbarschaft, Familien",
        "location": "Stadtpark",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=1)).isoformat(),
        "applicant_type": "club",
        "organisation_name": "Heimatverein",
        "resides_in_town": "on",
        "in_kind_hours": "0",
        "contact_name": "Erika Muster",
        "contact_email": "erika@example.org",
        "requested": "1.500",
        "own_money": "170",
        "kosten-TOTAL_FORMS": "3",
        "kosten-INITIAL_FORMS": "0",
        "kosten-MIN_NUM_FORMS": "0",
        "kosten-MAX_NUM_FORMS": "30",
        "kosten-0-description": "Bühne",
        "kosten-0-cost_type": "rent",
        "kosten-0-amount": "1.200",
        "kosten-1-description": "Plakate",
        "kosten-1-cost_type": "printing",
        "kosten-1-amount": "500",
    }
    data.update(overrides)
    return data


class TestApplying:
    def test_anonymous_people_are_sent_to_login(self, client, town):
        category = funded_category(town)
        response = client.get(url("fund:application_new", town, fund_pk=category.fund_id))
        assert response.status_code == 302
        assert "/konto/" in response["Location"]

    def test_a_resident_without_any_role_can_apply_and_submit(self, client_for, town):
        category = funded_category(town, own_share_percent=10)
        resident = UserFactory()
        c = client_for(resident)
        response = c.post(
            url("fund:application_new", town, fund_pk=category.fund_id),
            form_data(category, einreichen="1"),
        )
        app = Application.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("fund:application_detail", town, pk=app.pk)
        assert app.status == ApplicationStatus.SUBMITTED
        assert app.requested_cents == 150_000
        assert app.costs.count() == 2
        page = c.get(response["Location"])
        assert "Eingereicht" in page.content.decode()

    def test_a_draft_is_saved_and_can_be_continued(self, client_for, town):
        category = funded_category(town)
        c = client_for(UserFactory())
        response = c.post(
            url("fund:application_new", town, fund_pk=category.fund_id),
            form_data(category, speichern="1"),
        )
        app = Application.objects.get()
        assert app.status == ApplicationStatus.DRAFT
        assert response["Location"] == url("fund:application_edit", town, pk=app.pk)
        page = c.get(response["Location"]).content.decode()
        assert "Sommerfest im Park" in page and "Bühne" in page
        # Two rows filled, three more empty: saving the draft is how a long list grows.
        assert 'name="kosten-TOTAL_FORMS" value="5"' in page
        assert "Mehr Posten? Speichern Sie den Entwurf" in page

    def test_rule_failures_are_listed_and_the_input_is_kept(self, client_for, town):
        category = funded_category(town, max_amount_cents=100_000)
        c = client_for(UserFactory())
        response = c.post(
            url("fund:application_new", town, fund_pk=category.fund_id),
            form_data(category, einreichen="1"),
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Regel „Höchstbetrag“" in html and "1.000,00 €" in html
        assert 'value="Sommerfest im Park"' in html and 'value="Bühne"' in html
        assert Application.objects.get().status == ApplicationStatus.DRAFT
        assert html.count('id="fehler"') == 1
        assert '<a class="kern-link" href="#id_requested">Regel „Höchstbetrag“' in html
        assert response.context and "Fehler:" in html.split("</title>")[0]

    def test_a_half_filled_cost_row_is_named_at_the_top_and_its_field_marked(
        self, client_for, town
    ):
        category = funded_category(town)
        c = client_for(UserFactory())
        response = c.post(
            url("fund:application_new", town, fund_pk=category.fund_id),
            form_data(category, speichern="1", **{"kosten-1-amount": ""}),
        )
        assert response.status_code == 200
        html = squash(response.content.decode())
        assert re.search(r"<title>\s*Fehler: Antrag stellen", html)
        summary = html.split('id="fehler"')[1].split("</div></div>")[0]
        assert '<a class="kern-link" href="#id_kosten-1-amount">Kostenposten 2, Betrag' in summary
        amount = re.search(r'<input[^>]*name="kosten-1-amount"[^>]*>', html)
        assert amount and 'aria-invalid="true"' in amount.group()
        assert 'id="kosten-2"' in html
        assert not Application.objects.exists()

    def test_cost_fields_are_not_called_optional(self, client_for, town):
        category = funded_category(town)
        page = (
            client_for(UserFactory())
            .get(url("fund:application_new", town, fund_pk=category.fund_id))
            .content.decode()
        )
        costs = page.split('id="kosten"')[1].split("</fieldset>")[0]
        assert "Wofür?" in costs and "optional" not in costs

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("angebot.pdf", b"MZ\x90\x00 not a pdf", "kein PDF, JPEG oder PNG"),
            ("riesig.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024), "größer als 10 MB"),
        ],
    )
    def test_wrong_or_oversized_files_get_a_message_and_the_form_is_kept(
        self, client_for, town, name, content, message
    ):
        category = funded_category(town)
        c = client_for(UserFactory())
        data = form_data(category, einreichen="1")
        data["attachment"] = SimpleUploadedFile(name, content)
        response = c.post(url("fund:application_new", town, fund_pk=category.fund_id), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html
        assert 'value="Sommerfest im Park"' in html and 'value="Plakate"' in html
        assert not Application.objects.exists()

    def test_a_png_is_accepted_by_its_content_whatever_its_name(self, client_for, town):
        category = funded_category(town)
        c = client_for(UserFactory())
        data = form_data(category, speichern="1")
        data["attachment"] = SimpleUploadedFile("skizze.dat", PNG)
        c.post(url("fund:application_new", town, fund_pk=category.fund_id), data)
        attachment = Attachment.objects.get()
        assert attachment.content_type == "image/png"
        assert attachment.original_name == "skizze.dat"
        assert not str(attachment.file.name).endswith("skizze.dat")

    def test_the_applicant_answers_a_question(self, client_for, town, coordinator):
        app = submitted_application(funded_category(town))
        question = question_ask(application=app, actor=coordinator, text="Wer hilft?")
        c = client_for(app.applicant)
        c.post(
            url("fund:application_answer", town, application_pk=app.pk, pk=question.pk),
            {"answer": "Zehn Leute vom Verein."},
        )
        question.refresh_from_db()
        app.refresh_from_db()
        assert question.answer == "Zehn Leute vom Verein."
        assert app.status == ApplicationStatus.IN_REVIEW

    def test_proof_of_use_with_a_photo(self, client_for, town, coordinator):
        category = funded_category(town)
        app = submitted_application(category, requested_cents=100_000)
        application_decide(
            application=app,
            actor=coordinator,
            mode="jury",
            outcome=Decision.Outcome.APPROVED_FULL,
            amount_cents=100_000,
            reason="ok",
        )
        c = client_for(app.applicant)
        response = c.post(
            url("fund:application_proof", town, pk=app.pk),
            {"report": "Schön war es.", "spent": "1000", "photo": SimpleUploadedFile("f.png", PNG)},
        )
        assert response.status_code == 302
        app.refresh_from_db()
        assert app.status == ApplicationStatus.PROOF_SUBMITTED
        assert app.attachments.get().kind == Attachment.Kind.PHOTO


class TestAccess:
    def test_other_people_cannot_see_an_application(self, client_for, town):
        app = submitted_application(funded_category(town))
        stranger = client_for(UserFactory())
        assert stranger.get(url("fund:application_detail", town, pk=app.pk)).status_code == 404

    def test_attachments_only_for_authorised_people(self, client, client_for, town, coordinator):
        attachment = AttachmentFactory(town=town)
        target = url("fund:attachment_download", town, pk=attachment.pk)
        # Visitors are asked to sign in (for any id, so nothing is given away); others get 404.
        assert "/konto/" in client.get(target)["Location"]
        assert client_for(UserFactory()).get(target).status_code == 404
        owner = client_for(attachment.application.applicant).get(target)
        assert owner.status_code == 200
        assert b"".join(owner.streaming_content).startswith(b"%PDF")
        assert "no-store" in owner["Cache-Control"]
        assert client_for(coordinator).get(target).status_code == 200

    def test_a_juror_sees_and_votes(self, client_for, town, make_member):
        category = funded_category(town)
        app = submitted_application(category)
        juror_user = make_member(town, Role.VOLUNTEER)
        JuryMemberFactory(town=town, fund=category.fund, user=juror_user)
        c = client_for(juror_user)
        assert c.get(url("fund:application_detail", town, pk=app.pk)).status_code == 200
        c.post(url("fund:jury_vote", town, pk=app.pk), {"choice": "yes"})
        response = c.post(url("fund:jury_vote", town, pk=app.pk), {"choice": "no"}, follow=True)
        assert "schon abgestimmt" in response.content.decode()
        assert app.jury_votes.get().choice == JuryVote.Choice.YES

    def test_residents_cannot_open_coordinator_pages(self, client_for, town, make_member):
        fund = FundFactory(town=town)
        c = client_for(make_member(town, Role.RESIDENT))
        assert c.get(url("fund:fund_manage", town, pk=fund.pk)).status_code in (403, 404)
        assert c.get(url("fund:review_queue", town, pk=fund.pk)).status_code in (403, 404)


class TestCoordinator:
    def test_setup_a_fund_with_sources_and_a_category(self, coordinator_client, town):
        response = coordinator_client.post(
            url("fund:fund_new", town),
            {"name": "Mitmach-Fonds 2027", "year": "2027", "is_open": "on"},
        )
        fund = town_fund(town)
        assert response["Location"] == url("fund:fund_manage", town, pk=fund.pk)
        for name, kind, amount in [
            ("Stadt", "town_budget", "12.000"),
            ("Land", "land_grant", "6.000"),
            ("Sparkasse", "sponsor", "2.000"),
        ]:
            coordinator_client.post(
                url("fund:fund_source_new", town, fund_pk=fund.pk),
                {"quelle-kind": kind, "quelle-name": name, "quelle-amount": amount},
            )
        assert ledger.fund_balance(fund=fund).allocated == 2_000_000
        response = coordinator_client.post(
            url("fund:category_new", town, fund_pk=fund.pk),
            {
                "name": "Kleinprojekte",
                "max_amount": "1.500",
                "min_amount": "100",
                "fast_track_max": "500",
                "in_kind_hourly_rate": "15",
                "budget": "15.000",
                "jury_enabled": "on",
                "jury_quorum_percent": "50",
                "jury_majority": "simple",
                "person_min_age": "18",
                "max_applications_per_call": "1",
                "waiting_period_years": "0",
                "own_share_percent": "10",
                "in_kind_cap_percent": "20",
                "admin_flat_rate_percent": "0",
                "payout_schedule": "split",
                "first_payout_percent": "80",
                "proof_deadline_kind": "weeks_after_end",
                "proof_deadline_weeks": "8",
                "applicant_types": ["club", "initiative"],
                "excluded_cost_types": ["alcohol"],
                "tiers": "",
            },
        )
        assert response.status_code == 302, response.content.decode()
        category = fund.categories.get()
        assert category.own_share_percent == 10 and category.fast_track_max_cents == 50_000
        assert category.excluded_cost_types == [CostType.ALCOHOL]
        balances = ledger.category_balances(fund=fund)
        assert balances[category.pk].available == 1_500_000
        assert balances[None].available == 500_000

    def test_lowering_a_category_below_commitments_shows_the_reason(
        self, coordinator_client, town, coordinator
    ):
        category = funded_category(town, budget_cents=500_000)
        app = submitted_application(category, requested_cents=400_000)
        application_decide(
            application=app,
            actor=coordinator,
            mode="jury",
            outcome=Decision.Outcome.APPROVED_FULL,
            amount_cents=400_000,
            reason="ok",
        )
        data = {
            "name": category.name,
            "max_amount": "15.000",
            "in_kind_hourly_rate": "15",
            "budget": "3.000",
            "jury_quorum_percent": "50",
            "jury_majority": "simple",
            "person_min_age": "18",
            "max_applications_per_call": "1",
            "waiting_period_years": "0",
            "own_share_percent": "0",
            "in_kind_cap_percent": "20",
            "admin_flat_rate_percent": "0",
            "payout_schedule": "split",
            "first_payout_percent": "80",
            "proof_deadline_kind": "weeks_after_end",
            "proof_deadline_weeks": "8",
        }
        response = coordinator_client.post(
            url("fund:category_edit", town, fund_pk=category.fund_id, pk=category.pk), data
        )
        assert response.status_code == 200
        assert "bereits bewilligt" in response.content.decode()
        assert ledger.bucket_balance(fund=category.fund, category=category).allocated == 500_000

    def test_decide_and_pay_twice_pays_once(self, coordinator_client, town):
        category = funded_category(town, fast_track_max_cents=200_000)
        app = submitted_application(category, requested_cents=150_000)
        coordinator_client.post(
            url("fund:application_decision", town, pk=app.pk),
            {
                "mode": "fast_track",
                "outcome": "approved_full",
                "amount": "1500",
                "reason": "Klar und klein.",
            },
        )
        app.refresh_from_db()
        assert app.status == ApplicationStatus.APPROVED
        for _ in range(2):
            coordinator_client.post(
                url("fund:application_payout", town, pk=app.pk),
                {"idempotency_key": "einmal"},
            )
        assert Payout.objects.get().amount_cents == 120_000
        assert ledger.fund_balance(fund=category.fund).paid == 120_000

    def test_budget_exceeded_is_a_german_sentence(self, coordinator_client, town):
        category = funded_category(town, budget_cents=100_000, fast_track_max_cents=500_000)
        app = submitted_application(category, requested_cents=150_000)
        response = coordinator_client.post(
            url("fund:application_decision", town, pk=app.pk),
            {"mode": "fast_track", "outcome": "approved_full", "amount": "1500", "reason": "gut"},
            follow=True,
        )
        assert "sind nur noch 1.000,00 € frei" in response.content.decode()

    def test_review_queue_query_count_does_not_grow(
        self, coordinator_client, town, django_assert_max_num_queries
    ):
        category = funded_category(town)
        submitted_application(category)
        target = url("fund:review_queue", town, pk=category.fund_id)
        with CaptureQueriesContext(connection) as one:
            assert coordinator_client.get(target).status_code == 200
        for _ in range(12):
            app = submitted_application(category)
            QuestionFactory(town=town, application=app)
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = coordinator_client.get(target + "?sortierung=-betrag")
        assert response.content.decode().count("kern-badge--warning") == 12

    def test_index_query_count_does_not_grow(self, client, town, django_assert_max_num_queries):
        funded_category(town)
        with CaptureQueriesContext(connection) as one:
            assert client.get(url("fund:index", town)).status_code == 200
        for _ in range(10):
            funded_category(town)
        with django_assert_max_num_queries(len(one.captured_queries)):
            client.get(url("fund:index", town))

    @pytest.mark.parametrize("name", ["fund:index", "fund:fund_detail", "fund:fund_public"])
    def test_fund_pages_read_running_totals_not_the_ledger(
        self, coordinator_client, coordinator, town, name
    ):
        """Issue 10: the balances on these pages come from a row per bucket, so neither the
        queries nor their number depend on how many bookings the fund has."""
        category = funded_category(town, actor=coordinator)
        target = url(name, town) if name == "fund:index" else url(name, town, pk=category.fund_id)
        cache.clear()  # pages cached for visitors are measured uncached, both times
        with CaptureQueriesContext(connection) as one:
            assert coordinator_client.get(target).status_code == 200
        for amount in range(1, 21):
            fund_source_add(
                fund=category.fund,
                actor=coordinator,
                kind=FundSource.Kind.SPONSOR,
                name="Pate",
                amount_cents=amount,
                category=category,
            )
        cache.clear()
        with CaptureQueriesContext(connection) as many:
            response = coordinator_client.get(target)
        assert len(many.captured_queries) == len(one.captured_queries)
        assert not [q for q in many.captured_queries if "fund_ledgerentry" in q["sql"]]
        assert "20.002,10" in response.content.decode()  # 20,000 € + 1 + 2 + … + 20 cents

    def test_filters_narrow_the_queue(self, coordinator_client, town):
        category = funded_category(town)
        other = CategoryFactory(town=town, fund=category.fund)
        submitted_application(category, title="Bank am Teich")
        ApplicationFactory(
            town=town,
            category=other,
            fund=category.fund,
            status=ApplicationStatus.IN_REVIEW,
            title="Chor",
            submitted_at=timezone.now(),
        )
        html = coordinator_client.get(
            url("fund:review_queue", town, pk=category.fund_id) + "?status=in_review"
        ).content.decode()
        assert "Chor" in html and "Bank am Teich" not in html

    def test_repayment_through_the_page_returns_money(self, coordinator_client, town, coordinator):
        category = funded_category(town)
        claim = RepaymentClaimFactory(town=town, application=submitted_application(category))
        coordinator_client.post(
            url("fund:repayment_paid", town, application_pk=claim.application_id, pk=claim.pk)
        )
        assert ledger.fund_balance(fund=category.fund).returned == 16_000


def town_fund(town):
    return Fund.objects.get(town=town)


ID_VIEWS = [
    ("fund:fund_detail", "fund"),
    ("fund:application_new", "fund_pk"),
    ("fund:application_detail", "app"),
    ("fund:application_edit", "app"),
    ("fund:application_proof", "app"),
    ("fund:fund_manage", "fund"),
    ("fund:review_queue", "fund"),
    ("fund:ledger", "fund"),
    ("fund:category_new", "fund_pk"),
    ("fund:attachment_download", "attachment"),
]
POST_ID_VIEWS: list[tuple[str, dict[str, object]]] = [
    ("fund:jury_vote", {}),
    ("fund:jury_conflict", {}),
    ("fund:application_review", {}),
]


@pytest.mark.parametrize(("name", "kind"), ID_VIEWS)
def test_ids_of_another_town_are_404(  # noqa: PLR0917 - pytest fixtures
    client_for, town, other_town, make_member, name, kind
):
    """A coordinator of town A who is also the applicant in town B still gets 404 in A."""
    user = make_member(town, Role.COORDINATOR)
    foreign_app = submitted_application(
        funded_category(other_town), applicant=user, status=ApplicationStatus.DRAFT
    )
    attachment = AttachmentFactory(town=other_town, application=foreign_app)
    ids = {
        "fund": {"pk": foreign_app.fund_id},
        "fund_pk": {"fund_pk": foreign_app.fund_id},
        "app": {"pk": foreign_app.pk},
        "attachment": {"pk": attachment.pk},
    }[kind]
    assert client_for(user).get(url(name, town, **ids)).status_code == 404


def test_category_and_answer_ids_of_another_town_are_404(client_for, town, other_town, make_member):
    user = make_member(town, Role.COORDINATOR)
    fund = FundFactory(town=town)
    foreign_category = CategoryFactory(town=other_town)
    c = client_for(user)
    assert (
        c.get(url("fund:category_edit", town, fund_pk=fund.pk, pk=foreign_category.pk)).status_code
        == 404
    )
    own_app = submitted_application(funded_category(town), applicant=user)
    foreign_question = QuestionFactory(town=other_town)
    response = c.post(
        url("fund:application_answer", town, application_pk=own_app.pk, pk=foreign_question.pk),
        {"answer": "x"},
    )
    assert response.status_code == 404
    assert Question.objects.get(pk=foreign_question.pk).answer == ""


@pytest.mark.parametrize(("name", "extra"), POST_ID_VIEWS)
def test_post_views_with_ids_of_another_town_are_404(  # noqa: PLR0917 - pytest fixtures
    client_for, town, other_town, make_member, name, extra
):
    user = make_member(town, Role.COORDINATOR)
    foreign_app = submitted_application(funded_category(other_town))
    JuryMemberFactory(town=other_town, fund=foreign_app.fund, user=user)
    response = client_for(user).post(url(name, town, pk=foreign_app.pk, **extra), {"choice": "yes"})
    assert response.status_code == 404
    foreign_app.refresh_from_db()
    assert foreign_app.status == ApplicationStatus.SUBMITTED
    assert not foreign_app.jury_votes.exists()


def test_an_overdue_proof_becomes_a_claim_from_the_page(coordinator_client, town, coordinator):
    category = funded_category(town)
    app = submitted_application(category, requested_cents=100_000)
    application_decide(
        application=app,
        actor=coordinator,
        mode="jury",
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=100_000,
        reason="ok",
    )
    payout_make(application=app, actor=coordinator, idempotency_key="k")
    Application.objects.filter(pk=app.pk).update(
        proof_due_date=timezone.localdate() - timedelta(days=1)
    )
    detail = coordinator_client.get(url("fund:application_detail", town, pk=app.pk))
    assert "Verwendungsnachweis überfällig" in detail.content.decode()
    coordinator_client.post(url("fund:application_proof_missing", town, pk=app.pk))
    assert app.repayment_claims.get().amount_cents == 80_000


class TestEditingADraft:
    def test_changed_costs_are_checked_when_saved_and_submitted_at_once(self, client_for, town):
        """The rules see the cost rows of this POST, not the ones the page was loaded with."""
        category = funded_category(town)
        applicant = UserFactory()
        c = client_for(applicant)
        too_little = {
            "kosten-0-amount": "100",
            "kosten-1-description": "",
            "kosten-1-amount": "",
        }
        c.post(
            url("fund:application_new", town, fund_pk=category.fund_id),
            form_data(category, speichern="1", **too_little),
        )
        app = Application.objects.get()
        assert app.costs.count() == 1
        response = c.post(
            url("fund:application_edit", town, pk=app.pk), form_data(category, einreichen="1")
        )
        assert response.status_code == 302, response.content.decode()
        app.refresh_from_db()
        assert app.status == ApplicationStatus.SUBMITTED
        assert app.costs.count() == 2


class TestSetupPageActions:
    """Each action of the setup page is its own POST view that redirects back."""

    def test_an_invalid_source_shows_the_page_with_the_input(self, coordinator_client, town):
        fund = FundFactory(town=town)
        response = coordinator_client.post(
            url("fund:fund_source_new", town, fund_pk=fund.pk),
            {"quelle-kind": "town_budget", "quelle-name": "Stadtkasse", "quelle-amount": "zwölf"},
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert 'value="Stadtkasse"' in page and "Bitte" in page
        assert ledger.fund_balance(fund=fund).allocated == 0

    def test_the_setup_page_has_no_id_twice(self, coordinator_client, town):
        """Four forms side by side: each has its prefix, so every label names its own field."""
        fund = FundFactory(town=town)
        CategoryFactory(town=town, fund=fund)
        page = coordinator_client.get(url("fund:fund_manage", town, pk=fund.pk)).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert [i for i in set(ids) if ids.count(i) > 1] == []
        assert 'for="id_quelle-amount"' in page and 'for="id_umschichtung-amount"' in page

    def test_the_setup_page_itself_takes_no_post(self, coordinator_client, town):
        fund = FundFactory(town=town)
        response = coordinator_client.post(
            url("fund:fund_manage", town, pk=fund.pk),
            {"schritt": "quelle", "kind": "town_budget", "name": "Stadt", "amount": "100"},
        )
        assert response.status_code == 405
        assert ledger.fund_balance(fund=fund).allocated == 0
