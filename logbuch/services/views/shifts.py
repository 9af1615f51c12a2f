"""Shifts: a service's month, one shift with its people, signing up, waiting, cancelling,
swapping, assigning, confirming hours, and the person's own shift list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.listing import RowUrl
from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only
from logbuch.towns.http import MemberRequest, TownRequest, is_coordinator

from .. import selectors
from ..errors import OverlapWarning, ShiftFull
from ..forms import AssignForm, DecideForm, HoursForm, OverlapForm
from ..models import Shift, SignUp, SignUpStatus
from ..services import hours as hours_services
from ..services import shifts as shift_services
from . import url
from .services import service_of


def _shift(request: TownRequest, pk: int) -> Shift:
    qs: QuerySet[Shift] = Shift.objects.select_related("service", "plan", "town")
    return get_in_town_or_404(qs, request.town, pk=pk)


def _signup(request: MemberRequest, pk: int) -> SignUp:
    qs: QuerySet[SignUp] = SignUp.objects.select_related(
        "shift", "shift__service", "shift__town", "user"
    )
    return get_in_town_or_404(qs, request.town, pk=pk)


MY_SHIFTS_PER_PAGE = 50


def _month(value: str | None) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return year, month


@members_only
def service_month(request: MemberRequest, service: str) -> HttpResponse:
    item = service_of(request, service)
    year, month = _month(request.GET.get("monat"))
    first = date(year, month, 1)
    prev_month = date(year - (month == 1), (month - 2) % 12 + 1, 1)
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    return render(
        request,
        "services/month.html",
        {
            "service": item,
            "first": first,
            "prev": prev_month,
            "next": next_month,
            "days": sorted(
                selectors.service_month(
                    service=item, year=year, month=month, user=request.user
                ).items()
            ),
        },
    )


def _detail(request: MemberRequest, shift: Shift, **extra: Any) -> HttpResponse:
    coordinator = is_coordinator(request.roles)
    signups = list(selectors.shift_signups(shift))
    on_shift = [s for s in signups if s.status == SignUpStatus.SIGNED_UP]
    waiting = [s for s in signups if s.status == SignUpStatus.WAITING]
    mine = next((s for s in signups if s.user_id == request.user.pk), None)
    requests = list(selectors.shift_requests(shift)) if shift.seats else []
    decides = coordinator or (mine is not None and mine.status == SignUpStatus.SIGNED_UP)
    lead = coordinator or hours_services.is_shift_lead(service=shift.service, user=request.user)
    context = {
        "shift": shift,
        "on_shift": on_shift,
        "waiting": waiting,
        "mine": mine,
        "free": shift.max_people - len(on_shift),
        "is_full": len(on_shift) >= shift.max_people,
        "requests": requests,
        "seats_used": sum(r.seats for r in requests if r.status in ("requested", "confirmed")),
        "can_decide": decides,
        "can_confirm_hours": lead and shift.starts_at <= timezone.now(),
        "confirmed_hours": set(shift.hours.values_list("user_id", flat=True)),
        "is_coordinator": coordinator,
        "started": shift.starts_at <= timezone.now(),
        "decide_form": DecideForm(),
        "hours_form": HoursForm(),
        **extra,
    }
    return render(request, "services/shift_detail.html", context)


@members_only
def shift_detail(request: MemberRequest, pk: int) -> HttpResponse:
    return _detail(request, _shift(request, pk))


def _overlap_message(exc: OverlapWarning) -> str:
    names = ", ".join(
        f"{s.service} {timezone.localtime(s.starts_at):%d.%m. %H:%M}" for s in exc.overlapping
    )
    return _("Sie haben zur selben Zeit schon: %(shifts)s. Wollen Sie trotzdem?") % {
        "shifts": names
    }


@members_only
@require_POST
def shift_signup(request: MemberRequest, pk: int) -> HttpResponse:
    shift = _shift(request, pk)
    form = OverlapForm(request.POST)
    confirm = form.is_valid() and form.cleaned_data["confirm_overlap"]
    with refusal_on(request):
        try:
            shift_services.signup_create(shift=shift, user=request.user, confirm_overlap=confirm)
        except OverlapWarning as exc:
            return _detail(request, shift, overlap=_overlap_message(exc), overlap_action="signup")
        except ShiftFull as exc:  # a warning: the waiting list is offered
            messages.warning(request, str(exc))
        else:
            messages.success(request, _("Sie sind eingetragen. Danke!"))
    return redirect(url("shift_detail", request.town, pk=shift.pk))


@members_only
@require_POST
def shift_waitlist(request: MemberRequest, pk: int) -> HttpResponse:
    shift = _shift(request, pk)
    with refusal_on(request):
        shift_services.waitlist_join(shift=shift, user=request.user)
        messages.success(
            request,
            _(
                "Sie stehen auf der Warteliste. Wird ein Platz frei, rücken Sie nach und erhalten "
                "eine E-Mail."
            ),
        )
    return redirect(url("shift_detail", request.town, pk=shift.pk))


@members_only
@require_POST
def signup_cancel(request: MemberRequest, pk: int) -> HttpResponse:
    signup = _signup(request, pk)
    with refusal_on(request):
        outcome = shift_services.signup_cancel(
            signup=signup, actor=request.user, is_coordinator=is_coordinator(request.roles)
        )
        if outcome is shift_services.CancelOutcome.RELEASE_REQUESTED:
            messages.warning(
                request,
                _(
                    "Die Absagefrist von %(hours)s Stunden ist vorbei. Sie bleiben eingetragen, "
                    "bis die Koordinierungsstelle Sie freigibt; sie ist informiert. Oder bieten "
                    "Sie die Schicht zum Tausch an."
                )
                % {"hours": signup.shift.service.cancel_notice_hours},
            )
        elif signup.user_id == request.user.pk:
            messages.success(request, _("Sie sind ausgetragen."))
        else:
            messages.success(request, _("%(name)s ist freigegeben.") % {"name": signup.user})
    return redirect(url("shift_detail", request.town, pk=signup.shift_id))


def _swap_offer(request: MemberRequest, pk: int, *, offered: bool) -> HttpResponse:
    signup = _signup(request, pk)
    with refusal_on(request):
        shift_services.signup_offer_swap(signup=signup, actor=request.user, offered=offered)
        messages.success(
            request,
            _(
                "Ihre Schicht ist zum Tausch angeboten. Sie bleiben eingetragen, bis jemand sie "
                "übernimmt."
            )
            if offered
            else _("Das Tauschangebot ist zurückgenommen."),
        )
    return redirect(url("shift_detail", request.town, pk=signup.shift_id))


@members_only
@require_POST
def signup_swap(request: MemberRequest, pk: int) -> HttpResponse:
    return _swap_offer(request, pk, offered=True)


@members_only
@require_POST
def signup_swap_withdraw(request: MemberRequest, pk: int) -> HttpResponse:
    return _swap_offer(request, pk, offered=False)


@members_only
@require_POST
def signup_take(request: MemberRequest, pk: int) -> HttpResponse:
    signup = _signup(request, pk)
    form = OverlapForm(request.POST)
    confirm = form.is_valid() and form.cleaned_data["confirm_overlap"]
    with refusal_on(request):
        try:
            shift_services.signup_take_swap(
                signup=signup, user=request.user, confirm_overlap=confirm
            )
        except OverlapWarning as exc:
            return _detail(
                request,
                signup.shift,
                overlap=_overlap_message(exc),
                overlap_action="take",
                overlap_signup=signup,
            )
        messages.success(request, _("Sie haben die Schicht übernommen. Danke!"))
    return redirect(url("shift_detail", request.town, pk=signup.shift_id))


@coordinator_only
def shift_assign(request: MemberRequest, pk: int) -> HttpResponse:
    shift = _shift(request, pk)
    form = AssignForm(request.POST or None, town=request.town)
    overlap = ""
    if request.method == "POST" and form.is_valid():
        with refusal_on(form, field="person"):
            try:
                shift_services.signup_create(
                    shift=shift,
                    user=form.cleaned_data["person"],
                    actor=request.user,
                    confirm_overlap=form.cleaned_data["confirm_overlap"],
                )
            except OverlapWarning as exc:
                overlap = _overlap_message(exc)
            else:
                messages.success(
                    request, _("%(name)s ist eingeteilt.") % {"name": form.cleaned_data["person"]}
                )
                return redirect(url("shift_detail", request.town, pk=shift.pk))
    return render(
        request, "services/assign.html", {"shift": shift, "form": form, "overlap": overlap}
    )


@members_only
@require_POST
def signup_hours(request: MemberRequest, pk: int) -> HttpResponse:
    signup = _signup(request, pk)
    form = HoursForm(request.POST)
    minutes = form.cleaned_data["minutes"] if form.is_valid() else None
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie die Minuten als ganze Zahl an (1 bis 1440)."))
        return redirect(url("shift_detail", request.town, pk=signup.shift_id))
    with refusal_on(request):
        hours_services.hours_confirm(
            signup=signup,
            actor=request.user,
            is_coordinator=is_coordinator(request.roles),
            minutes=minutes,
        )
        messages.success(request, _("Stunden von %(name)s bestätigt.") % {"name": signup.user})
    return redirect(url("shift_detail", request.town, pk=signup.shift_id))


@members_only
def my_shifts(request: MemberRequest) -> HttpResponse:
    signups = selectors.my_shifts(town=request.town, user=request.user)
    page = Paginator(signups, MY_SHIFTS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "services/my_shifts.html",
        {
            "page": page,
            "signups": page.object_list,
            "shift_url": RowUrl("services:shift_detail", town_slug=request.town.slug),
        },
    )
