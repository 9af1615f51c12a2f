"""Pages for visitors without a session, served from the app server's memory.

A town's start page and the list of towns look the same for every visitor who is not signed
in, and they are what most people open. `cache_for_visitors` keeps such a page for
`VISITOR_PAGE_SECONDS` in the local-memory cache "pages" of this app server, keyed by host,
address (with query) and language. It never stores a page that

- was requested with a session cookie (a signed-in person, or a visitor with messages),
- used the CSRF token (it would hand one visitor's token to the next),
- set a cookie, changed the session, or answered anything but 200.

Each app server keeps its own copy, so after a change a visitor may see the old page for up to
`VISITOR_PAGE_SECONDS`; signed-in people always see the current state. Browsers are told to
revalidate (`no-cache`), because the same address shows a personal page after signing in.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .clientip import client_ip

View = Callable[..., HttpResponse]


def _key(request: HttpRequest) -> str:
    address = f"{request.get_host()}|{request.get_full_path()}|{get_language()}"
    return "visitor-page:" + hashlib.sha256(address.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def cache_for_visitors(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not settings.VISITOR_PAGE_SECONDS
        ):
            return view(request, *args, **kwargs)
        cache = caches["pages"]
        key = _key(request)
        stored: tuple[bytes, str] | None = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored[0], content_type=stored[1])
        else:
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                cache.set(
                    key, (response.content, response["Content-Type"]), settings.VISITOR_PAGE_SECONDS
                )
        response["Cache-Control"] = "no-cache"
        return response

    return wrapper


def within_limit(key: str, limit: int, seconds: int) -> bool:
    """Count one attempt under `key`; False once more than `limit` were made in the window.

    The counter lives in the shared cache (Redis, or the database), so every app server counts
    together; it holds a number, never who made the attempt.
    """
    cache = caches["default"]
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, seconds)
        count = 1
    return count <= limit


def client_key(request: HttpRequest) -> str:
    """A key for "this client today", for counters of public forms; never the address itself.

    HMAC of the day and the client's network address, keyed with SECRET_KEY: the same client
    gives the same key all day, and the next day a key that cannot be joined to yesterday's.
    Nothing stores the address; counters under this key live in the cache and expire with their
    window (at most a day). The address is the one our reverse proxy reports (`NUM_PROXIES`,
    `core.clientip`); without that setting behind a proxy, every client shares one key.
    """
    address = client_ip(request) or "-"
    message = f"client:{timezone.localdate().isoformat()}:{address}"
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()
