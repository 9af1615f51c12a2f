"""Pages every app renders the same way: the confirm page and list pages with htmx.

The one form page is the template core/form_page.html (render it, or extend it and fill its
blocks); the one error summary is the `error_summary` partial of core/forms/form.html.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def confirm_page(
    request: HttpRequest, *, title: str, text: str, button: str, cancel_url: str
) -> HttpResponse:
    """The GET half of every destructive action: say what will happen, then POST to do it."""
    return render(
        request,
        "core/confirm.html",
        {"title": title, "text": text, "button": button, "cancel_url": cancel_url},
    )


def render_list(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, partial: str = "results"
) -> HttpResponse:
    """The whole list page, or only its `partial` when htmx asks (a filter, a sort, a page).

    Without JavaScript the same URL answers with the whole page, so every filter works as a
    plain GET form. A history restore (htmx has no snapshot for the back button) gets the whole
    page too. `Vary: HX-Request` keeps a cache from serving the fragment as the page.
    """
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template_name = f"{template_name}#{partial}"
        context = {**context, "fragment": True}  # the partial may add out-of-band updates
    response = render(request, template_name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
