"""The coordinator sets a fund up: sources, reallocation, jury, calls, categories."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, get_in_town_or_404
from logbuch.towns.http import MemberRequest
from logbuch.towns.models import User

from .. import ledger
from ..forms.setup import (
    CallForm,
    CategoryForm,
    FundForm,
    JuryMemberForm,
    ReallocateForm,
    SourceForm,
)
from ..models import (
    Category,
    Fund,
)
from ..selectors.funds import context_counts, town_member_by_email
from ..services.setup import (
    call_create,
    category_budget_set,
    category_save,
    fund_create,
    fund_reallocate,
    fund_source_add,
    jury_member_add,
)
from .shortcuts import fund_url


@coordinator_only
def fund_new(request: MemberRequest) -> HttpResponse:
    form = FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fund = fund_create(
            town=request.town,
            actor=request.user,
            name=form.cleaned_data["name"],
            year=form.cleaned_data["year"],
            description=form.cleaned_data["description"],
        )
        messages.success(
            request, _("Der Fonds ist angelegt. Jetzt Geldquellen und Förderbereiche.")
        )
        return redirect(fund_url(fund, "fund:fund_manage"))
    return render(request, "fund/fund_new.html", {"form": form})


def _manage_page(request: MemberRequest, fund: Fund, **bound: BaseForm) -> HttpResponse:
    """The fund's setup page; an action whose input was refused passes its bound form."""
    forms: dict[str, BaseForm] = {
        "source_form": SourceForm(fund=fund),
        "reallocate_form": ReallocateForm(fund=fund),
        "jury_form": JuryMemberForm(),
        "call_form": CallForm(),
        **bound,
    }
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
            "counts": context_counts(fund=fund),
            **forms,
        },
    )


@coordinator_only
@require_safe
def fund_manage(request: MemberRequest, pk: int) -> HttpResponse:
    return _manage_page(request, get_in_town_or_404(Fund, request.town, pk=pk))


def _manage_action(
    request: MemberRequest, fund_pk: int, key: str, form: BaseForm, act: Callable[[], str]
) -> HttpResponse:
    """One action of the setup page: back to the page with a message, or the page again with
    the refused input and its reason."""
    fund = get_in_town_or_404(Fund, request.town, pk=fund_pk)
    if form.is_valid():
        with refusal_on(request):
            messages.success(request, act())
            return redirect(fund_url(fund, "fund:fund_manage"))
    return _manage_page(request, fund, **{key: form})


@coordinator_only
@require_POST
def fund_source_new(request: MemberRequest, fund_pk: int) -> HttpResponse:
    fund = get_in_town_or_404(Fund, request.town, pk=fund_pk)
    form = SourceForm(request.POST, fund=fund)

    def act() -> str:
        fund_source_add(
            fund=fund,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data["name"],
            amount_cents=form.cleaned_data["amount"],
            category=form.cleaned_data["category"],
        )
        return _("Die Geldquelle ist gebucht.")

    return _manage_action(request, fund_pk, "source_form", form, act)


@coordinator_only
@require_POST
def fund_reallocation(request: MemberRequest, fund_pk: int) -> HttpResponse:
    fund = get_in_town_or_404(Fund, request.town, pk=fund_pk)
    form = ReallocateForm(request.POST, fund=fund)

    def act() -> str:
        fund_reallocate(
            fund=fund,
            actor=request.user,
            from_category=form.cleaned_data["from_category"],
            to_category=form.cleaned_data["to_category"],
            amount_cents=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
        )
        return _("Das Geld ist umgeschichtet.")

    return _manage_action(request, fund_pk, "reallocate_form", form, act)


@coordinator_only
@require_POST
def jury_member_new(request: MemberRequest, fund_pk: int) -> HttpResponse:
    fund = get_in_town_or_404(Fund, request.town, pk=fund_pk)
    form = JuryMemberForm(request.POST)
    person: User | None = None
    if form.is_valid():
        person = town_member_by_email(town=fund.town, email=form.cleaned_data["email"])
        if person is None:
            form.add_error("email", _("Diese Person gehört nicht zum Ort. Bitte erst einladen."))

    def act() -> str:
        if person is None:  # the form is then invalid: act() is not called
            raise Http404
        jury_member_add(fund=fund, actor=request.user, user=person, role=form.cleaned_data["role"])
        return _("%(name)s ist jetzt in der Jury.") % {"name": person.name}

    return _manage_action(request, fund_pk, "jury_form", form, act)


@coordinator_only
@require_POST
def call_new(request: MemberRequest, fund_pk: int) -> HttpResponse:
    fund = get_in_town_or_404(Fund, request.town, pk=fund_pk)
    form = CallForm(request.POST)

    def act() -> str:
        call_create(
            fund=fund,
            actor=request.user,
            name=form.cleaned_data["name"],
            opens_at=form.cleaned_data["opens_at"],
            closes_at=form.cleaned_data["closes_at"],
            decision_on=form.cleaned_data["decision_on"],
        )
        return _("Der Aufruf ist angelegt.")

    return _manage_action(request, fund_pk, "call_form", form, act)


@coordinator_only
def category_edit(request: MemberRequest, fund_pk: int, pk: int | None = None) -> HttpResponse:
    town = request.town
    fund = get_in_town_or_404(Fund, town, pk=fund_pk)
    category = (
        get_in_town_or_404(Category, town, pk=pk, fund=fund)
        if pk is not None
        else Category(town=town, fund=fund)
    )
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form, field="budget"):
            with transaction.atomic():
                saved = category_save(category=form.save(commit=False), actor=request.user)
                budget = form.cleaned_data.get("budget")
                if budget is not None:
                    category_budget_set(
                        category=saved,
                        actor=request.user,
                        amount_cents=budget,
                        reason=_("Budget des Förderbereichs festgelegt"),
                    )
            messages.success(request, _("Der Förderbereich ist gespeichert."))
            return redirect(fund_url(fund, "fund:fund_manage"))
    return render(
        request, "fund/category_form.html", {"fund": fund, "form": form, "category": category}
    )
