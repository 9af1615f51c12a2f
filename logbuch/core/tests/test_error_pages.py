"""German error pages with a way back, for 400, 403 and 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from config.urls import urlpatterns as project_patterns
from logbuch.towns.models import Role

pytestmark = pytest.mark.django_db


def _suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("manipulated input")


urlpatterns = [path("kaputt/", _suspicious), *project_patterns]
handler400 = "logbuch.core.views.bad_request"


def test_missing_role_shows_the_german_403_page(client_for, town, make_member):
    client = client_for(make_member(town, Role.VOLUNTEER))
    response = client.get(reverse("towns:members", kwargs={"town_slug": town.slug}))
    assert response.status_code == 403
    assert "Kein Zugang" in response.text
    assert f'href="{reverse("home")}"' in response.text
    assert "errors/403.html" in [t.name for t in response.templates]


def test_other_town_shows_the_german_403_page(client_for, town, other_town, make_member):
    client = client_for(make_member(town, Role.COORDINATOR))
    response = client.get(reverse("towns:members", kwargs={"town_slug": other_town.slug}))
    assert response.status_code == 403
    assert "Für diese Seite fehlt Ihnen die Berechtigung" in response.text


def test_unknown_page_shows_the_german_404_page(client, town):
    response = client.get(f"/{town.slug}/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text


def test_bad_request_shows_the_german_400_page(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/kaputt/")
    assert response.status_code == 400
    assert "Diese Anfrage können wir nicht bearbeiten" in response.text


def test_project_declares_all_error_handlers():
    import config.urls  # noqa: PLC0415

    assert config.urls.handler400 == "logbuch.core.views.bad_request"
    assert config.urls.handler403 == "logbuch.core.views.permission_denied"
    assert config.urls.handler404 == "logbuch.core.views.page_not_found"
    assert config.urls.handler500 == "logbuch.core.views.server_error"
