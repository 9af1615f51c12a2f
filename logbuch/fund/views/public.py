"""Pages for everyone: the fund's transparency page, open data, the Werkschau and photos."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from logbuch.core.exports import neutralise
from logbuch.towns.access import public
from logbuch.towns.http import TownRequest

from ..models import (
    Fund,
)
from ..selectors import public as public_selectors
from ..selectors.public import (
    OPEN_DATA_FIELDS,
    OPEN_DATA_PER_PAGE,
    fund_public_page,
    open_data,
)
from .shortcuts import PUBLIC_CACHE_SECONDS, cached_body, fund_of, page_number


@public
def fund_public(request: TownRequest, pk: int) -> HttpResponse:
    """The fund's public page. Its body is the same for everyone, so it is cached for
    PUBLIC_CACHE_SECONDS: figures may lag behind by up to a minute."""
    fund = fund_of(request, pk)
    number = page_number(request)

    def context() -> dict[str, Any]:
        summary = fund_public_page(fund=fund, page_number=number)
        return {
            "summary": summary,
            "page": summary.projects,
            "open_data_per_page": OPEN_DATA_PER_PAGE,
        }

    body = cached_body(
        request, f"fund-public:{fund.pk}:{number}", "fund/public/_fund_public_body.html", context
    )
    return render(request, "fund/public/fund_public.html", {"fund": fund, "body": body})


def _open_data(fund: Fund, number: int) -> dict[str, Any]:
    """One page of a fund's open data, cached like the public page (plain values only)."""
    key = f"fund-open-data:{fund.pk}:{number}"
    data: dict[str, Any] | None = cache.get(key)
    if data is None:
        data = open_data(fund=fund, page_number=number)
        cache.set(key, data, PUBLIC_CACHE_SECONDS)
    return data


def _page_links(request: TownRequest, data: dict[str, Any]) -> dict[str, str | None]:
    """Absolute addresses of the previous and next page (None at either end)."""
    number, pages = data["seite"], data["seiten"]

    def link(n: int) -> str:
        return request.build_absolute_uri(f"{request.path}?seite={n}")

    return {
        "vorherige": link(number - 1) if number > 1 else None,
        "naechste": link(number + 1) if number < pages else None,
    }


@public
def fund_open_data_json(request: TownRequest, pk: int) -> HttpResponse:
    """Totals, votes and one page of projects (`?seite=`, OPEN_DATA_PER_PAGE each) with the
    addresses of the neighbouring pages, so a consumer follows `naechste` to the end."""
    data = _open_data(fund_of(request, pk), page_number(request))
    response = HttpResponse(
        json.dumps({**data, **_page_links(request, data)}, ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public
def fund_open_data_csv(request: TownRequest, pk: int) -> HttpResponse:
    """One page of projects as a table (`?seite=`); the neighbouring pages are named in the
    `Link` header (rel="next"/"prev", RFC 8288)."""
    fund = fund_of(request, pk)
    data = _open_data(fund, page_number(request))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(OPEN_DATA_FIELDS)
    for row in data["projekte"]:
        writer.writerow([neutralise(row[key]) for key in OPEN_DATA_FIELDS])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    links = _page_links(request, data)
    relations = (("prev", links["vorherige"]), ("next", links["naechste"]))
    if header := ", ".join(f'<{href}>; rel="{rel}"' for rel, href in relations if href):
        response["Link"] = header
    suffix = f"-seite-{data['seite']}" if data["seiten"] > 1 else ""
    response["Content-Disposition"] = (
        f'attachment; filename="fonds-{fund.pk}-{fund.year}{suffix}.csv"'
    )
    return response


@public
def showcase(request: TownRequest) -> HttpResponse:
    town = request.town
    number = page_number(request)

    def context() -> dict[str, Any]:
        return {"page": Paginator(public_selectors.showcase(town=town), 24).get_page(number)}

    body = cached_body(
        request, f"fund-showcase:{town.pk}:{number}", "fund/public/_showcase_body.html", context
    )
    return render(request, "fund/public/showcase.html", {"body": body})


@public
def public_photo(request: TownRequest, pk: int) -> FileResponse:
    attachment = public_selectors.public_photo(town=request.town, attachment_id=pk)
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
