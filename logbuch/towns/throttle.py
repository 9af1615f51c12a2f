"""Login throttling per account: slows guessing down, never locks the person out.

django-axes locks a client address after `AXES_FAILURE_LIMIT` failures (the address as the
proxy reports it, `core.clientip`). That stops guessing and spraying from one address, but not
guessing one account from many addresses; and a lock per account would let anyone lock out
anyone. So each account (its normalised address, whatever the client typed) gets a growing
wait instead: after `ACCOUNT_FAILURES_BEFORE_WAIT` failures the next attempt has to wait
15 s, then 30 s, 60 s … up to `MAX_WAIT_SECONDS`. An attempt inside the wait is refused
without checking the password and without counting. The person can always sign in once the
wait is over; an attacker gets at most one guess per `MAX_WAIT_SECONDS` and account.

State lives in the shared cache (the database in production), so every app server counts
together. Keys hold a hash of the address, values only a number and a time.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from django.core.cache import caches

from logbuch.core.emails import normalize_email

ACCOUNT_FAILURES_BEFORE_WAIT = 5
FIRST_WAIT_SECONDS = 15
MAX_WAIT_SECONDS = 300
# Failures are forgotten a day after the last one (or at once after a successful login).
FAILURE_MEMORY_SECONDS = 60 * 60 * 24


def _keys(email: str) -> tuple[str, str]:
    digest = hashlib.sha256(normalize_email(email).encode()).hexdigest()
    return f"towns:login-failures:{digest}", f"towns:login-wait:{digest}"


def _wait_after(failures: int) -> int:
    if failures < ACCOUNT_FAILURES_BEFORE_WAIT:
        return 0
    doublings = min(failures - ACCOUNT_FAILURES_BEFORE_WAIT, 16)
    return int(min(FIRST_WAIT_SECONDS * 2**doublings, MAX_WAIT_SECONDS))


def login_wait_seconds(email: str) -> int:
    """Seconds the account must wait before the next attempt (0: it may try now)."""
    _failures_key, wait_key = _keys(email)
    until = caches["default"].get(wait_key)
    return max(0, math.ceil(until - time.time())) if until else 0


def login_attempt_start(email: str) -> int:
    """Claim the next attempt for the account; returns the seconds to wait, 0 if claimed.

    While the account has a wait pending, nothing is claimed. Once it has failed often enough
    to be throttled, each attempt claims the window atomically (`cache.add`), so requests sent
    in parallel at the moment a wait ends still get one guess, not one each.
    """
    cache = caches["default"]
    failures_key, wait_key = _keys(email)
    wait = login_wait_seconds(email)
    if wait:
        return wait
    next_wait = _wait_after(int(cache.get(failures_key, 0)))
    if next_wait and not cache.add(wait_key, time.time() + next_wait, next_wait):
        return max(1, login_wait_seconds(email))
    return 0


def login_failed(email: str) -> None:
    """Count a wrong password for the account; from the limit on, start the next wait."""
    cache = caches["default"]
    failures_key, wait_key = _keys(email)
    cache.add(failures_key, 0, FAILURE_MEMORY_SECONDS)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired between add() and incr()
        cache.set(failures_key, 1, FAILURE_MEMORY_SECONDS)
        failures = 1
    cache.touch(failures_key, FAILURE_MEMORY_SECONDS)
    wait = _wait_after(failures)
    if wait:
        cache.set(wait_key, time.time() + wait, wait)


def login_succeeded(email: str) -> None:
    caches["default"].delete_many(list(_keys(email)))


def axes_username(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: axes records the normalised address, as the login matches it."""
    data = credentials or getattr(request, "POST", None) or {}
    return normalize_email(str(data.get("username") or ""))
