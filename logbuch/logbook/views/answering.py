"""Taking part in a round: getting in (member button, email link, printed code) and answering.

Answering works without an account: an email link or a printed code puts the participation's
id into the session (per round), so neither token nor code appears in later URLs. Signed-in
members are found by their account instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from logbuch.core.errors import DomainError
from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import members_only, public
from logbuch.towns.http import MemberRequest, TownRequest

from .. import errors
from ..forms import AnswerForm, CodeEntryForm
from ..models import Participation, Round
from ..selectors.catalogue import AreaBlock, round_levers_by_area
from ..services.participation import (
    participation_by_code,
    participation_by_token,
    participation_for_member,
    participation_save,
    participation_submit,
)
from ..services.rounds import ensure_accepting
from .shortcuts import _round, _url

# --- Getting in: member button, email link, printed code -------------------------------------


def _session_key(round_id: int) -> str:
    return f"logbook_participation_{round_id}"


def _neutral(request: TownRequest) -> HttpResponse:
    """The same page for every unknown, used or malformed link or code."""
    return render(
        request,
        "logbook/access_invalid.html",
        {"message": errors.AccessInvalid.message},
        status=404,
    )


@members_only
@require_POST
def round_join(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    round_ = _round(request, pk)
    with refusal_on(request):
        participation_for_member(round_=round_, user=request.user, roles=request.roles)
        return redirect(_url("logbook:answer_step", town, pk=round_.pk, step=1))
    return redirect(_url("logbook:round_detail", town, pk=round_.pk))


@public
def participation_link(request: TownRequest, token: str) -> HttpResponse:
    town = request.town
    try:
        participation = participation_by_token(town=town, token=token)
    except errors.AccessInvalid:
        return _neutral(request)
    request.session[_session_key(participation.round_id)] = participation.pk
    return redirect(_url("logbook:answer_step", town, pk=participation.round_id, step=1))


@public
def code_entry(request: TownRequest) -> HttpResponse:
    town = request.town
    form = CodeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form, field="code"):  # AccessInvalid: one neutral sentence
            participation = participation_by_code(town=town, code=form.cleaned_data["code"])
            request.session[_session_key(participation.round_id)] = participation.pk
            return redirect(_url("logbook:answer_step", town, pk=participation.round_id, step=1))
    return render(request, "logbook/code_entry.html", {"form": form})


# --- Answering -----------------------------------------------------------------------------------


def _participation(request: TownRequest, round_: Round) -> Participation | None:
    qs = Participation.objects.in_town(request.town).filter(round=round_)
    found: Participation | None = None
    pid = request.session.get(_session_key(round_.pk))
    if pid:
        found = qs.filter(pk=pid).first()
    if found is None and request.user.is_authenticated:
        found = qs.filter(user=request.user).first()
    return found


def _closed(request: TownRequest, round_: Round, exc: DomainError) -> HttpResponse:
    return render(
        request, "logbook/answer_closed.html", {"round": round_, "message": str(exc)}, status=409
    )


AfterSave = Callable[[Round, Participation, int, int], HttpResponse]


def _step_page(request: TownRequest, pk: int, step: int, *, after_save: AfterSave) -> HttpResponse:
    """One area of Stellschrauben; every button posts to its own view, which saves into the
    draft first and then calls `after_save(round, participation, step, steps)`."""
    town = request.town
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
            return after_save(round_, participation, step, len(areas))
    except errors.AlreadySubmitted:
        return redirect(thanks_url)
    except (errors.RoundClosed, errors.RoundNotStarted) as exc:
        return _closed(request, round_, exc)
    progress = _progress(areas, participation.draft, current=step, form=form)
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
            **progress,
        },
    )


def _is_answered(entry: dict[str, Any] | None) -> bool:
    if not entry:
        return False
    return entry.get("value") is not None or bool(entry.get("dont_know"))


def _progress(
    areas: list[AreaBlock],
    draft: dict[str, Any],
    *,
    current: int | None = None,
    form: AnswerForm | None = None,
) -> dict[str, Any]:
    """The parts with how many of their Stellschrauben are answered (the current part counted
    from the form as shown, the others from the saved draft), and the totals."""
    parts: list[dict[str, Any]] = []
    for number, block in enumerate(areas, start=1):
        if number == current and form is not None:
            answered = form.answered()
        else:
            answered = sum(1 for lv in block.levers if _is_answered(draft.get(str(lv.pk))))
        parts.append(
            {
                "number": number,
                "title": block.area.title,
                "answered": answered,
                "total": len(block.levers),
                "current": number == current,
            }
        )
    total_answered = sum(int(p["answered"]) for p in parts)
    return {
        "parts": parts,
        "answered": total_answered,
        "answered_elsewhere": total_answered
        - sum(int(p["answered"]) for p in parts if p["current"]),
        "total": sum(int(p["total"]) for p in parts),
    }


@public
def answer_step(request: TownRequest, pk: int, step: int) -> HttpResponse:
    """Show a step; "Speichern und weiter" saves and goes on (to the overview after the last)."""

    def forward(round_: Round, participation: Participation, step: int, steps: int) -> HttpResponse:
        if step < steps:
            return redirect(_url("logbook:answer_step", request.town, pk=round_.pk, step=step + 1))
        return redirect(_url("logbook:answer_submit", request.town, pk=round_.pk))

    return _step_page(request, pk, step, after_save=forward)


@public
@require_POST
def answer_step_back(request: TownRequest, pk: int, step: int) -> HttpResponse:
    """ "Speichern und zurück": save, then the step before."""

    def back(round_: Round, participation: Participation, step: int, steps: int) -> HttpResponse:
        return redirect(
            _url("logbook:answer_step", request.town, pk=round_.pk, step=max(step - 1, 1))
        )

    return _step_page(request, pk, step, after_save=back)


@public
@require_POST
def answer_step_later(request: TownRequest, pk: int, step: int) -> HttpResponse:
    """ "Speichern und später weitermachen": save, then say how to come back."""

    def later(round_: Round, participation: Participation, step: int, steps: int) -> HttpResponse:
        return render(
            request,
            "logbook/answer_saved.html",
            {"round": round_, "participation": participation, "step": step},
        )

    return _step_page(request, pk, step, after_save=later)


@public
def answer_submit(request: TownRequest, pk: int) -> HttpResponse:
    """The overview before the final submit, and the submit itself (idempotent)."""
    town = request.town
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
    progress = _progress(areas, draft)
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
        {"round": round_, "summary": summary, "steps": len(areas), **progress},
    )


@public
def answer_thanks(request: TownRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    participation = _participation(request, round_)
    if participation is None or not participation.is_submitted:
        return _neutral(request)
    request.session.pop(_session_key(round_.pk), None)
    return render(request, "logbook/answer_thanks.html", {"round": round_})
