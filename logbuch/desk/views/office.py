"""Anker views: the office page with hours, the slot list, booking and cancelling (no account),
and the coordinator's set-up of the office, its hours and closures."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, get_in_town_or_404, public
from logbuch.towns.http import MemberRequest, TownRequest
from logbuch.towns.models import Town

from .. import selectors
from ..calendar import holiday_name
from ..errors import SlotTaken
from ..forms import AppointmentForm, ClosureForm, HoursForm, OfficeForm
from ..models import HoursKind, Office, OpeningHours, Slot, Weekday
from ..services import office as services
from .helpers import allowed, desk_url, to

SLOTS_PER_PAGE = 40
NEXT_FREE_OFFERED = 5
BOOKINGS_PER_HOUR = 10


@public
def index(request: TownRequest) -> HttpResponse:
    """The Anlaufstelle: where, when, who; what you can do here."""
    town = request.town
    office, hours, closures = selectors.office_with_hours(town)
    weekdays = [
        (label, [h for h in hours if h.weekday == value and h.kind == HoursKind.OPEN],
         [h for h in hours if h.weekday == value and h.kind == HoursKind.CONSULTATION])
        for value, label in Weekday.choices
    ]  # fmt: skip
    today = timezone.localdate()
    return render(
        request,
        "desk/index.html",
        {
            "office": office,
            "cards": _index_cards(town),
            "weekdays": [w for w in weekdays if w[1] or w[2]],
            "closures": closures,
            "open_now": selectors.open_now(town),
            "holiday_today": holiday_name(town.bundesland, today),
        },
    )


def _index_cards(town: Town) -> list[tuple[str, str, str]]:
    """What a visitor can do here: (url, title, text) of each card."""
    return [
        (
            desk_url("concern_new", town),
            _("Anliegen sagen"),
            _("Sorge, Idee oder Lob – auch ohne Konto und anonym."),
        ),
        (
            desk_url("concern_track_form", town),
            _("Stand meines Anliegens"),
            _("Mit Ihrem Code sehen Sie Antworten und können zurückschreiben."),
        ),
        (
            desk_url("slots", town),
            _("Termin in der Sprechstunde"),
            _("Ohne Konto buchen, jederzeit absagen."),
        ),
        (
            desk_url("said_done", town),
            _("Ihr habt gesagt – wir haben getan"),
            _("Was aus Anliegen geworden ist."),
        ),
        (
            desk_url("board", town),
            _("Biete/Suche"),
            _("Hilfe, Dinge, Räume, Können und Mitfahrten anbieten und finden."),
        ),
        (
            desk_url("thanks_wall", town),
            _("Dankeswand"),
            _("Danke sagen – an eine Person oder eine Gruppe."),
        ),
    ]


@public
def slots(request: TownRequest) -> HttpResponse:
    page = Paginator(selectors.free_slots(request.town), SLOTS_PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "desk/slots.html",
        {"page": page, "days": selectors.slots_by_day(list(page.object_list))},
    )


@public
def slot_book(request: TownRequest, pk: int) -> HttpResponse:
    town = request.town
    slot = get_in_town_or_404(Slot, town, pk=pk)
    form = AppointmentForm(request.POST or None)
    next_free: list[Slot] = []
    if request.method == "POST" and form.is_valid():
        if not allowed(request, "book", BOOKINGS_PER_HOUR):
            form.add_error(None, _("Von hier kamen sehr viele Buchungen. Bitte rufen Sie uns an."))
        else:
            with refusal_on(form) as refusal:
                _appointment, token = services.appointment_book(
                    slot=slot, name=form.cleaned_data["name"], contact=form.cleaned_data["contact"]
                )
                messages.success(request, _("Ihr Termin ist gebucht."))
                return to("appointment", town, token=token)
            if isinstance(refusal.refused, SlotTaken):  # offer the next free ones instead
                next_free = list(
                    selectors.free_slots(town, after=max(slot.starts_at, timezone.now()))[
                        :NEXT_FREE_OFFERED
                    ]
                )
    return render(
        request,
        "desk/slot_book.html",
        {"slot": slot, "form": form, "next_free": next_free},
        status=400 if form.errors else 200,
    )


@public
def appointment(request: TownRequest, token: str) -> HttpResponse:
    """Confirmation and cancel page; the token from the link is the only key."""
    booked = services.appointment_for_token(town=request.town, token=token)
    if booked is None:
        return render(request, "desk/appointment.html", {"missing": True}, status=404)
    if request.method == "POST":
        with refusal_on(request):
            services.appointment_cancel(appointment=booked)
            messages.success(request, _("Ihr Termin ist abgesagt. Danke für Ihre Nachricht."))
        return to("appointment", request.town, token=token)
    return render(request, "desk/appointment.html", {"appointment": booked, "token": token})


# --- coordinator: set up the office -------------------------------------------------------------


@coordinator_only
def office_manage(request: MemberRequest) -> HttpResponse:
    town = request.town
    office = Office.objects.in_town(town).first() or Office(town=town)
    form = OfficeForm(request.POST or None, instance=office, prefix="office")
    if request.method == "POST" and form.is_valid():
        office = services.office_for(town)
        services.office_update(
            office=office,
            actor=request.user,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        messages.success(request, _("Die Angaben zur Anlaufstelle sind gespeichert."))
        return to("office_manage", town)
    return _manage_page(request, office, form=form, status=400 if form.errors else 200)


def _manage_page(
    request: MemberRequest, office: Office, status: int = 200, **forms: object
) -> HttpResponse:
    hours = list(OpeningHours.objects.filter(office=office)) if office.pk else []
    _office, _hours, closures = selectors.office_with_hours(request.town)
    return render(
        request,
        "desk/office_manage.html",
        {
            "office": office,
            "form": forms.get("form") or OfficeForm(instance=office, prefix="office"),
            "hours_form": forms.get("hours_form") or HoursForm(prefix="hours"),
            "closure_form": forms.get("closure_form") or ClosureForm(prefix="closure"),
            "hours": hours,
            "closures": closures,
            "appointments": selectors.upcoming_appointments(request.town)[:50],
        },
        status=status,
    )


@coordinator_only
@require_POST
def hours_add(request: MemberRequest) -> HttpResponse:
    town = request.town
    form = HoursForm(request.POST, prefix="hours")
    if form.is_valid():
        office = services.office_for(town)
        services.opening_hours_add(office=office, actor=request.user, **form.cleaned_data)
        made = services.slots_materialise(office=office)
        messages.success(request, _("Eingetragen. %(n)d neue Termine sind buchbar.") % {"n": made})
        return to("office_manage", town)
    office = Office.objects.in_town(town).first() or Office(town=town)
    return _manage_page(request, office, status=400, hours_form=form)


@coordinator_only
@require_POST
def hours_remove(request: MemberRequest, pk: int) -> HttpResponse:
    hours = get_in_town_or_404(OpeningHours, request.town, pk=pk)
    services.opening_hours_remove(hours=hours, actor=request.user)
    messages.success(request, _("Entfernt."))
    return to("office_manage", request.town)


@coordinator_only
@require_POST
def closure_add(request: MemberRequest) -> HttpResponse:
    town = request.town
    form = ClosureForm(request.POST, prefix="closure")
    if form.is_valid():
        services.closure_add(
            office=services.office_for(town), actor=request.user, **form.cleaned_data
        )
        messages.success(
            request, _("Die Schließzeit ist eingetragen; freie Termine darin entfallen.")
        )
        return to("office_manage", town)
    office = Office.objects.in_town(town).first() or Office(town=town)
    return _manage_page(request, office, status=400, closure_form=form)
