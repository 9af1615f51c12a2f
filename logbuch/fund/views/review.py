"""The coordinator's review: the queue, the steps on an application, the ledger."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.listing import RowUrl, filter_queryset, search_queryset, sort_queryset
from logbuch.core.shortcuts import refusal_on, render_list
from logbuch.towns.access import coordinator_only, get_in_town_or_404
from logbuch.towns.http import MemberRequest

from .. import ledger
from ..errors import FundError
from ..forms.review import (
    DecideForm,
    JuryDecideForm,
    PayoutForm,
    ProofCheckForm,
    QuestionForm,
    ReviewFilterForm,
)
from ..labels import status_label
from ..models import (
    Application,
    Fund,
    RepaymentClaim,
)
from ..money import euro
from ..selectors import applications as applications_selectors
from ..selectors.applications import review_queue_rows
from ..selectors.funds import ledger_entries
from ..services.applications import application_review_start, question_ask
from ..services.decisions import application_decide, jury_decide
from ..services.payouts import (
    payout_make,
    proof_check,
    proof_missing_claim,
    repayment_record,
)
from .shortcuts import application_url, visible_application


@coordinator_only
def review_queue(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    fund = get_in_town_or_404(Fund, town, pk=pk)
    qs = applications_selectors.review_queue(town=town, fund=fund)
    qs, active = filter_queryset(
        qs, request, allowed={"status": "status", "category": "category_id"}
    )
    qs, term = search_queryset(qs, request, fields=["title", "organisation_name", "contact_name"])
    qs, sort = sort_queryset(
        qs,
        request,
        allowed={
            "eingang": "submitted_at",
            "betrag": "requested_cents",
            "titel": "title",
            "stand": "status",
        },
        default="eingang",
    )
    page = Paginator(qs, 25).get_page(request.GET.get("seite"))
    detail_url = RowUrl("fund:application_detail", town_slug=town.slug)
    rows = [
        {
            **row,
            "url": detail_url(row["pk"]),
            # Application.applicant_label, from the row's columns.
            "applicant_label": row["organisation_name"]
            or row["contact_name"]
            or row["applicant__name"]
            or row["applicant__email"]
            or "",
            "status_label": status_label(row["status"]),
        }
        for row in review_queue_rows(page.object_list)  # type: ignore[arg-type]
    ]
    return render_list(
        request,
        "fund/review_queue.html",
        {
            "fund": fund,
            "page": page,
            "rows": rows,
            "filter_form": ReviewFilterForm(initial={**active, "suche": term}, fund=fund),
            "filtered": bool(active or term),
            "sort": sort,
        },
    )


def _step_review(request: MemberRequest, app: Application) -> str:
    application_review_start(application=app, actor=request.user)
    return _("Der Antrag ist jetzt in Prüfung.")


def _step_question(request: MemberRequest, app: Application) -> str:
    form = QuestionForm(request.POST)
    if not form.is_valid():
        raise FundError(_("Bitte schreiben Sie Ihre Frage."))
    question_ask(application=app, actor=request.user, text=form.cleaned_data["text"])
    return _("Die Rückfrage ist verschickt.")


def _step_decide(request: MemberRequest, app: Application) -> str:
    form = DecideForm(request.POST, category=app.category)
    if not form.is_valid():
        raise FundError(_("Bitte wählen Sie Verfahren und Entscheidung und begründen Sie sie."))
    application_decide(
        application=app,
        actor=request.user,
        mode=form.cleaned_data["mode"],
        outcome=form.cleaned_data["outcome"],
        amount_cents=form.cleaned_data["amount"] or 0,
        reason=form.cleaned_data["reason"],
    )
    return _("Die Entscheidung ist gespeichert.")


def _step_jury(request: MemberRequest, app: Application) -> str:
    form = JuryDecideForm(request.POST)
    if not form.is_valid():
        raise FundError(_("Bitte Betrag, Begründung und Protokoll angeben."))
    jury_decide(
        application=app,
        actor=request.user,
        amount_cents=form.cleaned_data["amount"],
        reason=form.cleaned_data["reason"],
        minutes=form.cleaned_data["minutes"],
    )
    return _("Die Entscheidung der Jury ist gespeichert.")


def _step_payout(request: MemberRequest, app: Application) -> str:
    form = PayoutForm(request.POST)
    if not form.is_valid():
        raise FundError(_("Die Auszahlung konnte nicht gelesen werden; bitte neu laden."))
    payout = payout_make(
        application=app,
        actor=request.user,
        idempotency_key=form.cleaned_data["idempotency_key"],
        amount_cents=form.cleaned_data.get("amount"),
    )
    return _("Auszahlung von %(amount)s ist gebucht.") % {"amount": euro(payout.amount_cents)}


def _step_proof_check(request: MemberRequest, app: Application) -> str:
    form = ProofCheckForm(request.POST)
    if not form.is_valid():
        raise FundError(_("Bitte geben Sie den anerkannten Betrag an."))
    claim = proof_check(
        application=app,
        actor=request.user,
        accepted_cents=form.cleaned_data["accepted"],
        note=form.cleaned_data["note"],
    )
    if claim:
        return _(
            "Der Verwendungsnachweis ist geprüft. Eine Rückforderung über %(amount)s ist angelegt."
        ) % {"amount": euro(claim.amount_cents)}
    return _("Der Verwendungsnachweis ist geprüft.")


def _step_proof_missing(request: MemberRequest, app: Application) -> str:
    proof_missing_claim(application=app, actor=request.user)
    return _("Die Rückforderung ist angelegt.")


def _run_step(
    request: MemberRequest, pk: int, step: Callable[[MemberRequest, Application], str]
) -> HttpResponse:
    """One coordinator step on one application (one service), then back to its page."""
    app = visible_application(request, pk)
    with refusal_on(request):
        messages.success(request, step(request, app))
    return redirect(application_url(app))


@coordinator_only
@require_POST
def application_review(request: MemberRequest, pk: int) -> HttpResponse:
    return _run_step(request, pk, _step_review)


@coordinator_only
@require_POST
def application_question(request: MemberRequest, pk: int) -> HttpResponse:
    return _run_step(request, pk, _step_question)


@coordinator_only
@require_POST
def application_decision(request: MemberRequest, pk: int) -> HttpResponse:
    return _run_step(request, pk, _step_decide)


@coordinator_only
@require_POST
def application_jury_decision(request: MemberRequest, pk: int) -> HttpResponse:
    return _run_step(request, pk, _step_jury)


@coordinator_only
@require_POST
def application_payout(request: MemberRequest, pk: int) -> HttpResponse:
    return _run_step(request, pk, _step_payout)


@coordinator_only
@require_POST
def application_proof_check(request: MemberRequest, pk: int) -> HttpResponse:
    return _run_step(request, pk, _step_proof_check)


@coordinator_only
@require_POST
def application_proof_missing(request: MemberRequest, pk: int) -> HttpResponse:
    return _run_step(request, pk, _step_proof_missing)


@coordinator_only
@require_POST
def repayment_paid(request: MemberRequest, application_pk: int, pk: int) -> HttpResponse:
    """The applicant paid a repayment claim back (`pk` is the claim)."""

    def step(request: MemberRequest, app: Application) -> str:
        claim = get_in_town_or_404(RepaymentClaim, request.town, pk=pk, application=app)
        repayment_record(claim=claim, actor=request.user)
        return _("Die Rückzahlung ist gebucht und zurück im Fonds.")

    return _run_step(request, application_pk, step)


@coordinator_only
def ledger_list(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    fund = get_in_town_or_404(Fund, town, pk=pk)
    page = Paginator(ledger_entries(town=town, fund=fund), 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "fund/ledger.html",
        {"fund": fund, "page": page, "total": ledger.fund_balance(fund=fund)},
    )
