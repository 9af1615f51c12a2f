"""Helpers for browser tests: log in, axe-core check, screenshots, page hygiene.

Import them in a test (`from e2e.browser import axe_check, login, screenshot`); the fixtures
that open pages live in e2e/conftest.py.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("LOGBUCH_CHROMIUM", "/usr/bin/chromium")
AXE_JS = ROOT / "static_vendor" / "axe" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
MOBILE: ViewportSize = {"width": 360, "height": 740}
SMALLEST: ViewportSize = {"width": 320, "height": 640}
PASSWORD = "geheim-passwort-1"  # the password UserFactory gives everyone
# The desk's public forms refuse what is sent faster than a person types (MIN_FILL_SECONDS = 3).
HUMAN_PAUSE_MS = 3200


@dataclass
class PageProblems:
    """What went wrong in the browser while a page was open."""

    csp: list[str] = field(default_factory=list)
    js_errors: list[str] = field(default_factory=list)
    static_failures: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"CSP: {m}" for m in self.csp]
        lines += [f"JavaScript: {m}" for m in self.js_errors]
        lines += [f"static file: {m}" for m in self.static_failures]
        return "\n".join(lines)

    def clear(self) -> None:
        self.csp.clear()
        self.js_errors.clear()
        self.static_failures.clear()


def watch(page: Page) -> PageProblems:
    """Records CSP violations (console), uncaught JS errors and failed static files of a page."""
    problems = PageProblems()

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            problems.csp.append(f"{page.url}: {message.text}")

    def on_response(response: Any) -> None:
        if "/static/" in response.url and response.status >= 400:
            problems.static_failures.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.js_errors.append(f"{page.url}: {error}"))
    page.on("response", on_response)
    _WATCHED[page] = problems
    return problems


# What `watch` records, per page (a page is forgotten with its last reference).
_WATCHED: weakref.WeakKeyDictionary[Page, PageProblems] = weakref.WeakKeyDictionary()


def problems_of(page: Page) -> PageProblems:
    return _WATCHED[page]


def assert_page_clean(page: Page) -> None:
    """Fails when the page reported a CSP violation, a JS error or a missing static file."""
    report = problems_of(page).report()
    assert not report, f"browser problems on {page.url}:\n{report}"


def login(page: Page, email: str | None, password: str = PASSWORD) -> None:
    """Logs in through the real form (so axes, CSRF and the session cookie are exercised).

    `email` is a user's `email`, which may be None: such a user cannot log in, and the test fails.
    """
    assert email, "a user without an e-mail address cannot log in"
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail", exact=True).fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.locator("main form").get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    assert "/konto/anmelden/" not in page.url, f"login failed for {email}: {page.url}"


_axe_source: list[str] = []


def axe_violations(page: Page, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """Runs axe-core (WCAG 2.0/2.1 A and AA, or only `rules`) on the current page and returns
    every violation.

    axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so the
    page keeps its real CSP (an injected inline <script> tag would be refused by it).
    """
    if not _axe_source:
        if not AXE_JS.exists():
            pytest.fail(f"{AXE_JS} fehlt: `make assets` kopiert axe-core aus node_modules.")
        _axe_source.append(AXE_JS.read_text(encoding="utf-8"))
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {_axe_source[0]}\n; return true; }}")
    violations: list[dict[str, Any]] = page.evaluate(
        """async ([tags, rules]) => {
            const runOnly = rules ? {type: 'rule', values: rules} : {type: 'tag', values: tags};
            const r = await window.axe.run(document, {runOnly});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)
            }));
        }""",
        [AXE_TAGS, rules],
    )
    return violations


def axe_check(page: Page, name: str) -> None:
    """Fails on axe findings of impact serious or critical (see `axe_violations`).

    Also asserts the page is clean (no CSP violation, JS error or missing static file so far).
    """
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        details = "\n".join(
            f"- [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
            for v in blocking
        )
        pytest.fail(
            f"axe: {len(blocking)} serious/critical violation(s) on {name} ({page.url}):\n{details}"
        )
    assert_page_clean(page)


def screenshot(page: Page, name: str) -> Path:
    """Saves a full-page PNG as test-artifacts/<name>.png and returns its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def has_horizontal_scroll(page: Page) -> bool:
    """True when the document is wider than the viewport (content cut off on a phone)."""
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
    )


def html_lang(page: Page) -> str:
    return str(page.locator("html").get_attribute("lang"))
