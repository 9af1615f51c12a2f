"""Thin views of the Stellschrauben-Check: catalogue, rounds, participation and answering.

Answering works without an account: an email link or a printed code puts the participation's
id into the session (per round), so neither token nor code appears in later URLs. Signed-in
members are found by their account instead.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import confirm_page
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only, public
from logbuch.towns.models import Role, Town, User

from . import errors, selectors, services
from .forms import AnswerForm, CodeEntryForm, CodesForm, GroupForm, LeverForm, PaperForm, RoundForm
from .models import Area, Lever, Participation, Round
from .selectors_results import code_batches, participation_figures

ROUNDS_PER_PAGE = 20
CODES_SESSION_KEY = "logbook_codes"


def _town(request: HttpRequest) -> Town:
    return request.town  # type: ignore[attr-defined,no-any-return]


def _roles(request: HttpRequest) -> frozenset[str]:
    return request.roles  # type: ignore[attr-defined,no-any-return]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_coordinator(request: HttpRequest) -> bool:
    return bool({Role.COORDINATOR.value, Role.TOWN_ADMIN.value} & _roles(request))


def _url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(name, kwargs={"town_slug": town.slug, **kwargs})


def _round(request: HttpRequest, pk: int) -> Round:
    qs: QuerySet[Round] = Round.objects.select_related("catalogue_version")
    return get_in_town_or_404(qs, _town(request), pk=pk)


def _lever(request: HttpRequest, pk: int) -> Lever:
    """A Stellschraube the town may open: shared or its own; another town's own is a 404."""
    lever = Lever.objects.visible_to(_town(request)).select_related("area").filter(pk=pk).first()
    if lever is None:
        raise Http404
    return lever


# --- Start page and catalogue --------------------------------------------------------------------


@members_only
def index(request: HttpRequest) -> HttpResponse:
    """The town's Stellschrauben-Check: rounds (open first) and the catalogue by area."""
    town = _town(request)
    rounds = list(selectors.rounds_for_town(town=town).order_by("status", "-starts_on", "-id")[:6])
    mine = selectors.member_participations(town=town, user=request.user)
    return render(
        request,
        "logbook/index.html",
        {
            "areas": selectors.catalogue_for_town(town=town),
            "rounds": [(r, mine.get(r.pk), bool(set(r.groups) & _roles(request))) for r in rounds],
            "is_coordinator": _is_coordinator(request),
        },
    )


@members_only
def lever_detail(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    lever = _lever(request, pk)
    return render(
        request,
        "logbook/lever_detail.html",
        {
            "lever": lever,
            "recommendations": lever.recommendations.order_by("position"),
            "is_hidden": lever.hidden_by.filter(town=town).exists(),
            "is_coordinator": _is_coordinator(request),
        },
    )


@coordinator_only
def lever_manage(request: HttpRequest) -> HttpResponse:
    """Add own Stellschrauben, hide or show shared ones."""
    town = _town(request)
    areas = Area.objects.filter(version=selectors.current_catalogue())
    form = LeverForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            lever = services.lever_add(
                town=town,
                area=form.cleaned_data["area"],
                title=form.cleaned_data["title"],
                question=form.cleaned_data["question"],
                help_text=form.cleaned_data["help_text"],
                actor=_user(request),
            )
        except errors.LogbookError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Die Stellschraube „%(title)s“ wurde ergänzt.") % {"title": lever.title}
            )
            return redirect(_url("logbook:lever_manage", town))
    return render(
        request,
        "logbook/lever_manage.html",
        {"levers": selectors.levers_for_management(town=town), "form": form},
    )


