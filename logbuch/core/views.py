"""Installation-wide pages and error handlers."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers

from logbuch.towns.middleware import TownNotFound


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "core/imprint.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    template = (
        "errors/town_not_found.html" if isinstance(exception, TownNotFound) else "errors/404.html"
    )
    return render(request, template, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A database outage answers 503 with a plain page that needs no database itself."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DatabaseError) and "connect" in str(exc).lower()
    ):
        body = loader.get_template("errors/503.html").render()
        response = HttpResponse(body, status=503, headers={"Retry-After": "30"})
    else:
        response = HttpResponse(loader.get_template("errors/500.html").render(), status=500)
    add_never_cache_headers(response)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)
