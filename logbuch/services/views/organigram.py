"""The Organigramm: who answers for what, with deputies, vacancies and gaps highlighted."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only
from logbuch.towns.http import MemberRequest, is_coordinator

from .. import selectors
from ..forms import ResponsibilityForm
from ..models import Responsibility
from ..services import setup
from . import url


def _context(request: MemberRequest) -> dict[str, object]:
    groups = selectors.organigram(request.town)
    return {
        "groups": groups,
        "vacancies": sum(g.vacancies for g in groups),
        "without_deputy": sum(g.without_deputy for g in groups),
        "today": timezone.localdate(),
        "is_coordinator": is_coordinator(request.roles),
    }


@members_only
def organigram(request: MemberRequest) -> HttpResponse:
    return render(request, "services/organigram.html", _context(request))


@members_only
def organigram_print(request: MemberRequest) -> HttpResponse:
    """The one-page overview to print and pin up."""
    return render(request, "services/organigram_print.html", _context(request))


def _form_page(request: MemberRequest, form: ResponsibilityForm, title: str) -> HttpResponse:
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": title,
            "submit": _("Speichern"),
            "cancel_url": url("organigram", request.town),
        },
    )


@coordinator_only
def responsibility_new(request: MemberRequest) -> HttpResponse:
    form = ResponsibilityForm(request.POST or None, town=request.town)
    if request.method == "POST" and form.is_valid():
        setup.responsibility_create(town=request.town, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Die Zuständigkeit ist eingetragen."))
        return redirect(url("organigram", request.town))
    return _form_page(request, form, _("Neue Zuständigkeit"))


@coordinator_only
def responsibility_edit(request: MemberRequest, pk: int) -> HttpResponse:
    item = get_in_town_or_404(Responsibility, request.town, pk=pk)
    form = ResponsibilityForm(
        request.POST or None,
        instance=item,
        town=request.town,
    )
    if request.method == "POST" and form.is_valid():
        setup.responsibility_update(responsibility=item, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Gespeichert."))
        return redirect(url("organigram", request.town))
    return _form_page(request, form, _("Zuständigkeit bearbeiten"))
