"""Every page, every role, 320 px and 1280 px: a crawl instead of a few hand-picked flows.

The demo towns (`manage.py demo`) are loaded once. For each demo role (and a visitor without a
login) the crawl starts on Musterstadt's start page and follows same-origin links up to three
clicks deep, one page per URL pattern (the first measure stands for all measures), at most
`PAGES_PER_ROLE` pages. Forms are never sent; downloads (PDF, CSV, JSON, photos), logout, the
language switch and the installation admin are skipped.

On every page, at 1280 px and again at 320 px:

- axe-core (WCAG 2.1 A/AA) finds nothing serious or critical, and no repeated landmark name;
- nothing scrolls sideways: the document is no wider than the viewport and no element sticks
  out of it, unless it sits inside its own scroll container;
- no English UI word shows on a German page (visible text, placeholder, button value, label);
- the page answers 200 and reports no CSP violation, JavaScript error or missing static file;
- page titles differ between URL patterns;
- no id appears twice, every input, select and textarea carries its KERN class, and no date or
  time field is drawn by the browser (mm/dd/yyyy, AM/PM).

Each view is saved as a screenshot and `test-artifacts/index.html` shows them side by side,
grouped by role and width, each with what was found. The test fails once at the end with every
finding, counted by kind. It runs on SQLite only (the layout does not depend on the database,
and `make test` always runs SQLite), which keeps the suite's time budget.
"""

from __future__ import annotations

import html
import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from e2e.browser import ARTIFACTS, DESKTOP, SMALLEST, axe_violations, login, problems_of, watch
from logbuch.logbook.tests.factories import ensure_catalogue

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the crawl runs once per `make test`, on SQLite",
    ),
]

DEMO_PASSWORD = "logbuch-demo"  # the published demo password
START = "/musterstadt/"
MAX_DEPTH = 3
PAGES_PER_ROLE = 30
WIDTHS: tuple[ViewportSize, ...] = (DESKTOP, {"width": SMALLEST["width"], "height": 700})

# (slug for file names, German label, login email or None for a visitor)
ROLES = [
    ("koordination", "Koordinierungsstelle", "koordination@musterstadt.example"),
    (
        "ortsverwaltung",
        "Ortsverwaltung (Admin und hauptberuflich)",
        "ortsverwaltung@musterstadt.example",
    ),
    ("hauptberuflich", "Hauptberufliche", "sabine.hofmann@musterstadt.example"),
    ("ehrenamtlich", "Ehrenamtliche (in zwei Orten)", "lena.fischer@musterstadt.example"),
    ("stadtrat", "Stadtrat", "karin.neumann@musterstadt.example"),
    ("buergerin", "Bürgerin", "ingrid.fuchs@musterstadt.example"),
    ("besuch", "Besuch ohne Anmeldung", None),
]

# Views that download a file, change state on GET or leave the site's HTML.
SKIPPED_VIEWS = {
    "accounts:logout",
    "accounts:data_export",
    "set_language",
    "switch_town",
    "towns:logo",
    "fund:attachment_download",
    "fund:open_data_json",
    "fund:open_data_csv",
    "fund:public_photo",
    "fund:year_report_pdf",
    "logbook:round_export_csv",
    "logbook:round_report_pdf",
}
SKIPPED_SUFFIXES = (".pdf", ".csv", ".json", ".ics", ".png", ".jpg", ".zip")

# Tell-tale English UI words on a German page (Django/browser defaults left untranslated).
ENGLISH_WORDS = [
    "Select an option",
    "Choose File",
    "No file chosen",
    "Submit",
    "Save",
    "Cancel",
    "Next",
    "Previous",
    "Delete",
    "Search",
    "Required",
    "This field",
]
# At 320 px only the rules whose outcome depends on the layout run again (the DOM and the colours
# are the same as at 1280 px); this halves the crawl's time.
AXE_RULES_BY_WIDTH = ["scrollable-region-focusable", "landmark-unique", "target-size"]
# axe rules below "serious" that the crawl enforces too (screen-reader navigation).
EXTRA_AXE_RULES = {"landmark-unique"}

PAGE_CHECKS_JS = (Path(__file__).parent / "crawl_checks.js").read_text(encoding="utf-8")


@dataclass
class Shot:
    width: int
    file: str
    problems: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail)


@dataclass
class Visit:
    role: str
    origin: str
    url: str
    view: str
    depth: int
    stem: str  # screenshot file name without width and suffix
    title: str = ""
    status: int = 0
    redirected_to: str = ""
    checked_by: str = ""  # the role whose visit of this view showed the same main content
    shots: list[Shot] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # width-independent ones

    def all_problems(self) -> Iterator[tuple[str, str, str]]:
        for kind, detail in self.problems:
            yield kind, "", detail
        for shot in self.shots:
            for kind, detail in shot.problems:
                yield kind, f"{shot.width} px", detail


