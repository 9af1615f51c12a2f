"""Two app servers on different ports share sessions, messages and the cache.

Via PostgreSQL, and via Redis when REDIS_URL is set (as in production).

So a town can grow to several app nodes behind a load balancer without sticky sessions.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.postgres

BASE_DIR = Path(settings.BASE_DIR)
DB_NAME = "h_stateless"
EMAIL, PASSWORD = "zwei-server@example.org", "geheim-passwort-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def stateless_env() -> dict[str, str]:
    """A migrated database of its own (kept between runs: migrating anew costs ~15 s)."""
    params = connection.get_connection_params()
    for key in ("dbname", "cursor_factory"):
        params.pop(key, None)
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{DB_NAME}"')
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "logbuch.core.tests.stateless_settings",
        "DATABASE_URL": f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{DB_NAME}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        # Keys of their own in a shared Redis (REDIS_URL): never another run's or test's.
        "CACHE_KEY_PREFIX": f"test-stateless:{secrets.token_hex(6)}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    prepare = (
        "from logbuch.towns.models import Session;"
        "from django.core.management import call_command;"
        "from logbuch.towns.models import User;"
        "call_command('migrate', interactive=False, verbosity=0);"
        "call_command('createcachetable');"
        "Session.objects.all().delete();"
        f"u, _ = User.objects.get_or_create(email={EMAIL!r}, defaults={{'name': 'Zwei Server'}});"
        f"u.set_password({PASSWORD!r}); u.save()"
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", prepare],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )
    return env


def _start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen(  # noqa: S603
        [gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{port}", "config.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_until_up(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode() if proc.stderr else "gunicorn died")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn on port {port} did not start")


def test_two_app_servers_share_sessions_messages_and_cache(stateless_env):
    port_a, port_b = _free_port(), _free_port()
    servers = [_start(stateless_env, port_a), _start(stateless_env, port_b)]
    try:
        for port, proc in zip((port_a, port_b), servers, strict=True):
            _wait_until_up(port, proc)
        jar = http.cookiejar.CookieJar()  # cookies are per host, not per port: like a balancer
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())

        def get(port: int, path: str) -> tuple[int, str]:
            try:
                with opener.open(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
                    return r.status, r.read().decode()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read().decode()

        status, login_page = get(port_a, "/konto/anmelden/")
        assert status == 200
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
        assert found is not None
        token = found[1]
        data = urllib.parse.urlencode(
            {"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        try:
            opener.open(f"http://127.0.0.1:{port_a}/konto/anmelden/", data, timeout=60)
            raise AssertionError("login did not redirect")
        except urllib.error.HTTPError as exc:
            assert exc.code == 302, exc.read().decode()

        # Signed in on server A, recognised by server B.
        status, profile = get(port_b, "/konto/")
        assert status == 200
        assert "Zwei Server" in profile or EMAIL in profile

        # A flash message stored by A is shown (once) by B.
        assert get(port_a, "/__probe__/message/?text=Gespeichert+auf+A")[0] == 200
        assert "Gespeichert auf A" in get(port_b, "/konto/")[1]
        assert "Gespeichert auf A" not in get(port_a, "/konto/")[1]

        # The cache written through A is read through B.
        value = secrets.token_hex(8)
        assert get(port_a, f"/__probe__/cache/?set={value}")[1] == value
        assert get(port_b, "/__probe__/cache/")[1] == value

        # Signing out on B ends the session on A as well (cached sessions are shared).
        status, profile = get(port_b, "/konto/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', profile)
        assert found is not None
        token = found[1]
        try:
            opener.open(
                f"http://127.0.0.1:{port_b}/konto/abmelden/",
                urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
                timeout=60,
            )
            raise AssertionError("logout did not redirect")
        except urllib.error.HTTPError as exc:
            assert exc.code == 302, exc.read().decode()
        assert get(port_a, "/konto/")[0] == 302
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
