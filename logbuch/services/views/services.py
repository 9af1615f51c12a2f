"""Services: the list, the public page per service, setting up services, plans, qualifications."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, get_in_town_or_404, public
from logbuch.towns.http import MemberRequest, TownRequest, is_coordinator

from .. import selectors
from ..forms import (
    QualificationForm,
    ServiceForm,
    ShiftForm,
    ShiftPlanForm,
    VolunteerQualificationForm,
)
from ..models import Qualification, Service, ShiftPlan, VolunteerQualification
from ..services import setup
from . import url


def service_of(request: TownRequest, slug: str) -> Service:
    return get_in_town_or_404(Service, request.town, slug=slug)


@public
def index(request: TownRequest) -> HttpResponse:
    """The town's services; members also see their next shifts."""
    town = request.town
    member = bool(request.roles)
    mine = []
    if member and request.user.is_authenticated:
        mine = list(selectors.my_shifts(town=town, user=request.user)[:5])
    return render(
        request,
        "services/index.html",
        {
            "services": selectors.services_for_town(town, public=not member),
            "mine": mine,
            "member": member,
            "is_coordinator": is_coordinator(request.roles),
        },
    )


@public
def service_detail(request: TownRequest, service: str) -> HttpResponse:
    """The public page of a service; members see the next two weeks of shifts to sign up."""
    item = service_of(request, service)
    member = bool(request.roles)
    coordinator = is_coordinator(request.roles)
    shifts = (
        selectors.upcoming_shifts(service=item, user=request.user)  # type: ignore[arg-type]
        if member
        else []
    )
    plans = (
        ShiftPlan.objects.filter(service=item).order_by("start_time", "pk") if coordinator else []
    )
    return render(
        request,
        "services/service_detail.html",
        {
            "service": item,
            "shifts": shifts,
            "member": member,
            "is_coordinator": coordinator,
            "plans": plans,
        },
    )


@coordinator_only
def service_new(request: MemberRequest) -> HttpResponse:
    form = ServiceForm(request.POST or None, town=request.town)
    if request.method == "POST" and form.is_valid():
        item = setup.service_create(town=request.town, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Der Dienst „%(name)s“ ist angelegt.") % {"name": item.name})
        return redirect(url("service_detail", request.town, service=item.slug))
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Neuer Dienst"),
            "submit": _("Dienst anlegen"),
            "cancel_url": url("index", request.town),
        },
    )


@coordinator_only
def service_edit(request: MemberRequest, service: str) -> HttpResponse:
    item = service_of(request, service)
    form = ServiceForm(request.POST or None, instance=item, town=request.town)
    if request.method == "POST" and form.is_valid():
        setup.service_update(service=item, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Gespeichert."))
        return redirect(url("service_detail", request.town, service=item.slug))
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("%(name)s bearbeiten") % {"name": item.name},
            "submit": _("Speichern"),
            "cancel_url": url("service_detail", request.town, service=item.slug),
        },
    )


def _plan_page(
    request: MemberRequest, service: Service, form: ShiftPlanForm, title: str
) -> HttpResponse:
    return render(
        request,
        "services/plan_form.html",
        {
            "form": form,
            "service": service,
            "title": title,
            "cancel_url": url("service_detail", request.town, service=service.slug),
        },
    )


@coordinator_only
def plan_new(request: MemberRequest, service: str) -> HttpResponse:
    item = service_of(request, service)
    form = ShiftPlanForm(request.POST or None, town=request.town)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form, field="rule"):
            plan = setup.plan_create(
                service=item,
                actor=request.user,
                qualifications=list(form.cleaned_data["required_qualifications"]),
                **form.plan_fields(),
            )
            count = plan.shifts.count()
            messages.success(
                request,
                _("Der Schichtplan „%(title)s“ ist angelegt: %(count)s Schichten stehen bereit.")
                % {"title": plan.title, "count": count},
            )
            return redirect(url("service_detail", request.town, service=item.slug))
    return _plan_page(request, item, form, _("Neuer Schichtplan für %(name)s") % {"name": item})


@coordinator_only
def plan_edit(request: MemberRequest, service: str, pk: int) -> HttpResponse:
    item = service_of(request, service)
    plan = get_in_town_or_404(ShiftPlan.objects.filter(service=item), request.town, pk=pk)
    form = ShiftPlanForm(
        request.POST or None, town=request.town, initial=ShiftPlanForm.initial_for(plan)
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form, field="rule"):
            kept = setup.plan_update(
                plan=plan,
                actor=request.user,
                qualifications=list(form.cleaned_data["required_qualifications"]),
                **form.plan_fields(),
            )
            text = _("Der Schichtplan ist geändert.")
            if kept:
                text += " " + _(
                    "%(count)s künftige Schichten mit Eintragungen oder Anfragen blieben, wie sie "
                    "waren."
                ) % {"count": kept}
            messages.success(request, text)
            return redirect(url("service_detail", request.town, service=item.slug))
    return _plan_page(request, item, form, _("Schichtplan „%(title)s“") % {"title": plan.title})


@coordinator_only
def shift_new(request: MemberRequest, service: str) -> HttpResponse:
    """A single shift outside any plan (a market day, an extra ride)."""
    item = service_of(request, service)
    form = ShiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shift = setup.shift_create(
            service=item,
            actor=request.user,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            min_people=data["min_people"],
            max_people=data["max_people"],
            seats=data["seats"],
        )
        messages.success(request, _("Die Schicht ist angelegt."))
        return redirect(url("shift_detail", request.town, pk=shift.pk))
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Einzelne Schicht für %(name)s") % {"name": item},
            "submit": _("Schicht anlegen"),
            "cancel_url": url("service_detail", request.town, service=item.slug),
        },
    )


@coordinator_only
def qualifications(request: MemberRequest) -> HttpResponse:
    """Qualifications of the town and who holds them until when."""
    town = request.town
    new_form = QualificationForm(
        request.POST if "new" in request.POST else None, town=town, prefix="new"
    )
    record_form = VolunteerQualificationForm(
        request.POST if "record" in request.POST else None,
        town=town,
        prefix="record",
    )
    if request.method == "POST":
        if "new" in request.POST and new_form.is_valid():
            setup.qualification_create(town=town, actor=request.user, **new_form.cleaned_data)
            messages.success(request, _("Die Qualifikation ist angelegt."))
            return redirect(url("qualifications", town))
        if "record" in request.POST and record_form.is_valid():
            data = record_form.cleaned_data
            setup.volunteer_qualification_set(
                town=town,
                actor=request.user,
                user=data["person"],
                qualification=data["qualification"],
                valid_until=data["valid_until"],
            )
            messages.success(request, _("Eingetragen."))
            return redirect(url("qualifications", town))
    return render(
        request,
        "services/qualifications.html",
        {
            "items": Qualification.objects.in_town(town).annotate(n=Count("holders")),
            "held": VolunteerQualification.objects.in_town(town)
            .select_related("user", "qualification")
            .order_by("qualification__name", "user__name", "pk"),
            "new_form": new_form,
            "record_form": record_form,
        },
    )
