"""Pages for visitors are served from memory; nothing personal or stale leaks through."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import Client
from django.urls import reverse

from logbuch.core.caching import cache_for_visitors
from logbuch.towns.models import Role, Town
from logbuch.towns.tests.helpers import town_url

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _visitor_pages() -> int:
    pages: Any = caches["pages"]  # LocMemCache keeps its entries in `_cache`
    return sum(1 for key in pages._cache if "visitor-page" in key)


def test_visitor_page_is_served_from_memory(client, town, django_assert_max_num_queries):
    url = town_url("towns:home", town)
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache"  # browsers ask again: after login it is personal
    assert _visitor_pages() == 1
    Town.objects.filter(pk=town.pk).update(contact_name="Frau Neu")  # no signal: stays cached
    with django_assert_max_num_queries(1):  # the town's row (404 and access); no rendering
        again = Client().get(url)
    assert again.content == first.content
    assert "Frau Neu" not in again.text


def test_signed_in_people_always_see_the_current_page(client, client_for, town, make_member):
    url = town_url("towns:home", town)
    client.get(url)
    Town.objects.filter(pk=town.pk).update(contact_name="Frau Neu")
    member = client_for(make_member(town, Role.VOLUNTEER))
    response = member.get(url)
    assert "Frau Neu" in response.text
    assert "no-store" in response["Cache-Control"]


def test_visitor_pages_carry_no_csrf_token_and_set_no_cookie(client, town):
    for url in [reverse("home"), town_url("towns:home", town), town_url("towns:glossary", town)]:
        response = client.get(url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.text
        assert "X-CSRFToken" not in response.text
        assert settings.CSRF_COOKIE_NAME not in response.cookies
        assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_page_that_used_the_csrf_token_is_never_stored(rf):
    template = Template("<form>{% csrf_token %}</form>")

    @cache_for_visitors
    def page_with_form(request):
        return HttpResponse(template.render(RequestContext(request)))

    first, second = page_with_form(rf.get("/formular/")), page_with_form(rf.get("/formular/"))
    tokens = [CSRF_INPUT.search(r.text)[1] for r in (first, second)]  # type: ignore[index]
    assert tokens[0] != tokens[1]
    assert _visitor_pages() == 0


def test_page_that_changed_the_session_is_never_stored(rf):
    @cache_for_visitors
    def page(request):
        request.session["gesehen"] = True
        return HttpResponse("ok")

    request = rf.get("/seite/")
    request.session = SessionStore()
    page(request)
    assert _visitor_pages() == 0


def test_request_with_a_session_cookie_bypasses_the_cache(client, town):
    url = town_url("towns:home", town)
    client.cookies[settings.SESSION_COOKIE_NAME] = "irgendwas"
    client.get(url)
    assert _visitor_pages() == 0


def test_languages_are_cached_apart(town):
    url = town_url("towns:home", town)
    german = Client().get(url)
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = english_client.get(url)
    assert '<html lang="de"' in german.text
    assert '<html lang="en"' in english.text
    assert '<html lang="de"' in Client().get(url).text
    assert _visitor_pages() == 2


def test_towns_are_cached_apart(client, town, other_town):
    assert "Musterstadt" in client.get(town_url("towns:home", town)).text
    other = client.get(town_url("towns:home", other_town)).text
    assert "Beispieldorf" in other
    assert "Musterstadt</h1>" not in other


def test_no_cache_when_switched_off(client, town, settings):
    settings.VISITOR_PAGE_SECONDS = 0
    client.get(town_url("towns:home", town))
    assert _visitor_pages() == 0


# --- Layout fragments: cached under every input they read -----------------------------------


def test_navigation_follows_a_role_change(client_for, town, make_member):
    from logbuch.towns import services  # noqa: PLC0415

    person = make_member(town, Role.VOLUNTEER)
    client = client_for(person)
    people_link = town_url("towns:members", town)
    assert people_link not in client.get(town_url("towns:glossary", town)).text
    services.membership_grant(town=town, user=person, roles=[Role.COORDINATOR])
    assert people_link in client.get(town_url("towns:glossary", town)).text


def test_header_follows_a_renamed_town(client_for, town, make_member):
    client = client_for(make_member(town, Role.VOLUNTEER))
    client.get(town_url("towns:home", town))
    Town.objects.filter(pk=town.pk).update(name="Neustadt")
    page = client.get(town_url("towns:glossary", town)).text
    assert 'class="site-brand"' in page
    brand = page.split('class="site-brand"', 1)[1].split("</p>", 1)[0]
    assert "Neustadt" in brand


def test_town_switcher_is_never_shared_between_people(client_for, town, other_town, make_member):
    from logbuch.towns.tests.factories import MembershipFactory, TownFactory  # noqa: PLC0415

    third = TownFactory(name="Drittdorf", slug="drittdorf")
    anna = make_member(town, Role.VOLUNTEER)
    MembershipFactory(town=other_town, user=anna, role=Role.VOLUNTEER)
    bernd = make_member(town, Role.VOLUNTEER)
    MembershipFactory(town=third, user=bernd, role=Role.VOLUNTEER)
    anna_page = client_for(anna).get(town_url("towns:home", town)).text
    bernd_page = client_for(bernd).get(town_url("towns:home", town)).text
    assert 'value="beispieldorf"' in anna_page and 'value="drittdorf"' not in anna_page
    assert 'value="drittdorf"' in bernd_page and 'value="beispieldorf"' not in bernd_page


def test_signed_in_pages_keep_their_own_csrf_token(client_for, town, make_member):
    first = client_for(make_member(town, Role.VOLUNTEER)).get(town_url("towns:home", town))
    second = client_for(make_member(town, Role.VOLUNTEER)).get(town_url("towns:home", town))
    tokens = [CSRF_INPUT.search(r.text)[1] for r in (first, second)]  # type: ignore[index]
    assert tokens[0] != tokens[1]


def test_start_page_body_is_never_shared_between_people(client_for, town, make_member):
    url = town_url("towns:home", town)
    anna = client_for(make_member(town, Role.COORDINATOR, name="Anna Albers")).get(url).text
    bernd = client_for(make_member(town, Role.COORDINATOR, name="Bernd Bauer")).get(url).text
    assert "Willkommen, Anna" in anna and "Bernd" not in anna
    assert "Willkommen, Bernd" in bernd and "Anna" not in bernd


def test_start_page_body_follows_the_town_contact(client_for, town, make_member):
    client = client_for(make_member(town, Role.VOLUNTEER))
    url = town_url("towns:home", town)
    client.get(url)
    Town.objects.filter(pk=town.pk).update(contact_name="Frau Neu")
    assert "Frau Neu" in client.get(url).text


def test_client_key_uses_the_address_the_proxy_reports(rf, settings):
    """Behind nginx every request comes from the proxy; the client is in X-Forwarded-For."""
    from logbuch.core.caching import client_key  # noqa: PLC0415

    def via_proxy(client):
        return rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client)

    settings.NUM_PROXIES = 1
    assert client_key(via_proxy("192.0.2.1")) != client_key(via_proxy("192.0.2.2"))
    settings.NUM_PROXIES = 0
    assert client_key(via_proxy("192.0.2.1")) == client_key(via_proxy("192.0.2.2"))
