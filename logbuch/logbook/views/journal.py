"""The town logbook (Logbuch-Einträge): list, create, edit, publish a member's draft."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from logbuch.core.listing import RowUrl, filter_queryset
from logbuch.core.shortcuts import confirm_page, refusal_on, render_list
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only
from logbuch.towns.http import MemberRequest

from ..forms import JournalEntryForm, JournalFilterForm
from ..models import (
    JournalEntry,
    JournalStatus,
)
from ..permissions import may_edit_entry, may_publish_journal
from ..selectors.catalogue import lever_options
from ..selectors.journal import JOURNAL_FILTERS, journal_entries, journal_rows, journal_years
from ..services.journal import journal_entry_create, journal_entry_publish, journal_entry_update
from .shortcuts import _drop_malformed_numbers, _url


@members_only
def journal(request: MemberRequest) -> HttpResponse:
    town = request.town
    _drop_malformed_numbers(request, ("stellschraube", "jahr"))
    coordinator = may_publish_journal(request.roles)
    qs, active = filter_queryset(
        journal_entries(town, viewer=request.user, all_drafts=coordinator),
        request,
        allowed=JOURNAL_FILTERS,
    )
    page = Paginator(qs, 30).get_page(request.GET.get("seite"))
    return render_list(
        request,
        "logbook/journal/list.html",
        {
            "page": page,
            "entries": journal_rows(list(page.object_list)),
            "edit_url": RowUrl("logbook:journal_edit", town_slug=town.slug),
            "publish_url": RowUrl("logbook:journal_publish", town_slug=town.slug),
            "propose_url": _url("logbook:proposal_create", town),
            "may_publish": coordinator,
            "measure_url": RowUrl("logbook:measure_detail", town_slug=town.slug),
            "filter_form": JournalFilterForm(
                initial=active,
                levers=lever_options(town),
                years=journal_years(town, viewer=request.user, all_drafts=coordinator),
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
        with refusal_on(form):
            if entry is None:
                saved = journal_entry_create(town=town, actor=request.user, **form.cleaned_data)
            else:
                saved = journal_entry_update(entry=entry, actor=request.user, **form.cleaned_data)
            if saved.status == JournalStatus.DRAFT:
                messages.success(
                    request,
                    _(
                        "Ihr Entwurf ist gespeichert. Die Koordinierungsstelle sieht ihn und "
                        "veröffentlicht ihn im Logbuch; bis dahin sehen nur Sie ihn."
                    ),
                )
            else:
                messages.success(request, _("Der Logbuch-Eintrag wurde gespeichert."))
            return redirect("logbook:journal", town_slug=town.slug)
    journal_url = _url("logbook:journal", town)
    return render(
        request,
        "logbook/journal/form.html",
        {
            "title": _("Logbuch-Eintrag bearbeiten") if entry else _("Neuer Logbuch-Eintrag"),
            "back_link": (journal_url, _("Logbuch")),
            "form": form,
            "entry": entry,
            "is_draft": not may_publish_journal(request.roles),
            "submit": _("Speichern"),
            "cancel_url": journal_url,
        },
    )


@members_only
def journal_create(request: MemberRequest) -> HttpResponse:
    """Every member writes; the coordinator's entries are published at once, others' are
    drafts until the coordinator publishes them."""
    return _journal_form_page(request, None)


@members_only
def journal_edit(request: MemberRequest, pk: int) -> HttpResponse:
    entry = get_in_town_or_404(JournalEntry, request.town, pk=pk)
    if not may_edit_entry(entry=entry, user=request.user, roles=request.roles):
        raise PermissionDenied
    return _journal_form_page(request, entry)


@coordinator_only
def journal_publish(request: MemberRequest, pk: int) -> HttpResponse:
    """Publish a member's draft (GET asks first)."""
    town = request.town
    entry = get_in_town_or_404(JournalEntry.objects.select_related("author", "town"), town, pk=pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Eintrag veröffentlichen"),
            text=_("„%(title)s“ erscheint dann für alle Mitglieder im Logbuch.")
            % {"title": entry.title},
            button=_("Veröffentlichen"),
            cancel_url=_url("logbook:journal", town),
        )
    with refusal_on(request):
        journal_entry_publish(entry=entry, actor=request.user)
        messages.success(request, _("Der Eintrag ist veröffentlicht."))
    return redirect("logbook:journal", town_slug=town.slug)