@coordinator_only
@require_POST
def lever_hide(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    lever = _lever(request, pk)
    try:
        outcome = services.lever_hide(town=town, lever=lever, actor=_user(request))
    except errors.LogbookError as exc:
        messages.error(request, str(exc))
    else:
        texts = {
            "hidden": _("„%(title)s“ ist ausgeblendet und fehlt in neuen Runden."),
            "archived": _(
                "„%(title)s“ ist archiviert: Sie fehlt in neuen Runden, alte Ergebnisse bleiben."
            ),
            "deleted": _("„%(title)s“ wurde entfernt."),
        }
        messages.success(request, texts[outcome] % {"title": lever.title})
    return redirect(_url("logbook:lever_manage", town))


@coordinator_only
@require_POST
def lever_show(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    lever = _lever(request, pk)
    try:
        services.lever_show(town=town, lever=lever, actor=_user(request))
    except errors.LogbookError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("„%(title)s“ ist wieder dabei.") % {"title": lever.title})
    return redirect(_url("logbook:lever_manage", town))


# --- Rounds --------------------------------------------------------------------------------------


@members_only
def round_list(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    rounds = selectors.rounds_for_town(town=town).order_by("-starts_on", "-id")
    page = Paginator(rounds, ROUNDS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "logbook/round_list.html",
        {"page": page, "is_coordinator": _is_coordinator(request)},
    )


@coordinator_only
def round_new(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_open(town=town, actor=_user(request), **form.cleaned_data)
        except errors.LogbookError as exc:
            messages.error(request, str(exc))
        else:
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
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    round_ = _round(request, pk)
    is_coordinator = _is_coordinator(request)
    mine = selectors.member_participations(town=town, user=request.user).get(round_.pk)
    return render(
        request,
        "logbook/round_detail.html",
        {
            "round": round_,
            "participation": participation_figures(round_),
            "batches": code_batches(round_) if is_coordinator else None,
            "areas": selectors.round_levers_by_area(round_=round_),
            "mine": mine,
            "may_join": bool(set(round_.groups) & _roles(request)),
            "is_coordinator": is_coordinator,
            "code_url": request.build_absolute_uri(_url("logbook:code_entry", town)),
        },
    )


@coordinator_only
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    round_ = _round(request, pk)
    detail_url = _url("logbook:round_detail", town, pk=round_.pk)
    if request.method == "POST":
        try:
            services.round_close(round_=round_, actor=_user(request))
        except errors.LogbookError as exc:
            messages.info(request, str(exc))
        else:
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
def round_invite(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    round_ = _round(request, pk)
    form = GroupForm(request.POST or None, groups=round_.groups)
    if request.method == "POST" and form.is_valid():
        try:
            invited, skipped = services.round_invite_group(
                round_=round_,
                group=form.cleaned_data["group"],
                actor=_user(request),
                base_url=request.build_absolute_uri("/"),
            )
        except errors.LogbookError as exc:
            messages.error(request, str(exc))
        else:
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
def round_codes(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    round_ = _round(request, pk)
    form = CodesForm(request.POST or None, groups=round_.groups)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.round_codes_create(
                round_=round_,
                group=form.cleaned_data["group"],
                count=form.cleaned_data["count"],
                actor=_user(request),
            )
        except errors.LogbookError as exc:
            messages.error(request, str(exc))
        else:
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
def round_code_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
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
def round_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Type in paper sheets, one after the other."""
    town = _town(request)
    round_ = _round(request, pk)
    levers = [lv for block in selectors.round_levers_by_area(round_=round_) for lv in block.levers]
    form = PaperForm(request.POST or None, levers=levers, groups=round_.groups)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_enter_paper(
                round_=round_,
                group=form.cleaned_data["group"],
                entries=form.entries(),
                actor=_user(request),
            )
        except errors.LogbookError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Der Bogen ist erfasst. Sie können den nächsten eingeben."))
            return redirect(_url("logbook:round_paper", town, pk=round_.pk))
    return render(request, "logbook/paper.html", {"round": round_, "form": form})


# --- Getting in: member button, email link, printed code -------------------------------------


def _session_key(round_id: int) -> str:
    return f"logbook_participation_{round_id}"


def _neutral(request: HttpRequest) -> HttpResponse:
    """The same page for every unknown, used or malformed link or code."""
    return render(
        request,
        "logbook/access_invalid.html",
        {"message": errors.AccessInvalid.message},
        status=404,
    )


@members_only
@require_POST
def round_join(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    round_ = _round(request, pk)
    try:
        services.participation_for_member(round_=round_, user=_user(request), roles=_roles(request))
    except errors.LogbookError as exc:
        messages.error(request, str(exc))
        return redirect(_url("logbook:round_detail", town, pk=round_.pk))
    return redirect(_url("logbook:answer_step", town, pk=round_.pk, step=1))


@public
def participation_link(request: HttpRequest, token: str) -> HttpResponse:
    town = _town(request)
    try:
        participation = services.participation_by_token(town=town, token=token)
    except errors.AccessInvalid:
        return _neutral(request)
    request.session[_session_key(participation.round_id)] = participation.pk
    return redirect(_url("logbook:answer_step", town, pk=participation.round_id, step=1))


@public
def code_entry(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    form = CodeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participation = services.participation_by_code(
                town=town, code=form.cleaned_data["code"]
            )
        except errors.AccessInvalid as exc:
            form.add_error("code", str(exc))
        else:
            request.session[_session_key(participation.round_id)] = participation.pk
            return redirect(_url("logbook:answer_step", town, pk=participation.round_id, step=1))
    return render(request, "logbook/code_entry.html", {"form": form})


# --- Answering -----------------------------------------------------------------------------------


def _participation(request: HttpRequest, round_: Round) -> Participation | None:
    qs = Participation.objects.in_town(_town(request)).filter(round=round_)
    found: Participation | None = None
    pid = request.session.get(_session_key(round_.pk))
    if pid:
        found = qs.filter(pk=pid).first()
    if found is None and request.user.is_authenticated:
        found = qs.filter(user=request.user).first()
    return found


def _closed(request: HttpRequest, round_: Round, exc: errors.LogbookError) -> HttpResponse:
    return render(
        request, "logbook/answer_closed.html", {"round": round_, "message": str(exc)}, status=409
    )


def _after_save(
    request: HttpRequest, round_: Round, participation: Participation, step: int, steps: int
) -> HttpResponse:
    """Where each button of an answer page leads once the draft is saved."""
    town = _town(request)
    action = request.POST.get("aktion", "weiter")
    if action == "spaeter":
        return render(
            request,
            "logbook/answer_saved.html",
            {"round": round_, "participation": participation, "step": step},
        )
    if action == "zurueck" and step > 1:
        return redirect(_url("logbook:answer_step", town, pk=round_.pk, step=step - 1))
    if step < steps:
        return redirect(_url("logbook:answer_step", town, pk=round_.pk, step=step + 1))
    return redirect(_url("logbook:answer_submit", town, pk=round_.pk))


@public
def answer_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    """One area of Stellschrauben; every button saves into the draft first."""
    town = _town(request)
    round_ = _round(request, pk)
    participation = _participation(request, round_)
    if participation is None:
        return _neutral(request)
    thanks_url = _url("logbook:answer_thanks", town, pk=round_.pk)
    if participation.is_submitted:
        return redirect(thanks_url)
    areas = selectors.round_levers_by_area(round_=round_)
    if not 1 <= step <= len(areas):
        raise Http404
    block = areas[step - 1]
    form = AnswerForm(request.POST or None, levers=block.levers, draft=participation.draft)
    try:
        services.ensure_accepting(round_)
        if request.method == "POST" and form.is_valid():
            services.participation_save(participation=participation, entries=form.entries())
            return _after_save(request, round_, participation, step, len(areas))
    except errors.AlreadySubmitted:
        return redirect(thanks_url)
    except (errors.RoundClosed, errors.RoundNotStarted) as exc:
        return _closed(request, round_, exc)
    return render(
        request,
        "logbook/answer_step.html",
        {
            "round": round_,
            "area": block.area,
            "form": form,
            "blocks": form.blocks(),
            "step": step,
            "steps": len(areas),
            "step_titles": [b.area.title for b in areas],
        },
    )


@public
def answer_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview before the final submit, and the submit itself (idempotent)."""
    town = _town(request)
    round_ = _round(request, pk)
    participation = _participation(request, round_)
    if participation is None:
        return _neutral(request)
    if participation.is_submitted:
        return redirect(_url("logbook:answer_thanks", town, pk=round_.pk))
    if request.method == "POST":
        try:
            services.participation_submit(participation=participation)
        except errors.AlreadySubmitted:
            return redirect(_url("logbook:answer_thanks", town, pk=round_.pk))
        except (errors.RoundClosed, errors.RoundNotStarted) as exc:
            return _closed(request, round_, exc)
        except errors.NothingToSubmit as exc:
            messages.error(request, str(exc))
        else:
            return redirect(_url("logbook:answer_thanks", town, pk=round_.pk))
    areas = selectors.round_levers_by_area(round_=round_)
    draft = participation.draft
    summary = []
    for number, block in enumerate(areas, start=1):
        entries = [draft.get(str(lv.pk)) for lv in block.levers]
        summary.append(
            {
                "step": number,
                "area": block.area,
                "total": len(block.levers),
                "rated": sum(1 for e in entries if e and e.get("value") is not None),
                "dont_know": sum(1 for e in entries if e and e.get("dont_know")),
            }
        )
    return render(
        request,
        "logbook/answer_submit.html",
        {"round": round_, "summary": summary, "steps": len(areas)},
    )


@public
def answer_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    participation = _participation(request, round_)
    if participation is None or not participation.is_submitted:
        return _neutral(request)
    request.session.pop(_session_key(round_.pk), None)
    return render(request, "logbook/answer_thanks.html", {"round": round_})
