"""Browser fixtures shared by every e2e test: Debian's chromium, a live server, watched pages.

A test module::

    import pytest
    from e2e.browser import axe_check, login, screenshot

    pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

    def test_coordinator_sees_the_board(page, live_url, coordinator):
        login(page, coordinator.email)
        page.goto(live_url("towns:home", town_slug="musterstadt"))
        axe_check(page, "dashboard")
        screenshot(page, "dashboard")

`page` is 1280x900, `mobile_page` 360x740, `make_page(width=320, height=640)` any size (each
in its own browser context, so two people can act side by side). Relative URLs work
(`page.goto("/")`). Every page is watched: a Content Security Policy violation, an uncaught
JavaScript error or a failed static file (4xx/5xx under /static/) fails the test, so every
app's pages stay CSP clean.

The people and places the journeys share: `musterstadt` (12,000 inhabitants) and its
`coordinator` Katrin Vogel; `catalogue` (take it with `pytest.mark.usefixtures("catalogue")`)
for the Stellschrauben-Check. From the project's conftest: `town` (Musterstadt with the
factory's defaults) and `make_member(town, Role.STAFF, name="…")`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

# Playwright's sync API runs an event loop in the test thread; Django would then refuse ORM
# calls there (SynchronousOnlyOperation). The test thread never runs async code itself.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from logbuch.logbook.tests.factories import ensure_catalogue
from logbuch.towns.models import Role, Town, User
from logbuch.towns.tests.factories import TownFactory

from .browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    MOBILE,
    assert_page_clean,
    watch,
)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Everything under e2e/ is a browser test: `-m "not e2e"` deselects them all."""
    e2e_dir = Path(__file__).parent
    for item in items:
        if Path(str(item.path)).is_relative_to(e2e_dir):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} fehlt: `make test` installiert Debians chromium "
            "(oder: apt-get install chromium)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server: Any) -> Callable[..., str]:
    """live_url("towns:home", town_slug="x") or live_url("/path/") -> absolute URL."""

    def make(name_or_path: str, *args: Any, **kwargs: Any) -> str:
        path = (
            name_or_path
            if name_or_path.startswith("/")
            else reverse(name_or_path, args=args or None, kwargs=kwargs or None)
        )
        return f"{live_server.url}{path}"

    return make


@pytest.fixture
def make_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """make_page(width=360, height=740) -> a watched page in its own browser context."""
    contexts: list[BrowserContext] = []
    pages: list[Page] = []

    def make(width: int = DESKTOP["width"], height: int = DESKTOP["height"]) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="de-DE",
            timezone_id="Europe/Berlin",
            base_url=live_server.url,
            accept_downloads=True,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch(page)
        pages.append(page)
        return page

    yield make
    try:
        for page in pages:
            assert_page_clean(page)
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(make_page: Callable[..., Page]) -> Page:
    """A desktop page, 1280x900."""
    return make_page()


@pytest.fixture
def mobile_page(make_page: Callable[..., Page]) -> Page:
    """A phone page, 360x740."""
    return make_page(**MOBILE)


@pytest.fixture
def musterstadt(db: None) -> Town:
    """Musterstadt with 12,000 inhabitants, where most journeys play."""
    return TownFactory(name="Musterstadt", slug="musterstadt", population=12000)


@pytest.fixture
def coordinator(musterstadt: Town, make_member: Callable[..., User]) -> User:
    """Katrin Vogel, coordinator of Musterstadt (signs in as koordination@musterstadt.example)."""
    return make_member(
        musterstadt, Role.COORDINATOR, name="Katrin Vogel", email="koordination@musterstadt.example"
    )


@pytest.fixture
def catalogue(db: None) -> None:
    """The Stellschrauben catalogue: each `transaction=True` test starts from a flushed database."""
    ensure_catalogue()
