"""Ansprechpersonen: who is there for what (found by topic), a relay form, and the
coordinator's list to keep them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.listing import search_queryset
from logbuch.core.shortcuts import render_list
from logbuch.towns.access import coordinator_only, get_in_town_or_404, public
from logbuch.towns.http import MemberRequest, TownRequest

from ..forms import ContactPersonForm, ContactsFilterForm, RelayForm, started_token
from ..models import ContactPerson
from ..services import contacts as services
from .helpers import allowed, to

RELAYS_PER_HOUR = 10


@public
def contacts(request: TownRequest) -> HttpResponse:
    people = ContactPerson.objects.in_town(request.town).order_by("position", "name")
    people, topic = search_queryset(
        people, request, fields=["topics", "description", "name"], param="thema"
    )
    return render_list(
        request,
        "desk/contacts.html",
        {
            "people": people,
            "filter_form": ContactsFilterForm(initial={"thema": topic}),
            "filtered": bool(topic),
        },
    )


@public
def contact(request: TownRequest, pk: int) -> HttpResponse:
    person = get_in_town_or_404(ContactPerson.objects.select_related("user"), request.town, pk=pk)
    recipient = person.email or (person.user.email if person.user else "") or ""
    form = RelayForm(request.POST or None)
    if request.method == "POST" and recipient and form.is_valid():
        if not allowed(request, "relay", RELAYS_PER_HOUR):
            form.add_error(
                None, _("Von hier kamen sehr viele Nachrichten. Bitte später noch einmal.")
            )
        else:
            services.relay_message_send(
                town=request.town,
                recipient_email=recipient,
                about=person.name,
                **{k: form.cleaned_data[k] for k in ("name", "email", "text")},
            )
            messages.success(request, _("Ihre Nachricht ist unterwegs."))
            return to("contact", request.town, pk=person.pk)
    return render(
        request,
        "desk/contact.html",
        {"person": person, "form": form, "can_write": bool(recipient), "started": started_token()},
        status=400 if form.errors else 200,
    )


@coordinator_only
def contacts_manage(request: MemberRequest) -> HttpResponse:
    form = ContactPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_person_save(town=request.town, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Die Ansprechperson ist gespeichert."))
        return to("contacts_manage", request.town)
    people = ContactPerson.objects.in_town(request.town).order_by("position", "name")
    return render(
        request,
        "desk/contacts_manage.html",
        {"people": people, "form": form},
        status=400 if form.errors else 200,
    )


@coordinator_only
def contact_edit(request: MemberRequest, pk: int) -> HttpResponse:
    person = get_in_town_or_404(ContactPerson, request.town, pk=pk)
    form = ContactPersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.contact_person_save(
            town=request.town, actor=request.user, person=person, **form.cleaned_data
        )
        messages.success(request, _("Die Ansprechperson ist gespeichert."))
        return to("contacts_manage", request.town)
    return render(
        request,
        "desk/contact_edit.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@coordinator_only
@require_POST
def contact_remove(request: MemberRequest, pk: int) -> HttpResponse:
    person = get_in_town_or_404(ContactPerson, request.town, pk=pk)
    services.contact_person_remove(person=person, actor=request.user)
    messages.success(request, _("Entfernt."))
    return to("contacts_manage", request.town)
