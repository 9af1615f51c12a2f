"""Residents' requests (a ride, a delivery, a repair slot) within a shift's capacity.

Lock: `request_create` takes the `Shift` row (`lock(shift)`) and sums the seats of the
shift's open requests inside the lock, so the seats of a ride are never given twice; the
loser of a race for the last seat is told the next time with room. Deciding is a
conditional `UPDATE … WHERE status='requested'` with a row-count check (two clicks decide once).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from logbuch.core.locks import lock
from logbuch.towns.models import User

from .. import notifications
from ..errors import (
    NoSeatsLeft,
    NotAllowed,
    RequestAlreadyDecided,
    RequestInPast,
    RequestOutsideTimes,
    ServiceClosed,
    ServicesError,
)
from ..models import (
    OPEN_REQUEST,
    RequestStatus,
    Service,
    ServiceRequest,
    ServiceStatus,
    Shift,
    SignUp,
    SignUpStatus,
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def seats_requested(shift_id: int) -> int:
    """Seats held by open requests of the shift (read inside the shift lock by writers)."""
    total: int = ServiceRequest.objects.filter(
        shift_id=shift_id, status__in=OPEN_REQUEST
    ).aggregate(n=Coalesce(Sum("seats"), 0))["n"]
    return total


def shifts_with_room(*, service: Service, after: datetime, seats: int = 1) -> QuerySet[Shift]:
    used = Coalesce(Sum("requests__seats", filter=Q(requests__status__in=OPEN_REQUEST)), 0)
    qs: QuerySet[Shift] = (
        Shift.objects.filter(service=service, seats__isnull=False, ends_at__gt=after)
        .annotate(used=used)
        .filter(seats__gte=F("used") + seats)
        .order_by("starts_at")
    )
    return qs


def next_free(*, service: Service, after: datetime, seats: int = 1) -> datetime | None:
    """The next start of a shift of the service that still has `seats` free."""
    shift = shifts_with_room(service=service, after=after, seats=seats).first()
    return max(shift.starts_at, after) if shift else None


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "l, j. F Y, H:i")


def request_create(
    *,
    service: Service,
    name: str,
    wanted_at: datetime,
    details: str,
    phone: str = "",
    email: str = "",
    seats: int = 1,
) -> tuple[ServiceRequest, str]:
    """Record a resident's request on the shift that covers the wished time.

    Returns the request and the secret token of its status link (only its hash is stored).
    Outside the operating times, or when the shift's seats are taken, the error names the
    next time with room.
    """
    if not service.takes_requests or service.status != ServiceStatus.ACTIVE:
        raise ServiceClosed
    now = timezone.now()
    if wanted_at <= now:
        raise RequestInPast
    shift = (
        Shift.objects.filter(
            service=service, seats__isnull=False, starts_at__lte=wanted_at, ends_at__gt=wanted_at
        )
        .order_by("starts_at")
        .first()
    )
    if shift is None:
        free = next_free(service=service, after=wanted_at, seats=seats)
        message = _("Zu dieser Zeit ist %(service)s nicht unterwegs.") % {"service": service}
        if free:
            message += " " + _("Die nächste freie Zeit: %(when)s.") % {"when": _when(free)}
        raise RequestOutsideTimes(message, next_free=free)
    with transaction.atomic():
        lock(shift)
        shift = Shift.objects.get(pk=shift.pk)
        capacity = shift.seats or 0
        if seats_requested(shift.pk) + seats > capacity:
            free = next_free(service=service, after=shift.ends_at, seats=seats)
            message = _("Zu dieser Zeit ist leider kein Platz mehr frei.")
            if free:
                message += " " + _("Die nächste freie Zeit: %(when)s.") % {"when": _when(free)}
            raise NoSeatsLeft(message, next_free=free)
        token = secrets.token_urlsafe(24)
        item = ServiceRequest.objects.create(
            town_id=service.town_id,
            service=service,
            shift=shift,
            name=name,
            phone=phone,
            email=email,
            wanted_at=wanted_at,
            details=details,
            seats=seats,
            token_hash=token_hash(token),
        )
        notifications.notify_request_received(request=item, token=token)
        notifications.notify_request_to_shift(request=item)
    return item, token


def can_decide(*, request: ServiceRequest, user: User, is_coordinator: bool) -> bool:
    """The coordinator or a person signed up for the request's shift."""
    if is_coordinator:
        return True
    return SignUp.objects.filter(
        shift_id=request.shift_id, user=user, status=SignUpStatus.SIGNED_UP
    ).exists()


def request_decide(
    *,
    request: ServiceRequest,
    actor: User,
    confirm: bool,
    reason: str = "",
    is_coordinator: bool = False,
) -> ServiceRequest:
    """Confirm or decline (with a reason) a request; the resident is told."""
    if not can_decide(request=request, user=actor, is_coordinator=is_coordinator):
        raise NotAllowed(_("Entscheiden können die Fahrerin oder der Fahrer der Schicht."))
    reason = reason.strip()
    if not confirm and not reason:
        raise ServicesError(_("Bitte schreiben Sie kurz, warum es nicht geht."))
    status = RequestStatus.CONFIRMED if confirm else RequestStatus.DECLINED
    with transaction.atomic():
        changed = ServiceRequest.objects.filter(
            pk=request.pk, status=RequestStatus.REQUESTED
        ).update(status=status, reason=reason, decided_by=actor, decided_at=timezone.now())
        if not changed:
            raise RequestAlreadyDecided
        request.refresh_from_db()
        notifications.notify_request_decided(request=request)
    return request


def request_withdraw(*, request: ServiceRequest) -> None:
    """The resident takes the request back (through the status link); the seat is free again."""
    with transaction.atomic():
        changed = ServiceRequest.objects.filter(
            pk=request.pk, status__in=OPEN_REQUEST, shift__starts_at__gt=timezone.now()
        ).update(status=RequestStatus.WITHDRAWN)
        if not changed:
            raise RequestAlreadyDecided(_("Diese Anfrage kann nicht mehr zurückgezogen werden."))