def view_name(url: str) -> str | None:
    """The URL pattern's name (`logbook:measure_detail`), or None when the link is skipped."""
    parts = urlsplit(url)
    if parts.path.endswith(SKIPPED_SUFFIXES) or parts.path.startswith("/admin/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return "404"
    name = match.view_name
    return None if name in SKIPPED_VIEWS else name


def same_origin_links(page: Page, origin: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.href)"
    )
    links = []
    for href in hrefs:
        url = href.split("#", 1)[0]
        if url.startswith(origin + "/") and url not in links:
            links.append(url)
    return links


def check_view(page: Page, stem: str, width: int) -> Shot:
    shot = Shot(width=width, file=f"crawl/{stem}-{width}.jpg")
    found = page.evaluate(PAGE_CHECKS_JS, [ENGLISH_WORDS, width == DESKTOP["width"]])
    if found["scroll"]:
        shot.problems.append(("seitwärts scrollen", found["scroll"]))
    shot.problems += [("zu breit", w) for w in found["wide"]]
    shot.problems += [("Englisch", e) for e in found["english"]]
    shot.problems += [("Scrollbereich", r) for r in found["regions"]]
    shot.problems += [(k.split(":", 1)[0], k.split(":", 1)[1].strip()) for k in found["kern"]]
    for v in axe_violations(page, None if width == DESKTOP["width"] else AXE_RULES_BY_WIDTH):
        if v["impact"] in {"serious", "critical"} or v["id"] in EXTRA_AXE_RULES:
            targets = "; ".join(v["nodes"][:3])
            shot.problems.append((f"axe {v['id']}", f"[{v['impact']}] {v['help']}: {targets}"))
    page.screenshot(path=str(ARTIFACTS / shot.file), full_page=True, type="jpeg", quality=60)
    return shot


MAIN_CONTENT_JS = """() => (document.querySelector('main') || document.body).innerHTML
    .replace(/name="csrfmiddlewaretoken" value="[^"]*"/g, '')"""


def open_and_check(
    page: Page, visit: Visit, seen_views: set[str], checked: dict[tuple[str, int], str]
) -> bool:
    """Loads the visit's page and checks it at every width; True when its links are followed.

    `checked` maps (view, hash of <main>) to the role that checked it first, so a page another
    role saw with the same content (legal pages, the glossary, public fund pages) is not checked
    again: its header and footer are checked on the role's other pages.
    """
    problems_of(page).clear()
    page.set_viewport_size(DESKTOP)
    response = page.goto(visit.origin + visit.url)
    visit.status = response.status if response else 0
    if visit.status != 200:
        visit.problems.append(("HTTP", f"{visit.status} für einen Link der Navigation"))
    if "text/html" not in ((response.headers.get("content-type") if response else "") or ""):
        return False
    final = view_name(page.url)
    if final != visit.view:  # a redirect (to the login page, say): check where it led, once
        visit.redirected_to = final or page.url
        if final is None or final in seen_views:
            return False
        seen_views.add(final)
        visit.view = final
    visit.title = page.title()
    visit.checked_by = checked.setdefault(
        (visit.view, hash(page.evaluate(MAIN_CONTENT_JS))), visit.role
    )
    if visit.checked_by == visit.role:
        for width in WIDTHS:
            page.set_viewport_size(width)
            visit.shots.append(check_view(page, visit.stem, width["width"]))
    report = problems_of(page).report()
    if report:
        visit.problems.append(("Browser", report))
    return True


def crawl_role(
    context: BrowserContext,
    role: str,
    email: str | None,
    origin: str,
    checked: dict[tuple[str, int], str],
) -> list[Visit]:
    """Breadth first from the start page, one page per URL pattern, `MAX_DEPTH` clicks deep."""
    page = context.new_page()
    watch(page)
    if email:
        login(page, email, DEMO_PASSWORD)
    queue: list[tuple[str, int]] = [(origin + START, 0)]
    if email is None:
        queue.insert(0, (origin + "/", 0))
    seen_views: set[str] = set()
    visits: list[Visit] = []
    while queue and len(visits) < PAGES_PER_ROLE:
        url, depth = queue.pop(0)
        name = view_name(url)
        if name is None or name in seen_views:
            continue
        seen_views.add(name)
        visit = Visit(
            role=role,
            origin=origin,
            url=url.removeprefix(origin),
            view=name,
            depth=depth,
            stem=f"{role}-{len(visits):02d}",
        )
        visits.append(visit)
        if open_and_check(page, visit, seen_views, checked) and depth < MAX_DEPTH:
            queue += [(link, depth + 1) for link in same_origin_links(page, origin)]
    page.close()
    flag_duplicate_titles(visits)
    return visits


