"""Security headers and production settings.

`check --deploy` says nothing when the Content-Security-Policy is missing, so these tests are
the guard for it.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from logbuch.towns.models import Role

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def _public_urls(town):
    return [
        reverse("home"),
        reverse("accessibility"),
        reverse("towns:home", kwargs={"town_slug": town.slug}),
        reverse("towns:privacy", kwargs={"town_slug": town.slug}),
        reverse("accounts:login"),
    ]


def test_every_page_sends_a_csp_without_unsafe_inline(client, town):
    for url in [*_public_urls(town), "/gibt-es-nicht/"]:
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        assert csp, f"{url}: no Content-Security-Policy header"
        assert "unsafe-inline" not in csp, f"{url}: {csp}"
        assert "unsafe-eval" not in csp, f"{url}: {csp}"
        assert "script-src 'self'" in csp, f"{url}: {csp}"
        assert "style-src 'self'" in csp, f"{url}: {csp}"
        assert "frame-ancestors 'none'" in csp, f"{url}: {csp}"


def test_pages_forbid_framing_and_sniffing(client, town):
    response = client.get(reverse("home"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_never_stored(client_for, town, make_member):
    user = make_member(town, Role.COORDINATOR)
    client = client_for(user)
    for url in [
        *_public_urls(town)[:-1],
        reverse("towns:members", kwargs={"town_slug": town.slug}),
        reverse("accounts:profile"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url


def test_anonymous_public_pages_may_be_cached(client, town):
    # The login page is excluded: Django's LoginView is never cached, on purpose.
    for url in _public_urls(town)[:-1]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.headers.get("Cache-Control", ""), url
        assert "Cookie" in response.headers.get("Vary", ""), url


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "ALLOWED_HOSTS": "logbuch.example.org",
        "EMAIL_URL": "smtp+tls://logbuch:geheim@mail.example.org:587",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment
    # never has it (check --deploy rightly fails on it).
    for name in (
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_strict():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "sqlite:///:memory:",
        "EMAIL_URL": "smtp+tls://logbuch:geheim@mail.example.org:587",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY,"
        " s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE)"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", *["True"] * 7, "Lax"]


def test_every_page_a_member_opens_is_never_stored(client_for, town, make_member):
    """Walks every town URL without object ids, so pages added later are covered too."""
    from logbuch.core.tests.urlsweep import walk  # noqa: PLC0415

    client = client_for(make_member(town, *Role))
    checked, stored = 0, []
    for endpoint in walk():
        if not endpoint.is_town or endpoint.object_kwargs:
            continue
        url = endpoint.url({"town_slug": town.slug})
        response = client.get(url)
        if response.status_code != 200:
            continue
        checked += 1
        if "no-store" not in response.headers.get("Cache-Control", ""):
            stored.append(url)
    assert checked >= 5
    assert not stored, f"Signed-in pages without Cache-Control: no-store: {stored}"


def test_no_server_version_is_sent_and_the_proxy_drops_gunicorns_header(client):
    """gunicorn answers `Server: gunicorn`; the documented nginx setup must hide it."""
    assert "Server" not in client.get(reverse("home")).headers
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    nginx = readme.split("```nginx", 1)[1].split("```", 1)[0]
    assert "server_tokens off;" in nginx
    assert "proxy_hide_header Server;" in nginx
    security = (BASE_DIR / "docs" / "security.md").read_text(encoding="utf-8")
    assert "proxy_hide_header Server" in security
