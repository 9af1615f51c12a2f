"""Thin views of the Mitmach-Fonds: parse a form, call a service, render or redirect.

Applications are visible only to their applicant, the coordinator and the fund's jury; anybody
else gets the same 404 as for a missing id (no hint that it exists).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as forms_module
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.listing import RowUrl, filter_queryset, search_queryset, sort_queryset
from logbuch.core.shortcuts import render_list
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only, public
from logbuch.towns.models import User

from . import ledger, selectors, services
from .errors import FundError, RuleViolation
from .forms import (
    AnswerForm,
    ApplicationForm,
    CallForm,
    CategoryForm,
    ConflictForm,
    CostItemFormSet,
    DecideForm,
    FundForm,
    JuryDecideForm,
    JuryMemberForm,
    JuryVoteForm,
    PayoutForm,
    ProofCheckForm,
    ProofForm,
    QuestionForm,
    ReallocateForm,
    ReviewFilterForm,
    SourceForm,
)
from .labels import status_label
from .models import (
    Application,
    ApplicationStatus,
    Attachment,
    Category,
    Fund,
    PayoutSchedule,
    Question,
    RepaymentClaim,
)
from .money import euro

S = ApplicationStatus


def _town(request: HttpRequest) -> Any:
    return request.town  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    """The signed-in person (views check `is_authenticated` or carry a role marker first)."""
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def _roles(request: HttpRequest) -> frozenset[str]:
    return request.roles  # type: ignore[attr-defined,no-any-return]


def _fund_url(fund: Fund, name: str = "fund:fund_detail") -> str:
    return reverse(name, kwargs={"town_slug": fund.town.slug, "pk": fund.pk})


def _app_url(application: Application) -> str:
    return reverse(
        "fund:application_detail",
        kwargs={"town_slug": application.town.slug, "pk": application.pk},
    )


# --- Overview -----------------------------------------------------------------------------


@public
def index(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    funds = list(selectors.funds_for_town(town=town))
    balances = ledger.balances_for_funds(fund_ids=[f.pk for f in funds])
    rows = [(f, balances.get(f.pk, ledger.Balance())) for f in funds]
    mine: list[dict[str, Any]] = []
    jury: list[dict[str, Any]] = []
    if request.user.is_authenticated:
        user = _user(request)
        detail_url = RowUrl("fund:application_detail", town_slug=town.slug)
        # Plain rows with the shown columns only: no model instances, no joined fund/category.
        mine = [
            {**row, "url": detail_url(row["pk"]), "status_label": status_label(row["status"])}
            for row in selectors.my_applications(town=town, user=user).values(
                "pk", "title", "status"
            )[:20]
        ]
        jury = [
            {**row, "url": detail_url(row["pk"])}
            for row in selectors.jury_queue_rows(town=town, user=user, limit=50)
        ]
    return render(
        request,
        "fund/index.html",
        {
            "rows": rows,
            "mine": mine,
            "jury": jury,
            "is_coordinator": selectors.is_coordinator(_roles(request)),
        },
    )


@public
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_in_town_or_404(Fund, _town(request), pk=pk)
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
            "is_coordinator": selectors.is_coordinator(_roles(request)),
        },
    )


# --- Applicant ----------------------------------------------------------------------------


def _visible_application(request: HttpRequest, pk: int) -> Application:
    """The application, if this person may see it: applicant, coordinator, or juror."""
    app = get_in_town_or_404(
        selectors.application_for_detail(town=_town(request)), _town(request), pk=pk
    )
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if (
        app.applicant_id == user.pk
        or selectors.is_coordinator(_roles(request))
        or selectors.jury_seat(application=app, user=user) is not None  # type: ignore[arg-type]
    ):
        return app
    raise Http404


def _costs_from(formset: Any) -> list[services.CostInput]:
    return [
        services.CostInput(
            description=f.cleaned_data["description"],
            cost_type=f.cleaned_data.get("cost_type") or "sonstiges",
            amount_cents=f.cleaned_data["amount"],
        )
        for f in formset.forms
        if f.cleaned_data.get("description") and f.cleaned_data.get("amount")
    ]


def _application_form_page(
    request: HttpRequest, *, fund: Fund, application: Application
) -> HttpResponse:
    """One page for new and existing drafts: save, or save and submit."""
    town = _town(request)
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
            try:
                services.application_save_draft(
                    application=app,
                    costs=_costs_from(formset),
                    actor=_user(request),
                )
                upload = form.cleaned_data.get("attachment")
                if upload:
                    services.attachment_add(application=app, actor=_user(request), upload=upload)  # type: ignore[arg-type]
                if "einreichen" in request.POST:
                    services.application_submit(application=app, actor=_user(request))
                    messages.success(
                        request, _("Ihr Antrag ist eingereicht. Sie bekommen eine Bestätigung.")
                    )
                    return redirect(_app_url(app))
                messages.success(request, _("Ihr Entwurf ist gespeichert."))
                return redirect(
                    reverse("fund:application_edit", kwargs={"town_slug": town.slug, "pk": app.pk})
                )
            except RuleViolation as exc:
                failures = exc.failures
                application = app
            except FundError as exc:
                form.add_error(None, exc.message)
    else:
        form = ApplicationForm(
            instance=application,
            fund=fund,
            initial={
                "contact_name": _user(request).name,
                "contact_email": _user(request).email,
            }  # type: ignore[union-attr]
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
        },
    )


@public
def application_new(request: HttpRequest, fund_pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    town = _town(request)
    fund = get_in_town_or_404(Fund, town, pk=fund_pk)
    if not fund.is_open:
        messages.error(request, _("Für diesen Fonds sind zurzeit keine Anträge möglich."))
        return redirect(_fund_url(fund))
    application = Application(town=town, fund=fund, applicant=_user(request))
    return _application_form_page(request, fund=fund, application=application)


@public
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    app = _visible_application(request, pk)
    if app.applicant_id != request.user.pk:
        raise Http404
    if app.status != S.DRAFT:
        messages.info(request, _("Ein eingereichter Antrag kann nicht mehr geändert werden."))
        return redirect(_app_url(app))
    return _application_form_page(request, fund=app.fund, application=app)


@public
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    app = _visible_application(request, pk)
    user = request.user
    coordinator = selectors.is_coordinator(_roles(request))
    seat = selectors.jury_seat(application=app, user=user)  # type: ignore[arg-type]
    context: dict[str, Any] = {
        "application": app,
        "is_applicant": app.applicant_id == user.pk,
        "is_coordinator": coordinator,
        "seat": seat,
        "paid_cents": sum(p.amount_cents for p in app.payouts.all()),
        "costs_total": sum(c.amount_cents for c in app.costs.all()),
        "answer_form": AnswerForm(),
        "decided": app.status not in services.DECIDABLE and app.status != S.DRAFT,
    }
    if app.applicant_id == user.pk and app.status in (S.APPROVED, S.PAID):
        context["proof_form"] = ProofForm()
    if seat is not None and app.status in services.DECIDABLE:
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
        "can_decide": app.status in services.DECIDABLE,
    }
    if app.status in services.DECIDABLE:
        decide_form = DecideForm(category=app.category, initial={"amount": app.requested_cents})
        if decide_form.has_modes:
            panel["decide_form"] = decide_form
        if app.category.jury_enabled:
            panel["tally"] = services.jury_tally(application=app)
            panel["jury_form"] = JuryDecideForm(initial={"amount": app.requested_cents})
    due = services.payout_due(application=app)
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
    panel["open_claims"] = [c for c in app.repayment_claims.all() if c.status == "offen"]
    panel["proof_overdue"] = (
        app.status in (S.APPROVED, S.PAID)
        and app.proof_due_date is not None
        and timezone.localdate() > app.proof_due_date
    )
    return panel


@public
@require_POST
def application_answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    app = _visible_application(request, pk)
    if app.applicant_id != request.user.pk:
        raise Http404
    question = get_in_town_or_404(Question, _town(request), pk=question_pk, application=app)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(
                question=question,
                actor=_user(request),
                answer=form.cleaned_data["answer"],  # type: ignore[arg-type]
            )
            messages.success(request, _("Danke, Ihre Antwort ist bei der Koordinierungsstelle."))
        except FundError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Bitte schreiben Sie Ihre Antwort."))
    return redirect(_app_url(app))


@public
def application_proof(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    app = _visible_application(request, pk)
    if app.applicant_id != request.user.pk:
        raise Http404
    form = ProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for field, kind in (("receipts", "beleg"), ("photo", "foto")):
                    if form.cleaned_data.get(field):
                        services.attachment_add(
                            application=app,
                            actor=_user(request),
                            upload=form.cleaned_data[field],
                            kind=kind,  # type: ignore[arg-type]
                        )
                services.proof_submit(
                    application=app,
                    actor=_user(request),
                    report=form.cleaned_data["report"],
                    spent_cents=form.cleaned_data["spent"],
                )
            messages.success(request, _("Danke! Ihr Verwendungsnachweis ist eingegangen."))
            return redirect(_app_url(app))
        except FundError as exc:
            form.add_error(None, exc.message)
    return render(request, "fund/proof_form.html", {"application": app, "form": form})


@public
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Files live outside the web root; only people who may see the application get them."""
    attachment = get_in_town_or_404(Attachment, _town(request), pk=pk)
    _visible_application(request, attachment.application_id)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Jury ---------------------------------------------------------------------------------


