"""The coordinator sets a fund up: sources, reallocation, jury, calls, categories."""

from __future__ import annotations

from typing import Any

from django import forms as forms_module
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from logbuch.towns.access import coordinator_only, get_in_town_or_404

from .. import ledger
from ..errors import FundError
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
from .shortcuts import fund_url, town_of, user_of


@coordinator_only
def fund_new(request: HttpRequest) -> HttpResponse:
    form = FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fund = fund_create(
            town=town_of(request),
            actor=user_of(request),
            name=form.cleaned_data["name"],
            year=form.cleaned_data["year"],
            description=form.cleaned_data["description"],
        )
        messages.success(
            request, _("Der Fonds ist angelegt. Jetzt Geldquellen und Förderbereiche.")
        )
        return redirect(fund_url(fund, "fund:fund_manage"))
    return render(request, "fund/fund_new.html", {"form": form})


@coordinator_only
def fund_manage(request: HttpRequest, pk: int) -> HttpResponse:
    town = town_of(request)
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
            return redirect(fund_url(fund, "fund:fund_manage"))
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


def _fund_manage_step(request: HttpRequest, fund: Fund, step: str, forms: dict[str, Any]) -> bool:
    actor = user_of(request)
    if step == "quelle":
        form: forms_module.BaseForm = SourceForm(request.POST, fund=fund)
        forms["source_form"] = form
        if form.is_valid():
            fund_source_add(
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
            fund_reallocate(
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
            person = town_member_by_email(town=fund.town, email=form.cleaned_data["email"])
            if person is None:
                form.add_error(
                    "email", _("Diese Person gehört nicht zum Ort. Bitte erst einladen.")
                )
                return False
            jury_member_add(fund=fund, actor=actor, user=person, role=form.cleaned_data["role"])  # type: ignore[arg-type]
            messages.success(request, _("%(name)s ist jetzt in der Jury.") % {"name": person.name})
            return True
    elif step == "aufruf":
        form = forms["call_form"] = CallForm(request.POST)
        if form.is_valid():
            call_create(
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
    town = town_of(request)
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
                saved = category_save(category=form.save(commit=False), actor=user_of(request))
                budget = form.cleaned_data.get("budget")
                if budget is not None:
                    category_budget_set(
                        category=saved,
                        actor=user_of(request),
                        amount_cents=budget,
                        reason=_("Budget des Förderbereichs festgelegt"),
                    )
            messages.success(request, _("Der Förderbereich ist gespeichert."))
            return redirect(fund_url(fund, "fund:fund_manage"))
        except FundError as exc:
            form.add_error("budget", exc.message)
    return render(
        request, "fund/category_form.html", {"fund": fund, "form": form, "category": category}
    )
