"""„Ihr habt gesagt – wir haben getan“: resolved concerns the town shows, and its figures."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse

from logbuch.core.shortcuts import render_list
from logbuch.towns.access import public
from logbuch.towns.http import TownRequest

from .. import selectors
from ..forms import TopicFilterForm
from ..models import ConcernMessage

PER_PAGE = 20


@public
def said_done(request: TownRequest) -> HttpResponse:
    town = request.town
    concerns = selectors.public_concerns(town)
    form = TopicFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["thema"]:
        concerns = concerns.filter(category=form.cleaned_data["thema"])
    answers = ConcernMessage.objects.filter(is_public=True).only(
        "pk", "concern_id", "text", "created_at"
    )
    concerns = concerns.prefetch_related(
        Prefetch("messages", queryset=answers, to_attr="public_answers")
    )
    page = Paginator(concerns, PER_PAGE).get_page(request.GET.get("seite"))
    return render_list(
        request,
        "desk/said_done.html",
        {
            "page": page,
            "filter_form": form,
            "filtered": form.has_changed(),
            "figures": selectors.public_figures_cached(town),
        },
    )