def flag_duplicate_titles(visits: list[Visit]) -> None:
    """Two URL patterns with one <title> cannot be told apart in tabs, history and bookmarks."""
    titles: dict[str, list[str]] = {}
    for visit in visits:
        if visit.title:
            titles.setdefault(visit.title, []).append(visit.view)
    for visit in visits:
        others = [v for v in titles.get(visit.title, []) if v != visit.view]
        if others:
            visit.problems.append(
                ("Titel doppelt", f"„{visit.title}“ auch bei {', '.join(others)}")
            )


def write_gallery(visits: list[Visit], seconds: float) -> Path:
    counts = Counter(kind.split(" ")[0] for v in visits for kind, _w, _d in v.all_problems())
    rows: list[str] = []
    for slug, label, email in ROLES:
        mine = [v for v in visits if v.role == slug]
        rows.append(
            f'<h2 id="{slug}">{html.escape(label)} ({html.escape(email or "ohne Anmeldung")}), '
            f"{len(mine)} Seiten</h2>"
        )
        rows.append("<table><tr><th>Seite</th><th>1280 px</th><th>320 px</th></tr>")
        for v in mine:
            problems = "".join(
                f"<li><b>{html.escape(k)}</b> {html.escape(w)}: {html.escape(d)}</li>"
                for k, w, d in v.all_problems()
            )
            same = ""
            if v.redirected_to:
                same += f"<p>weitergeleitet nach {html.escape(v.redirected_to)}</p>"
            if v.checked_by and v.checked_by != v.role:
                same += f"<p>gleicher Inhalt, geprüft bei {html.escape(v.checked_by)}</p>"
            cells = "".join(
                f'<td><a href="{s.file}"><img src="{s.file}" loading="lazy" '
                f'alt="{html.escape(v.title)}, {s.width} px" width="{min(s.width, 640) // 2}">'
                "</a></td>"
                for s in v.shots
            )
            rows.append(
                f"<tr><td><a href='#{slug}'>{html.escape(v.title)}</a><br><code>"
                f"{html.escape(v.url)}</code><br>{html.escape(v.view)}, {v.depth} Klick(s), "
                f"HTTP {v.status}<ul class='{'bad' if problems else 'ok'}'>"
                f"{problems or '<li>ohne Befund</li>'}</ul>{same}</td>{cells}</tr>"
            )
        rows.append("</table>")
    toc = "".join(f'<li><a href="#{s}">{html.escape(lbl)}</a></li>' for s, lbl, _e in ROLES)
    summary = ", ".join(f"{k}: {n}" for k, n in counts.most_common()) or "keine Befunde"
    page = f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Logbuch – alle Seiten, alle Rollen</title><style>
body {{ font-family: sans-serif; margin: 1rem; }} table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: .5rem; vertical-align: top; text-align: left; }}
td:first-child {{ max-width: 26rem; }} img {{ border: 1px solid #999; }}
.bad {{ color: #a4000e; }} .ok {{ color: #007155; }} li {{ word-break: break-word; }}
</style></head><body><h1>Alle Seiten, alle Rollen, 1280 px und 320 px</h1>
<p>{len(visits)} Seiten in {seconds:.0f} s. Befunde: {html.escape(summary)}</p>
<nav><ul>{toc}</ul></nav>
{"".join(rows)}</body></html>"""
    index = ARTIFACTS / "index.html"
    index.write_text(page, encoding="utf-8")
    (ARTIFACTS / "crawl" / "summary.json").write_text(
        json.dumps(
            {
                "pages": len(visits),
                "seconds": round(seconds),
                "findings": dict(counts),
                "pages_with_findings": sum(1 for v in visits if any(v.all_problems())),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return index


@pytest.fixture
def demo_towns() -> None:
    ensure_catalogue()
    call_command("demo", "--trotzdem", stdout=StringIO())


def test_every_page_of_every_role_is_clean_at_320_and_1280_px(
    browser: Browser, live_server: Any, demo_towns: None
) -> None:
    started = time.monotonic()
    shots_dir = ARTIFACTS / "crawl"
    shots_dir.mkdir(parents=True, exist_ok=True)
    for old in shots_dir.glob("*.jpg"):
        old.unlink()
    visits: list[Visit] = []
    checked: dict[tuple[str, int], str] = {}
    for slug, _label, email in ROLES:
        context = browser.new_context(
            viewport=DESKTOP,
            locale="de-DE",
            timezone_id="Europe/Berlin",
            base_url=live_server.url,
        )
        context.set_default_timeout(15_000)
        try:
            visits += crawl_role(context, slug, email, live_server.url, checked)
        finally:
            context.close()
    index = write_gallery(visits, time.monotonic() - started)
    findings = [f"{v.role} {v.url} {w}: {k}: {d}" for v in visits for k, w, d in v.all_problems()]
    counts = Counter(k for v in visits for k, _w, _d in v.all_problems())
    assert not findings, (
        f"{len(findings)} Befunde auf {len({(v.role, v.url) for v in visits})} Seiten "
        f"({dict(counts)}), Galerie: {index}\n" + "\n".join(findings[:200])
    )
