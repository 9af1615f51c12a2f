"""The town logbook (Logbuch-Einträge): list, create, edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from logbuch.core.errors import DomainError
from logbuch.core.listing import RowUrl, filter_queryset
from logbuch.core.shortcuts import render_list
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only
from logbuch.towns.http import MemberRequest

from ..forms import JournalEntryForm, JournalFilterForm
from ..models import (
    JournalEntry,
)
from ..selectors.catalogue import lever_options
from ..selectors.journal import JOURNAL_FILTERS, journal_entries, journal_rows, journal_years
from ..services.journal import journal_entry_create, journal_entry_update
from .shortcuts import _drop_malformed_numbers


@members_only
def journal(request: MemberRequest) -> HttpResponse:
    town = request.town
    _drop_malformed_numbers(request, ("stellschraube", "jahr"))
    qs, active = filter_queryset(journal_entries(town), request, allowed=JOURNAL_FILTERS)
    page = Paginator(qs, 30).get_page(request.GET.get("seite"))
    return render_list(
        request,
        "logbook/journal/list.html",
        {
            "page": page,
            "entries": journal_rows(list(page.object_list)),
            "edit_url": RowUrl("logbook:journal_edit", town_slug=town.slug),
            "measure_url": RowUrl("logbook:measure_detail", town_slug=town.slug),
            "filter_form": JournalFilterForm(
                initial=active, levers=lever_options(town), years=journal_years(town)
            ),
        },
    )


def _journal_form_page(request: MemberRequest, entry: JournalEntry | None) -> HttpResponse:
    town = request.town
    initial: dict[str, Any] = {}
    if entry is not None:
        initial = {
            "happened_on": entry.happened_on,
            "kind": entry.kind,
            "title": entry.title,
            "text": entry.text,
            "levers": list(entry.levers.values_list("pk", flat=True)),
            "measures": list(entry.measures.values_list("pk", flat=True)),
        }
    else:
        lever_id = request.GET.get("stellschraube", "")
        measure_id = request.GET.get("massnahme", "")
        if lever_id.isdigit():
            initial["levers"] = [int(lever_id)]
        if measure_id.isdigit():
            initial["measures"] = [int(measure_id)]
    form = JournalEntryForm(request.POST or None, town=town, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                journal_entry_create(town=town, actor=request.user, **form.cleaned_data)
            else:
                journal_entry_update(entry=entry, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Der Logbuch-Eintrag wurde gespeichert."))
            return redirect("logbook:journal", town_slug=town.slug)
    return render(request, "logbook/journal/form.html", {"form": form, "entry": entry})


@coordinator_only
def journal_create(request: MemberRequest) -> HttpResponse:
    return _journal_form_page(request, None)


@coordinator_only
def journal_edit(request: MemberRequest, pk: int) -> HttpResponse:
    entry = get_in_town_or_404(JournalEntry, request.town, pk=pk)
    return _journal_form_page(request, entry)
