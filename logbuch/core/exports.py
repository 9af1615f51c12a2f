"""Export helpers shared by the apps: spreadsheet-safe cells and PDF rendering without network."""

from __future__ import annotations

import functools
import io
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # WeasyPrint depends on it
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell starting like a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _static_file(relative: str) -> Path | None:
    """A static file on disk: collected (hashed names in production) or found in the apps."""
    try:
        if staticfiles_storage.exists(relative):
            return Path(staticfiles_storage.path(relative))
    except (NotImplementedError, SuspiciousFileOperation, ValueError):
        pass
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    return Path(found) if isinstance(found, str) else None


@functools.lru_cache(maxsize=8)
def _font_as_ttf(path: str) -> bytes:
    """A WOFF2 web font decompressed once per process (Brotli decoding costs ~0.2 s a font)."""
    font = TTFont(path)
    font.flavor = None
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _local_fetcher(base_url: str) -> Any:
    """A WeasyPrint URL fetcher that serves static files from disk and fetches nothing else."""
    origin = urlsplit(base_url)
    static_prefix = str(settings.STATIC_URL)

    class LocalStaticFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or not (
                parts.path.startswith(static_prefix)
            ):
                raise ValueError(f"refusing to fetch {url}")
            relative = unquote(parts.path.removeprefix(static_prefix))
            path = _static_file(relative)
            if path is None or not path.is_file():
                raise ValueError(f"no static file {relative}")
            if path.suffix == ".woff2":
                return URLFetcherResponse(
                    url, _font_as_ttf(str(path)), {"Content-Type": "font/ttf"}
                )
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return LocalStaticFetcher()


def render_pdf(html: str, *, base_url: str, stylesheets: Sequence[str] = ()) -> bytes:
    """Render HTML to a tagged PDF; only local static files are loaded (no network access)."""
    fetcher = _local_fetcher(base_url)
    fonts = FontConfiguration()  # @font-face rules only apply with a shared configuration
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    css = [
        CSS(string=s, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
        for s in stylesheets
    ]
    # Tagged (headings, tables, reading order) so screen readers can use the reports (BITV).
    result: bytes = document.write_pdf(stylesheets=css, font_config=fonts, pdf_tags=True)
    return result
