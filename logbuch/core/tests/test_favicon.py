"""The site has an icon: browsers asking for /favicon.ico find it (no 404 in every log)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from logbuch.core.tests.html import squash

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("core/favicon.svg")
    assert finders.find("core/favicon.svg")


def test_pages_link_the_icon(client, town):
    for url in ("/", f"/{town.slug}/"):
        assert f'<link rel="icon" href="{static("core/favicon.svg")}"' in squash(
            client.get(url).text
        )
