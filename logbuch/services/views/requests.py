"""Residents' requests: asking without an account, following the request through a secret link,
the shift's decision, and the printable run sheet (Fahrplan) of a shift."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import get_in_town_or_404, members_only, public
from logbuch.towns.http import MemberRequest, TownRequest, is_coordinator

from .. import selectors
from ..errors import RequestOutsideTimes
from ..forms import DecideForm, RequestForm
from ..models import ServiceRequest, SignUpStatus
from ..services import requests as request_services
from . import url
from .services import service_of
from .shifts import _shift


@public
def request_new(request: TownRequest, service: str) -> HttpResponse:
    """A resident asks for a ride, a delivery or a slot; a refused form keeps every field."""
    item = service_of(request, service)
    if not item.takes_requests:
        raise Http404
    form = RequestForm(request.POST or None)
    next_free = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_on(form, field="day"):
            try:
                _created, token = request_services.request_create(
                    service=item,
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    wanted_at=data["wanted_at"],
                    details=data["details"],
                    seats=data["seats"],
                )
            except RequestOutsideTimes as exc:  # at the time, with the next free times
                form.add_error("time", str(exc))
                next_free = exc.next_free
            else:
                messages.success(
                    request,
                    _(
                        "Ihre Anfrage ist eingegangen. Speichern Sie sich diese Seite: hier sehen "
                        "Sie, ob sie bestätigt ist."
                    ),
                )
                return redirect(url("request_status", request.town, token=token))
    return render(
        request,
        "services/request_form.html",
        {"service": item, "form": form, "next_free": next_free},
    )


def _by_token(request: TownRequest, token: str) -> ServiceRequest:
    qs: QuerySet[ServiceRequest] = ServiceRequest.objects.select_related("service", "shift")
    return get_in_town_or_404(qs, request.town, token_hash=request_services.token_hash(token))


@public
def request_status(request: TownRequest, token: str) -> HttpResponse:
    """The resident's view of their request (behind the secret link); they may withdraw it."""
    item = _by_token(request, token)
    if request.method == "POST":
        with refusal_on(request):
            request_services.request_withdraw(request=item)
            messages.success(request, _("Ihre Anfrage ist zurückgezogen."))
        return redirect(url("request_status", request.town, token=token))
    return render(request, "services/request_status.html", {"item": item})


def _decided(request: MemberRequest, pk: int, *, confirm: bool) -> HttpResponse:
    item = get_in_town_or_404(
        ServiceRequest.objects.select_related("service", "shift", "town"), request.town, pk=pk
    )
    form = DecideForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with refusal_on(request):
        request_services.request_decide(
            request=item,
            actor=request.user,
            confirm=confirm,
            reason=reason,
            is_coordinator=is_coordinator(request.roles),
        )
        text = _("Bestätigt: %(name)s.") if confirm else _("Abgelehnt: %(name)s.")
        messages.success(request, text % {"name": item.name})
    return redirect(url("shift_detail", request.town, pk=item.shift_id))


@members_only
@require_POST
def request_confirm(request: MemberRequest, pk: int) -> HttpResponse:
    return _decided(request, pk, confirm=True)


@members_only
@require_POST
def request_decline(request: MemberRequest, pk: int) -> HttpResponse:
    """Declined with the reason typed next to the buttons (the service requires one)."""
    return _decided(request, pk, confirm=False)


@members_only
def run_sheet(request: MemberRequest, pk: int) -> HttpResponse:
    """The printable run sheet of a shift: who is on it and every open request in time order."""
    shift = _shift(request, pk)
    return render(
        request,
        "services/run_sheet.html",
        {
            "shift": shift,
            "people": [
                s for s in selectors.shift_signups(shift) if s.status == SignUpStatus.SIGNED_UP
            ],
            "requests": selectors.run_sheet(shift),
        },
    )
