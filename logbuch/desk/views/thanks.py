"""Motivationsgeber: the Dankeswand (anyone), saying thanks (anyone), agreeing to be shown
(the person thanked), releasing thanks to groups (coordinator)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only, public
from logbuch.towns.http import MemberRequest, TownRequest

from ..forms import ThanksForm, started_token
from ..models import ThankYou, ThankYouStatus
from ..services import thanks as services
from ..thanks import milestones, thanks_wall
from .helpers import allowed, to

THANKS_PER_PAGE = 30
THANKS_PER_HOUR = 10


@public
def wall(request: TownRequest) -> HttpResponse:
    page = Paginator(thanks_wall(request.town), THANKS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "desk/thanks_wall.html",
        {"page": page, "milestones": milestones(request.town)},
    )


@public
def thanks_new(request: TownRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    form = ThanksForm(
        request.POST or None,
        town=request.town,
        can_pick_person=bool(request.roles),
        initial={"from_name": user.name if user else ""},
    )
    if request.method == "POST" and form.is_valid():
        if not allowed(request, "thanks", THANKS_PER_HOUR):
            form.add_error(None, _("Von hier kam sehr viel Dank. Bitte später noch einmal."))
        else:
            data = form.cleaned_data
            services.thanks_give(
                town=request.town,
                from_name=data["from_name"],
                from_user=user,
                recipient=data.get("recipient"),
                recipient_group=data["recipient_group"],
                text=data["text"],
            )
            messages.success(
                request,
                _(
                    "Danke für Ihren Dank! An der Dankeswand steht er, sobald die Beschenkten "
                    "zugestimmt haben."
                ),
            )
            return to("thanks_wall", request.town)
    return render(
        request,
        "desk/thanks_form.html",
        {"form": form, "started": started_token()},
        status=400 if form.errors else 200,
    )


@members_only
def thanks_mine(request: MemberRequest) -> HttpResponse:
    """Thanks to me: waiting ones with the choice, decided ones to read again."""
    notes = (
        ThankYou.objects.in_town(request.town)
        .filter(recipient=request.user)
        .order_by("-created_at", "-pk")
    )
    return render(request, "desk/thanks_mine.html", {"notes": notes})


def _answered(request: MemberRequest, pk: int, *, show: bool) -> HttpResponse:
    thanks = get_in_town_or_404(ThankYou, request.town, pk=pk, recipient=request.user)
    with refusal_on(request):
        services.thanks_answer(thanks=thanks, recipient=request.user, show=show)
        messages.success(
            request,
            _("Der Dank steht jetzt an der Dankeswand.")
            if show
            else _("Der Dank bleibt bei Ihnen."),
        )
    return to("thanks_mine", request.town)


@members_only
@require_POST
def thanks_show(request: MemberRequest, pk: int) -> HttpResponse:
    """The person thanked puts the note on the Dankeswand."""
    return _answered(request, pk, show=True)


@members_only
@require_POST
def thanks_private(request: MemberRequest, pk: int) -> HttpResponse:
    """The person thanked keeps the note to themselves."""
    return _answered(request, pk, show=False)


@coordinator_only
def thanks_release(request: MemberRequest) -> HttpResponse:
    """Notes to groups that wait for the coordinator."""
    notes = ThankYou.objects.in_town(request.town).filter(
        status=ThankYouStatus.WAITING, recipient__isnull=True
    )
    page = Paginator(notes.order_by("created_at", "pk"), THANKS_PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return render(request, "desk/thanks_release.html", {"page": page})


def _released(request: MemberRequest, pk: int, *, show: bool) -> HttpResponse:
    thanks = get_in_town_or_404(ThankYou, request.town, pk=pk, recipient__isnull=True)
    with refusal_on(request):
        services.thanks_release(thanks=thanks, actor=request.user, show=show)
        messages.success(request, _("Freigegeben.") if show else _("Nicht freigegeben."))
    return to("thanks_release", request.town)


@coordinator_only
@require_POST
def thanks_approve(request: MemberRequest, pk: int) -> HttpResponse:
    return _released(request, pk, show=True)


@coordinator_only
@require_POST
def thanks_reject(request: MemberRequest, pk: int) -> HttpResponse:
    return _released(request, pk, show=False)
