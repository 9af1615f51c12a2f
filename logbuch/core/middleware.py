from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in person are never kept by browsers or proxies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Error pages skip the user lookup: during a database outage it would fail again.
        if response.status_code >= 500 or request.user.is_authenticated:
            add_never_cache_headers(response)  # sets no-store among others
        patch_vary_headers(response, ["Cookie"])
        return response
