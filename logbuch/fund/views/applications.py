"""The fund's start pages and the applicant's pages: draft, submit, answer, proof of use."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.listing import RowUrl
from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import get_in_town_or_404, public, signed_in
from logbuch.towns.http import MemberRequest, TownRequest, is_coordinator

from .. import ledger
from ..errors import RuleViolation
from ..forms.applications import AnswerForm, ApplicationForm, CostItemFormSet, ProofForm
from ..forms.review import (
    ConflictForm,
    DecideForm,
    JuryDecideForm,
    JuryVoteForm,
    PayoutForm,
    ProofCheckForm,
    QuestionForm,
)
from ..labels import status_label
from ..models import (
    Application,
    ApplicationStatus,
    Attachment,
    CostType,
    Fund,
    PayoutSchedule,
    Question,
    RepaymentClaim,
)
from ..rules import COSTS
from ..selectors.applications import my_applications
from ..selectors.funds import funds_for_town
from ..selectors.jury import jury_queue_rows, jury_seat
from ..services.applications import (
    DECIDABLE,
    CostInput,
    application_save_draft,
    application_submit,
    attachment_add,
    question_answer,
)
from ..services.decisions import jury_tally
from ..services.payouts import payout_due, proof_submit
from .shortcuts import application_url, fund_url, visible_application

S = ApplicationStatus


@public
def index(request: TownRequest) -> HttpResponse:
    town = request.town
    funds = list(funds_for_town(town=town))
    balances = ledger.balances_for_funds(fund_ids=[f.pk for f in funds])
    rows = [(f, balances.get(f.pk, ledger.Balance())) for f in funds]
    mine: list[dict[str, Any]] = []
    jury: list[dict[str, Any]] = []
    if request.user.is_authenticated:
        user = request.user
        detail_url = RowUrl("fund:application_detail", town_slug=town.slug)
        # Plain rows with the shown columns only: no model instances, no joined fund/category.
        mine = [
            {**row, "url": detail_url(row["pk"]), "status_label": status_label(row["status"])}
            for row in my_applications(town=town, user=user).values("pk", "title", "status")[:20]
        ]
        jury = [
            {**row, "url": detail_url(row["pk"])}
            for row in jury_queue_rows(town=town, user=user, limit=50)
        ]
    return render(
        request,
        "fund/index.html",
        {
            "rows": rows,
            "mine": mine,
            "jury": jury,
            "is_coordinator": is_coordinator(request.roles),
        },
    )


@public
def fund_detail(request: TownRequest, pk: int) -> HttpResponse:
    fund = get_in_town_or_404(Fund, request.town, pk=pk)
    categories = list(fund.categories.order_by("name"))
    balances = ledger.category_balances(fund=fund)
    # The fund's balance is the sum of its buckets (categories and the pool): no second query.
    total = sum(balances.values(), ledger.Balance())
    return render(
        request,
        "fund/fund_detail.html",
        {
            "fund": fund,
            "total": total,
            "categories": [(c, balances.get(c.pk, ledger.Balance())) for c in categories],
            "pool": balances.get(None, ledger.Balance()),
            "calls": fund.calls.all(),
            "is_coordinator": is_coordinator(request.roles),
        },
    )


def _costs_from(formset: Any) -> list[CostInput]:
    return [
        CostInput(
            description=f.cleaned_data["description"],
            cost_type=f.cleaned_data.get("cost_type") or CostType.OTHER,
            amount_cents=f.cleaned_data["amount"],
        )
        for f in formset.forms
        if f.cleaned_data.get("description") and f.cleaned_data.get("amount")
    ]


def _error_links(form: ApplicationForm, formset: Any, failures: list[str]) -> list[tuple[str, str]]:
    """What the cost rows and the rules refused, as (id of the field concerned, sentence) for the
    page's one error summary; the application form's own errors are listed by the summary."""
    links: list[tuple[str, str]] = []
    if formset.is_bound:
        for number, cost_form in enumerate(formset.forms, 1):
            for field in cost_form.visible_fields():
                links += [
                    (
                        field.auto_id,
                        _("Kostenposten %(n)s, %(label)s: %(error)s")
                        % {"n": number, "label": field.label, "error": error},
                    )
                    for error in field.errors
                ]
        links += [(COSTS, str(error)) for error in formset.non_form_errors()]
    for failure in failures:
        field = getattr(failure, "field", "")
        anchor = form[field].auto_id if field in form.fields else field if field == COSTS else ""
        links.append((str(anchor), str(failure)))
    return links


def _application_form_page(
    request: MemberRequest, *, fund: Fund, application: Application
) -> HttpResponse:
    """One page for new and existing drafts: save, or save and submit."""
    town = request.town
    initial_costs = [
        {"description": c.description, "cost_type": c.cost_type, "amount": c.amount_cents}
        for c in (application.costs.all() if application.pk else [])
    ]
    failures: list[str] = []
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, instance=application, fund=fund)
        formset = CostItemFormSet(request.POST, prefix="kosten")
        if form.is_valid() and formset.is_valid():
            app = form.save(commit=False)
            with refusal_on(form):
                try:
                    application_save_draft(
                        application=app,
                        costs=_costs_from(formset),
                        actor=request.user,
                    )
                    upload = form.cleaned_data.get("attachment")
                    if upload:
                        attachment_add(application=app, actor=request.user, upload=upload)
                    if "einreichen" in request.POST:
                        application_submit(application=app, actor=request.user)
                        messages.success(
                            request,
                            _("Ihr Antrag ist eingereicht. Sie bekommen eine Bestätigung."),
                        )
                        return redirect(application_url(app))
                    messages.success(request, _("Ihr Entwurf ist gespeichert."))
                    return redirect(
                        reverse(
                            "fund:application_edit", kwargs={"town_slug": town.slug, "pk": app.pk}
                        )
                    )
                except RuleViolation as exc:  # the submit's checklist, shown above the form
                    failures = exc.failures
                    application = app
    else:
        form = ApplicationForm(
            instance=application,
            fund=fund,
            initial={
                "contact_name": request.user.name,
                "contact_email": request.user.email,
            }
            if not application.pk
            else None,
        )
        # Three empty cost rows beyond what is filled in: no JavaScript needed.
        formset = CostItemFormSet(initial=[*initial_costs, {}, {}, {}], prefix="kosten")
    return render(
        request,
        "fund/application_form.html",
        {
            "fund": fund,
            "application": application if application.pk else None,
            "form": form,
            "formset": formset,
            "failures": failures,
            "error_links": _error_links(form, formset, failures),
        },
    )


@signed_in
def application_new(request: MemberRequest, fund_pk: int) -> HttpResponse:
    town = request.town
    fund = get_in_town_or_404(Fund, town, pk=fund_pk)
    if not fund.is_open:
        messages.error(request, _("Für diesen Fonds sind zurzeit keine Anträge möglich."))
        return redirect(fund_url(fund))
    application = Application(town=town, fund=fund, applicant=request.user)
    return _application_form_page(request, fund=fund, application=application)


@signed_in
def application_edit(request: MemberRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    if app.applicant_id != request.user.pk:
        raise Http404
    if app.status != S.DRAFT:
        messages.info(request, _("Ein eingereichter Antrag kann nicht mehr geändert werden."))
        return redirect(application_url(app))
    return _application_form_page(request, fund=app.fund, application=app)


@signed_in
def application_detail(request: MemberRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    user = request.user
    coordinator = is_coordinator(request.roles)
    seat = jury_seat(application=app, user=user)
    context: dict[str, Any] = {
        "application": app,
        "is_applicant": app.applicant_id == user.pk,
        "is_coordinator": coordinator,
        "seat": seat,
        "paid_cents": sum(p.amount_cents for p in app.payouts.all()),
        "costs_total": sum(c.amount_cents for c in app.costs.all()),
        "answer_form": AnswerForm(),
        "decided": app.status not in DECIDABLE and app.status != S.DRAFT,
    }
    if app.applicant_id == user.pk and app.status in (S.APPROVED, S.PAID):
        context["proof_form"] = ProofForm()
    if seat is not None and app.status in DECIDABLE:
        context["vote_form"] = JuryVoteForm()
        context["conflict_form"] = ConflictForm()
        context["my_vote"] = app.jury_votes.filter(juror=seat).first()
        context["my_conflict"] = app.jury_conflicts.filter(juror=seat).exists()
    if coordinator:
        context.update(_coordinator_panel(app))
    return render(request, "fund/application_detail.html", context)


def _coordinator_panel(app: Application) -> dict[str, Any]:
    panel: dict[str, Any] = {
        "question_form": QuestionForm(),
        "can_decide": app.status in DECIDABLE,
    }
    if app.status in DECIDABLE:
        decide_form = DecideForm(category=app.category, initial={"amount": app.requested_cents})
        if decide_form.has_modes:
            panel["decide_form"] = decide_form
        if app.category.jury_enabled:
            panel["tally"] = jury_tally(application=app)
            panel["jury_form"] = JuryDecideForm(initial={"amount": app.requested_cents})
    due = payout_due(application=app)
    receipts = app.category.payout_schedule == PayoutSchedule.RECEIPTS and app.status in (
        S.APPROVED,
        S.PAID,
    )
    if due or receipts:
        panel["payout_due"] = due
        panel["payout_form"] = PayoutForm()
        panel["payout_receipts"] = receipts
    if app.status == S.PROOF_SUBMITTED:
        panel["check_form"] = ProofCheckForm(initial={"accepted": app.proof.spent_cents})
    panel["open_claims"] = [
        c for c in app.repayment_claims.all() if c.status == RepaymentClaim.Status.OPEN
    ]
    panel["proof_overdue"] = (
        app.status in (S.APPROVED, S.PAID)
        and app.proof_due_date is not None
        and timezone.localdate() > app.proof_due_date
    )
    return panel


@signed_in
@require_POST
def application_answer(request: MemberRequest, application_pk: int, pk: int) -> HttpResponse:
    app = visible_application(request, application_pk)
    if app.applicant_id != request.user.pk:
        raise Http404
    question = get_in_town_or_404(Question, request.town, pk=pk, application=app)
    form = AnswerForm(request.POST)
    if form.is_valid():
        with refusal_on(request):
            question_answer(
                question=question,
                actor=request.user,
                answer=form.cleaned_data["answer"],
            )
            messages.success(request, _("Danke, Ihre Antwort ist bei der Koordinierungsstelle."))
    else:
        messages.error(request, _("Bitte schreiben Sie Ihre Antwort."))
    return redirect(application_url(app))


@signed_in
def application_proof(request: MemberRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    if app.applicant_id != request.user.pk:
        raise Http404
    form = ProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            with transaction.atomic():
                for field, kind in (
                    ("receipts", Attachment.Kind.RECEIPT),
                    ("photo", Attachment.Kind.PHOTO),
                ):
                    if form.cleaned_data.get(field):
                        attachment_add(
                            application=app,
                            actor=request.user,
                            upload=form.cleaned_data[field],
                            kind=kind,
                        )
                proof_submit(
                    application=app,
                    actor=request.user,
                    report=form.cleaned_data["report"],
                    spent_cents=form.cleaned_data["spent"],
                )
            messages.success(request, _("Danke! Ihr Verwendungsnachweis ist eingegangen."))
            return redirect(application_url(app))
    return render(request, "fund/proof_form.html", {"application": app, "form": form})


@signed_in
def attachment_download(request: MemberRequest, pk: int) -> FileResponse:
    """Files live outside the web root; only people who may see the application get them."""
    attachment = get_in_town_or_404(Attachment, request.town, pk=pk)
    visible_application(request, attachment.application_id)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
