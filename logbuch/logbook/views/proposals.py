"""Vorschläge: every member proposes, supports and comments; the deciding person accepts,
merges or declines (each action its own view: GET a form or confirmation, POST → redirect)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.listing import sort_queryset
from logbuch.core.shortcuts import confirm_page, refusal_on
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only
from logbuch.towns.http import MemberRequest

from ..forms import CommentForm, DeciderForm, DeclineForm, MergeForm, OwnerForm, ProposalForm
from ..models import (
    HIGHER_LEVEL_AREA,
    JournalEntry,
    JournalStatus,
    Lever,
    LogbookSettings,
    Measure,
    MeasureStatus,
    Round,
)
from ..permissions import may_decide_proposals
from ..selectors.proposals import PROPOSAL_SORTS, PROPOSAL_STATES, proposal_detail, proposals
from ..services.proposals import (
    comment_add,
    decider_set,
    lever_is_closed,
    merge_targets,
    proposal_accept,
    proposal_create,
    proposal_decline,
    proposal_merge,
    support_add,
    support_withdraw,
)
from .shortcuts import _url

PAGE_SIZE = 20


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@members_only
def proposal_list(request: MemberRequest) -> HttpResponse:
    town = request.town
    state = request.GET.get("stand", "offen")
    if state not in PROPOSAL_STATES:
        state = "offen"
    qs, sort = sort_queryset(
        proposals(town, viewer=request.user, state=state),
        request,
        allowed=PROPOSAL_SORTS,
        default="-unterstuetzung",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "logbook/measures/proposal_list.html",
        {
            "page": page,
            "proposals": list(page.object_list),
            "state": state,
            "sort": sort,
            "states": [
                ("offen", _("offen")),
                ("angenommen", _("angenommen")),
                ("zusammengefuehrt", _("zusammengeführt")),
                ("abgelehnt", _("abgelehnt")),
            ],
            "may_decide": may_decide_proposals(town=town, user=request.user, roles=request.roles),
        },
    )


@members_only
def proposal_create_view(request: MemberRequest) -> HttpResponse:
    """From a result row (`?stellschraube=&runde=`), a logbook entry (`?eintrag=`) or blank."""
    town = request.town
    source = request.POST if request.method == "POST" else request.GET
    lever_id = _number(source.get("lever", "") or request.GET.get("stellschraube", ""))
    round_id = _number(request.GET.get("runde", ""))
    entry_id = _number(request.GET.get("eintrag", ""))
    round_ = Round.objects.in_town(town).filter(pk=round_id).first() if round_id else None
    entry = (
        JournalEntry.objects.in_town(town)
        .filter(pk=entry_id, status=JournalStatus.PUBLISHED)
        .first()
        if entry_id
        else None
    )
    initial: dict[str, Any] = {}
    if lever_id:
        initial["lever"] = lever_id
    elif entry is not None:
        first = entry.levers.order_by("area__position", "position").first()
        if first is not None:
            lever_id = initial["lever"] = first.pk
    if entry is not None:
        initial["title"] = entry.title
    form = ProposalForm(request.POST or None, town=town, extra_lever=lever_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            proposal = proposal_create(
                town=town,
                actor=request.user,
                round_=round_,
                source_entry=entry,
                **form.cleaned_data,
            )
            messages.success(
                request,
                _("Danke! Ihr Vorschlag steht jetzt zur Unterstützung bereit."),
            )
            return redirect("logbook:proposal_detail", town_slug=town.slug, pk=proposal.pk)
    lever = form.fields["lever"].queryset.filter(pk=lever_id).first() if lever_id else None  # type: ignore[attr-defined]
    # A link from a higher-level Stellschraube: no Vorschlag there, the Forderungen instead.
    higher_lever = (
        Lever.objects.visible_to(town).filter(pk=lever_id, area__key=HIGHER_LEVEL_AREA).first()
        if lever_id and lever is None
        else None
    )
    return render(
        request,
        "logbook/measures/proposal_form.html",
        {
            "form": form,
            "lever": lever,
            "higher_lever": higher_lever,
            "lever_closed": lever is not None and lever_is_closed(town=town, lever=lever),
            "from_round": round_,
            "from_entry": entry,
        },
    )


@members_only
def proposal_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    return _detail_page(request, pk, comment_form=CommentForm())


def _detail_page(
    request: MemberRequest, pk: int, *, comment_form: CommentForm, status: int = 200
) -> HttpResponse:
    town = request.town
    proposal = proposal_detail(town, pk, viewer=request.user)
    return render(
        request,
        "logbook/measures/proposal_detail.html",
        {
            "proposal": proposal,
            "comment_form": comment_form,
            "may_decide": proposal.status == MeasureStatus.PROPOSED
            and may_decide_proposals(town=town, user=request.user, roles=request.roles),
        },
        status=status,
    )


def _proposal(request: MemberRequest, pk: int) -> Measure:
    qs: QuerySet[Measure] = Measure.objects.filter(proposed_at__isnull=False).select_related(
        "town", "proposed_by"
    )
    return get_in_town_or_404(qs, request.town, pk=pk)


def _back_to(proposal: Measure) -> HttpResponseRedirect:
    return redirect("logbook:proposal_detail", town_slug=proposal.town.slug, pk=proposal.pk)


@members_only
def proposal_support(request: MemberRequest, pk: int) -> HttpResponse:
    """One click: support a Vorschlag (GET asks first, for links without a form)."""
    proposal = _proposal(request, pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Vorschlag unterstützen"),
            text=_("Sie unterstützen „%(title)s“.") % {"title": proposal.title},
            button=_("Unterstützen"),
            cancel_url=_url("logbook:proposal_detail", request.town, pk=proposal.pk),
        )
    with refusal_on(request):
        support_add(proposal=proposal, user=request.user)
        messages.success(request, _("Sie unterstützen diesen Vorschlag."))
    return _back_to(proposal)


@members_only
def proposal_support_withdraw(request: MemberRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Unterstützung zurückziehen"),
            text=_("Sie unterstützen „%(title)s“ dann nicht mehr.") % {"title": proposal.title},
            button=_("Zurückziehen"),
            cancel_url=_url("logbook:proposal_detail", request.town, pk=proposal.pk),
        )
    with refusal_on(request):
        support_withdraw(proposal=proposal, user=request.user)
        messages.success(request, _("Sie unterstützen diesen Vorschlag nicht mehr."))
    return _back_to(proposal)


@members_only
@require_POST
def proposal_comment_add(request: MemberRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        with refusal_on(form):
            comment_add(proposal=proposal, actor=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Ihr Kommentar ist gespeichert."))
            return _back_to(proposal)
    return _detail_page(request, pk, comment_form=form, status=400)


# --- Decisions ---------------------------------------------------------------------------------


def _decision(request: MemberRequest, pk: int) -> Measure:
    """The Vorschlag to decide on; 403 unless the person may decide on Vorschläge."""
    proposal = _proposal(request, pk)
    if not may_decide_proposals(town=request.town, user=request.user, roles=request.roles):
        raise PermissionDenied
    return proposal


def _decision_page(
    request: MemberRequest, proposal: Measure, form: Any, *, title: str, button: str
) -> HttpResponse:
    return render(
        request,
        "logbook/measures/proposal_decision.html",
        {"proposal": proposal, "form": form, "title": title, "button": button},
    )


def _decided(request: MemberRequest, proposal: Measure, text: str) -> HttpResponse:
    messages.success(request, text)
    return _back_to(proposal)


@members_only
def proposal_accept_view(request: MemberRequest, pk: int) -> HttpResponse:
    proposal = _decision(request, pk)
    form = OwnerForm(request.POST or None, town=request.town)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            proposal_accept(proposal=proposal, actor=request.user, **form.cleaned_data)
            return _decided(
                request, proposal, _("Der Vorschlag ist angenommen und jetzt eine Maßnahme.")
            )
    return _decision_page(
        request,
        proposal,
        form,
        title=_("Vorschlag annehmen"),
        button=_("Annehmen"),
    )


@members_only
def proposal_merge_view(request: MemberRequest, pk: int) -> HttpResponse:
    proposal = _decision(request, pk)
    form = MergeForm(request.POST or None, targets=merge_targets(proposal))
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            proposal_merge(proposal=proposal, actor=request.user, **form.cleaned_data)
            return _decided(request, proposal, _("Der Vorschlag ist zusammengeführt."))
    return _decision_page(
        request,
        proposal,
        form,
        title=_("Vorschlag zusammenführen"),
        button=_("Zusammenführen"),
    )


@members_only
def proposal_decline_view(request: MemberRequest, pk: int) -> HttpResponse:
    proposal = _decision(request, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            proposal_decline(proposal=proposal, actor=request.user, **form.cleaned_data)
            return _decided(request, proposal, _("Der Vorschlag ist abgelehnt."))
    return _decision_page(
        request,
        proposal,
        form,
        title=_("Vorschlag ablehnen"),
        button=_("Ablehnen"),
    )


@coordinator_only
def decider_edit(request: MemberRequest) -> HttpResponse:
    """Who besides the coordinator decides on Vorschläge (a town setting)."""
    town = request.town
    current = LogbookSettings.objects.in_town(town).first()
    form = DeciderForm(
        request.POST or None,
        town=town,
        initial={"proposal_decider": current.proposal_decider_id if current else None},
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            decider_set(town=town, actor=request.user, person=form.cleaned_data["proposal_decider"])
            messages.success(request, _("Gespeichert."))
            return redirect("logbook:proposal_list", town_slug=town.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Wer über Vorschläge entscheidet"),
            "intro": _(
                "Die Koordinierungsstelle entscheidet immer mit. Sie können außerdem eine Person "
                "des Ortes benennen, die Vorschläge annehmen, zusammenführen oder ablehnen darf."
            ),
            "submit": _("Speichern"),
            "cancel_url": _url("logbook:proposal_list", town),
        },
    )
