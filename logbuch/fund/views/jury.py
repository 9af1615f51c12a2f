"""The juror's actions on an application: vote, declare a conflict of interest."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import members_only
from logbuch.towns.http import MemberRequest

from ..forms.review import (
    ConflictForm,
    JuryVoteForm,
)
from ..services.decisions import jury_conflict_declare, jury_vote_cast
from .shortcuts import application_url, visible_application


@members_only
@require_POST
def jury_vote(request: MemberRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    form = JuryVoteForm(request.POST)
    if form.is_valid():
        with refusal_on(request):
            jury_vote_cast(
                application=app,
                user=request.user,
                choice=form.cleaned_data["choice"],
            )
            messages.success(request, _("Ihre Stimme ist gezählt."))
    else:
        messages.error(request, _("Bitte wählen Sie Ja, Nein oder Enthaltung."))
    return redirect(application_url(app))


@members_only
@require_POST
def jury_conflict(request: MemberRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    form = ConflictForm(request.POST)
    form.is_valid()
    with refusal_on(request):
        jury_conflict_declare(
            application=app,
            user=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
        messages.success(request, _("Ihre Befangenheit ist vermerkt; Sie stimmen nicht ab."))
    return redirect(application_url(app))
