"""Taking part in a round: getting in (member button, email link, printed code) and answering.

Answering works without an account: an email link or a printed code puts the participation's
id into the session (per round), so neither token nor code appears in later URLs. Signed-in
members are found by their account instead.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from logbuch.towns.access import members_only, public

from .. import errors
from ..forms import AnswerForm, CodeEntryForm
from ..models import Participation, Round
from ..selectors.catalogue import round_levers_by_area
from ..services.participation import (
    participation_by_code,
    participation_by_token,
    participation_for_member,
    participation_save,
    participation_submit,
)
from ..services.rounds import ensure_accepting
from .shortcuts import _roles, _round, _town, _url, _user

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
        participation_for_member(round_=round_, user=_user(request), roles=_roles(request))
    except errors.LogbookError as exc:
        messages.error(request, str(exc))
        return redirect(_url("logbook:round_detail", town, pk=round_.pk))
    return redirect(_url("logbook:answer_step", town, pk=round_.pk, step=1))


@public
def participation_link(request: HttpRequest, token: str) -> HttpResponse:
    town = _town(request)
    try:
        participation = participation_by_token(town=town, token=token)
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
            participation = participation_by_code(town=town, code=form.cleaned_data["code"])
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
    areas = round_levers_by_area(round_=round_)
    if not 1 <= step <= len(areas):
        raise Http404
    block = areas[step - 1]
    form = AnswerForm(request.POST or None, levers=block.levers, draft=participation.draft)
    try:
        ensure_accepting(round_)
        if request.method == "POST" and form.is_valid():
            participation_save(participation=participation, entries=form.entries())
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
            participation_submit(participation=participation)
        except errors.AlreadySubmitted:
            return redirect(_url("logbook:answer_thanks", town, pk=round_.pk))
        except (errors.RoundClosed, errors.RoundNotStarted) as exc:
            return _closed(request, round_, exc)
        except errors.NothingToSubmit as exc:
            messages.error(request, str(exc))
        else:
            return redirect(_url("logbook:answer_thanks", town, pk=round_.pk))
    areas = round_levers_by_area(round_=round_)
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
