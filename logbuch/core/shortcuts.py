"""Pages every app renders the same way: the confirm page and list pages with htmx.

The one form page is the template core/form_page.html (render it, or extend it and fill its
blocks); the one error summary is the `error_summary` partial of core/forms/form.html. A
service's refusal reaches the person through `refusal_on`.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from .errors import DomainError


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


class refusal_on:  # lower case: used like a function, `with refusal_on(form):`
    """Show a service's refusal (a `DomainError`) to the person instead of failing the request.

        with refusal_on(form):              # or refusal_on(request): an error message
            thing = thing_create(...)
            messages.success(request, _("Angelegt."))
            return redirect(...)
        return render(...)                  # the form was invalid or the service refused

    On a form the refusal's sentence becomes a non-field error (or an error of `field`); on a
    request it becomes a message (`level`, default error) for the page the view redirects to.
    Only `DomainError` and its subclasses are caught; anything else propagates. `refused`
    holds the caught error (None without one), for a view that answers a refusal with its own
    status code.
    """

    def __init__(
        self,
        target: BaseForm | HttpRequest,
        *,
        field: str | None = None,
        level: int = messages.ERROR,
    ) -> None:
        self.target = target
        self.field = field
        self.level = level
        self.refused: DomainError | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if not isinstance(error, DomainError):
            return False
        self.refused = error
        if isinstance(self.target, BaseForm):
            self.target.add_error(self.field, str(error))
        else:
            messages.add_message(self.target, self.level, str(error))
        return True