@members_only
@require_POST
def jury_vote(request: HttpRequest, pk: int) -> HttpResponse:
    app = _visible_application(request, pk)
    form = JuryVoteForm(request.POST)
    if form.is_valid():
        try:
            services.jury_vote_cast(
                application=app,
                user=_user(request),
                choice=form.cleaned_data["choice"],  # type: ignore[arg-type]
            )
            messages.success(request, _("Ihre Stimme ist gezählt."))
        except FundError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Bitte wählen Sie Ja, Nein oder Enthaltung."))
    return redirect(_app_url(app))


@members_only
@require_POST
def jury_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    app = _visible_application(request, pk)
    form = ConflictForm(request.POST)
    form.is_valid()
    try:
        services.jury_conflict_declare(
            application=app,
            user=_user(request),
            reason=form.cleaned_data.get("reason", ""),  # type: ignore[arg-type]
        )
        messages.success(request, _("Ihre Befangenheit ist vermerkt; Sie stimmen nicht ab."))
    except FundError as exc:
        messages.error(request, exc.message)
    return redirect(_app_url(app))


# --- Coordinator: review and decisions ----------------------------------------------------


@coordinator_only
def review_queue(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    fund = get_in_town_or_404(Fund, town, pk=pk)
    qs = selectors.review_queue(town=town, fund=fund)
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
        for row in selectors.review_queue_rows(page.object_list)  # type: ignore[arg-type]
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


def _step_review(request: HttpRequest, app: Application) -> str:
    services.application_review_start(application=app, actor=_user(request))
    return _("Der Antrag ist jetzt in Prüfung.")


def _step_question(request: HttpRequest, app: Application) -> str:
    form = QuestionForm(request.POST)
    if not form.is_valid():
        raise FundError(_("Bitte schreiben Sie Ihre Frage."))
    services.question_ask(application=app, actor=_user(request), text=form.cleaned_data["text"])  # type: ignore[arg-type]
    return _("Die Rückfrage ist verschickt.")


def _step_decide(request: HttpRequest, app: Application) -> str:
    form = DecideForm(request.POST, category=app.category)
    if not form.is_valid():
        raise FundError(_("Bitte wählen Sie Verfahren und Entscheidung und begründen Sie sie."))
    services.application_decide(
        application=app,
        actor=_user(request),
        mode=form.cleaned_data["mode"],
        outcome=form.cleaned_data["outcome"],
        amount_cents=form.cleaned_data["amount"] or 0,
        reason=form.cleaned_data["reason"],
    )
    return _("Die Entscheidung ist gespeichert.")


def _step_jury(request: HttpRequest, app: Application) -> str:
    form = JuryDecideForm(request.POST)
    if not form.is_valid():
        raise FundError(_("Bitte Betrag, Begründung und Protokoll angeben."))
    services.jury_decide(
        application=app,
        actor=_user(request),
        amount_cents=form.cleaned_data["amount"],
        reason=form.cleaned_data["reason"],
        minutes=form.cleaned_data["minutes"],
    )
    return _("Die Entscheidung der Jury ist gespeichert.")


def _step_payout(request: HttpRequest, app: Application) -> str:
    form = PayoutForm(request.POST)
    if not form.is_valid():
        raise FundError(_("Die Auszahlung konnte nicht gelesen werden; bitte neu laden."))
    payout = services.payout_make(
        application=app,
        actor=_user(request),
        idempotency_key=form.cleaned_data["idempotency_key"],
        amount_cents=form.cleaned_data.get("amount"),
    )
    return _("Auszahlung von %(amount)s ist gebucht.") % {"amount": euro(payout.amount_cents)}


def _step_proof_check(request: HttpRequest, app: Application) -> str:
    form = ProofCheckForm(request.POST)
    if not form.is_valid():
        raise FundError(_("Bitte geben Sie den anerkannten Betrag an."))
    claim = services.proof_check(
        application=app,
        actor=_user(request),
        accepted_cents=form.cleaned_data["accepted"],
        note=form.cleaned_data["note"],
    )
    if claim:
        return _(
            "Der Verwendungsnachweis ist geprüft. Eine Rückforderung über %(amount)s ist angelegt."
        ) % {"amount": euro(claim.amount_cents)}
    return _("Der Verwendungsnachweis ist geprüft.")


def _step_proof_missing(request: HttpRequest, app: Application) -> str:
    services.proof_missing_claim(application=app, actor=_user(request))
    return _("Die Rückforderung ist angelegt.")


def _step_repayment(request: HttpRequest, app: Application) -> str:
    claim = get_in_town_or_404(
        RepaymentClaim, _town(request), pk=request.POST.get("claim"), application=app
    )
    services.repayment_record(claim=claim, actor=_user(request))
    return _("Die Rückzahlung ist gebucht und zurück im Fonds.")


STEPS: dict[str, Callable[[HttpRequest, Application], str]] = {
    "pruefen": _step_review,
    "rueckfrage": _step_question,
    "entscheiden": _step_decide,
    "jury": _step_jury,
    "auszahlen": _step_payout,
    "nachweis-pruefen": _step_proof_check,
    "nachweis-fehlt": _step_proof_missing,
    "rueckzahlung": _step_repayment,
}


@coordinator_only
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """All coordinator steps on one application; each maps to exactly one service."""
    step = STEPS.get(action)
    if step is None:
        raise Http404
    app = _visible_application(request, pk)
    try:
        messages.success(request, step(request, app))
    except FundError as exc:
        messages.error(request, exc.message)
    return redirect(_app_url(app))


# --- Coordinator: fund setup --------------------------------------------------------------


@coordinator_only
def fund_new(request: HttpRequest) -> HttpResponse:
    form = FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fund = services.fund_create(
            town=_town(request),
            actor=_user(request),
            name=form.cleaned_data["name"],
            year=form.cleaned_data["year"],
            description=form.cleaned_data["description"],
        )
        messages.success(
            request, _("Der Fonds ist angelegt. Jetzt Geldquellen und Förderbereiche.")
        )
        return redirect(_fund_url(fund, "fund:fund_manage"))
    return render(request, "fund/fund_new.html", {"form": form})


@coordinator_only
def fund_manage(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    fund = get_in_town_or_404(Fund, town, pk=pk)
    forms: dict[str, forms_module.BaseForm] = {
        "source_form": SourceForm(fund=fund),
        "reallocate_form": ReallocateForm(fund=fund),
        "jury_form": JuryMemberForm(),
        "call_form": CallForm(),
    }
    if request.method == "POST":
        step = request.POST.get("schritt", "")
        try:
            done = _fund_manage_step(request, fund, step, forms)
        except FundError as exc:
            messages.error(request, exc.message)
            done = False
        if done:
            return redirect(_fund_url(fund, "fund:fund_manage"))
    balances = ledger.category_balances(fund=fund)
    return render(
        request,
        "fund/fund_manage.html",
        {
            "fund": fund,
            "total": ledger.fund_balance(fund=fund),
            "pool": balances.get(None, ledger.Balance()),
            "categories": [
                (c, balances.get(c.pk, ledger.Balance())) for c in fund.categories.order_by("name")
            ],
            "sources": fund.sources.all(),
            "jury": fund.jury.select_related("user"),
            "calls": fund.calls.all(),
            "counts": selectors.context_counts(fund=fund),
            **forms,
        },
    )


def _fund_manage_step(request: HttpRequest, fund: Fund, step: str, forms: dict[str, Any]) -> bool:
    actor = _user(request)
    if step == "quelle":
        form: forms_module.BaseForm = SourceForm(request.POST, fund=fund)
        forms["source_form"] = form
        if form.is_valid():
            services.fund_source_add(
                fund=fund,
                actor=actor,  # type: ignore[arg-type]
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                amount_cents=form.cleaned_data["amount"],
                category=form.cleaned_data["category"],
            )
            messages.success(request, _("Die Geldquelle ist gebucht."))
            return True
    elif step == "umschichten":
        form = forms["reallocate_form"] = ReallocateForm(request.POST, fund=fund)
        if form.is_valid():
            services.fund_reallocate(
                fund=fund,
                actor=actor,  # type: ignore[arg-type]
                from_category=form.cleaned_data["from_category"],
                to_category=form.cleaned_data["to_category"],
                amount_cents=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Das Geld ist umgeschichtet."))
            return True
    elif step == "jury":
        form = forms["jury_form"] = JuryMemberForm(request.POST)
        if form.is_valid():
            person = selectors.town_member_by_email(
                town=fund.town, email=form.cleaned_data["email"]
            )
            if person is None:
                form.add_error(
                    "email", _("Diese Person gehört nicht zum Ort. Bitte erst einladen.")
                )
                return False
            services.jury_member_add(
                fund=fund, actor=actor, user=person, role=form.cleaned_data["role"]
            )  # type: ignore[arg-type]
            messages.success(request, _("%(name)s ist jetzt in der Jury.") % {"name": person.name})
            return True
    elif step == "aufruf":
        form = forms["call_form"] = CallForm(request.POST)
        if form.is_valid():
            services.call_create(
                fund=fund,
                actor=actor,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
                decision_on=form.cleaned_data["decision_on"],
            )
            messages.success(request, _("Der Aufruf ist angelegt."))
            return True
    return False


@coordinator_only
def category_edit(request: HttpRequest, fund_pk: int, pk: int | None = None) -> HttpResponse:
    town = _town(request)
    fund = get_in_town_or_404(Fund, town, pk=fund_pk)
    category = (
        get_in_town_or_404(Category, town, pk=pk, fund=fund)
        if pk is not None
        else Category(town=town, fund=fund)
    )
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = services.category_save(
                    category=form.save(commit=False), actor=_user(request)
                )
                budget = form.cleaned_data.get("budget")
                if budget is not None:
                    services.category_budget_set(
                        category=saved,
                        actor=_user(request),
                        amount_cents=budget,
                        reason=_("Budget des Förderbereichs festgelegt"),
                    )
            messages.success(request, _("Der Förderbereich ist gespeichert."))
            return redirect(_fund_url(fund, "fund:fund_manage"))
        except FundError as exc:
            form.add_error("budget", exc.message)
    return render(
        request, "fund/category_form.html", {"fund": fund, "form": form, "category": category}
    )


@coordinator_only
def ledger_list(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    fund = get_in_town_or_404(Fund, town, pk=pk)
    page = Paginator(selectors.ledger_entries(town=town, fund=fund), 50).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "fund/ledger.html",
        {"fund": fund, "page": page, "total": ledger.fund_balance(fund=fund)},
    )
