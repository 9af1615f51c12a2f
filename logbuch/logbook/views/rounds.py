"""Rounds for the coordinator: open, invite, print codes, type in paper sheets, close."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from logbuch.core.shortcuts import confirm_page, refusal_on
from logbuch.towns.access import coordinator_only, members_only
from logbuch.towns.http import MemberRequest, is_coordinator

from ..forms import CodesForm, GroupForm, PaperForm, RoundForm
from ..selectors.catalogue import round_levers_by_area
from ..selectors.rounds import (
    code_batches,
    member_participations,
    participation_figures,
    rounds_for_town,
)
from ..services.participation import (
    participation_enter_paper,
    round_codes_create,
    round_invite_group,
)
from ..services.rounds import round_close, round_open
from .shortcuts import _round, _url

ROUNDS_PER_PAGE = 20
CODES_SESSION_KEY = "logbook_codes"


# --- Rounds --------------------------------------------------------------------------------------


@members_only
def round_list(request: MemberRequest) -> HttpResponse:
    town = request.town
    rounds = rounds_for_town(town=town).order_by("-starts_on", "-id")
    page = Paginator(rounds, ROUNDS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "logbook/round_list.html",
        {"page": page, "is_coordinator": is_coordinator(request.roles)},
    )


@coordinator_only
def round_new(request: MemberRequest) -> HttpResponse:
    town = request.town
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(request):
            round_ = round_open(town=town, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Die Runde ist eröffnet. Laden Sie jetzt Menschen ein."))
            return redirect(_url("logbook:round_detail", town, pk=round_.pk))
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("Neue Runde eröffnen"),
            "intro": _(
                "Eine Runde fragt alle Stellschrauben ab, die Ihr Ort gerade eingeblendet hat. "
                "Spätere Änderungen am Katalog ändern diese Runde nicht."
            ),
            "form": form,
            "submit": _("Runde eröffnen"),
            "cancel_url": _url("logbook:round_list", town),
        },
    )


@members_only
def round_detail(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    round_ = _round(request, pk)
    coordinator = is_coordinator(request.roles)
    mine = member_participations(town=town, user=request.user).get(round_.pk)
    return render(
        request,
        "logbook/round_detail.html",
        {
            "round": round_,
            "participation": participation_figures(round_),
            "batches": code_batches(round_) if coordinator else None,
            "areas": round_levers_by_area(round_=round_),
            "mine": mine,
            "may_join": bool(set(round_.groups) & request.roles),
            "is_coordinator": coordinator,
            "code_url": request.build_absolute_uri(_url("logbook:code_entry", town)),
        },
    )


@coordinator_only
def round_close_view(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    round_ = _round(request, pk)
    detail_url = _url("logbook:round_detail", town, pk=round_.pk)
    if request.method == "POST":
        with refusal_on(request, level=messages.INFO):
            round_close(round_=round_, actor=request.user)
            messages.success(request, _("Die Runde ist abgeschlossen."))
        return redirect(detail_url)
    return confirm_page(
        request,
        title=_("Runde „%(title)s“ abschließen?") % {"title": round_.title},
        text=_(
            "Danach nimmt die Runde keine Einschätzungen mehr an; Entwürfe, die noch nicht "
            "abgegeben wurden, verfallen. Das lässt sich nicht rückgängig machen."
        ),
        button=_("Runde jetzt abschließen"),
        cancel_url=detail_url,
    )


@coordinator_only
def round_invite(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    round_ = _round(request, pk)
    form = GroupForm(request.POST or None, groups=round_.groups)
    if request.method == "POST" and form.is_valid():
        with refusal_on(request):
            invited, skipped = round_invite_group(
                round_=round_,
                group=form.cleaned_data["group"],
                actor=request.user,
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(
                request,
                _("%(n)d Einladung(en) verschickt.") % {"n": invited}
                + (
                    " "
                    + _("%(n)d Person(en) ohne E-Mail-Adresse: bitte Codes ausdrucken.")
                    % {"n": skipped}
                    if skipped
                    else ""
                ),
            )
            return redirect(_url("logbook:round_detail", town, pk=round_.pk))
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("Per E-Mail einladen"),
            "intro": _(
                "Alle Menschen der gewählten Gruppe mit E-Mail-Adresse bekommen einen "
                "persönlichen Link. Wer schon eingeladen ist, bekommt keinen zweiten."
            ),
            "form": form,
            "submit": _("Einladungen verschicken"),
            "cancel_url": _url("logbook:round_detail", town, pk=round_.pk),
        },
    )


@coordinator_only
def round_codes(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    round_ = _round(request, pk)
    form = CodesForm(request.POST or None, groups=round_.groups)
    if request.method == "POST" and form.is_valid():
        with refusal_on(request):
            codes = round_codes_create(
                round_=round_,
                group=form.cleaned_data["group"],
                count=form.cleaned_data["count"],
                actor=request.user,
            )
            # Plain codes exist only here and in this session until the sheet is shown once.
            request.session[CODES_SESSION_KEY] = {
                "round": round_.pk,
                "group": form.cleaned_data["group"],
                "codes": codes,
            }
            return redirect(_url("logbook:round_code_sheet", town, pk=round_.pk))
    return render(
        request,
        "core/form_page.html",
        {
            "title": _("Codes zum Ausdrucken"),
            "intro": _(
                "Für Menschen ohne E-Mail: Jeder Code gilt für genau eine Teilnahme. Die Codes "
                "werden nur ein einziges Mal angezeigt – drucken Sie den Bogen gleich aus."
            ),
            "form": form,
            "submit": _("Codes erzeugen"),
            "cancel_url": _url("logbook:round_detail", town, pk=round_.pk),
        },
    )


@coordinator_only
def round_code_sheet(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    round_ = _round(request, pk)
    batch = request.session.get(CODES_SESSION_KEY)
    codes: list[str] = []
    group_label = ""
    if batch and batch.get("round") == round_.pk:
        del request.session[CODES_SESSION_KEY]
        codes = batch["codes"]
        group_label = dict(
            (g, label) for g, label in zip(round_.groups, round_.group_labels(), strict=True)
        ).get(batch["group"], "")
    response = render(
        request,
        "logbook/code_sheet.html",
        {
            "round": round_,
            "codes": codes,
            "group_label": group_label,
            "code_url": request.build_absolute_uri(_url("logbook:code_entry", town)),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@coordinator_only
def round_paper(request: MemberRequest, pk: int) -> HttpResponse:
    """Type in paper sheets, one after the other."""
    town = request.town
    round_ = _round(request, pk)
    levers = [lv for block in round_levers_by_area(round_=round_) for lv in block.levers]
    form = PaperForm(request.POST or None, levers=levers, groups=round_.groups)
    if request.method == "POST" and form.is_valid():
        with refusal_on(request):
            participation_enter_paper(
                round_=round_,
                group=form.cleaned_data["group"],
                entries=form.entries(),
                actor=request.user,
            )
            messages.success(request, _("Der Bogen ist erfasst. Sie können den nächsten eingeben."))
            return redirect(_url("logbook:round_paper", town, pk=round_.pk))
    return render(request, "logbook/paper.html", {"round": round_, "form": form})
