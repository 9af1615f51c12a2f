"""The page about the guide the Stellschrauben-Check is built on: who wrote it, its four
recommendations and its Stellschrauben, word for word. Public, for the installation and in a
town (with the town's navigation)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from logbuch.core.caching import cache_for_visitors
from logbuch.towns.access import public
from logbuch.towns.http import TownRequest

from ..selectors.catalogue import guide

TEMPLATE = "logbook/guide/about.html"


@cache_for_visitors
def about_guide(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE, {"guide": guide()})


@public
@cache_for_visitors
def town_about_guide(request: TownRequest) -> HttpResponse:
    return render(request, TEMPLATE, {"guide": guide()})
