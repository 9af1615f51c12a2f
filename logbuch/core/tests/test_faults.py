"""A database outage answers a plain German 503 page and the site recovers by itself."""

from __future__ import annotations

import logging
import socket
from io import BytesIO
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.db.backends.signals import connection_created
from django.test import Client
from django.urls import reverse

from logbuch.towns.models import Role

GERMAN = "Logbuch ist gerade nicht erreichbar"


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as if the database server were gone."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    def down():
        monkeypatch.setattr(connection, "ensure_connection", refuse)

    def up():
        monkeypatch.undo()

    return down, up


def _assert_plain_503(response):
    assert response.status_code == 503
    assert GERMAN in response.text
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_town_list_answers_503_while_the_database_is_down(database_down, town):
    down, up = database_down
    client = Client(raise_request_exception=False)
    down()
    _assert_plain_503(client.get(reverse("home")))
    up()
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Musterstadt" in response.text


@pytest.mark.django_db
def test_town_middleware_lookup_also_ends_in_503(database_down, town):
    """TownMiddleware queries the town in process_view, before any view runs."""
    down, up = database_down
    client = Client(raise_request_exception=False)
    down()
    _assert_plain_503(client.get(reverse("towns:home", kwargs={"town_slug": town.slug})))
    up()
    assert client.get(reverse("towns:home", kwargs={"town_slug": town.slug})).status_code == 200


@pytest.mark.django_db
def test_signed_in_person_gets_503_too(database_down, town, make_member):
    down, up = database_down
    client = Client(raise_request_exception=False)
    client.force_login(make_member(town, Role.COORDINATOR))
    url = reverse("towns:members", kwargs={"town_slug": town.slug})
    down()
    _assert_plain_503(client.get(url))
    _assert_plain_503(client.post(url, {}))
    up()
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_an_outage_is_logged_once_at_warning_without_traceback(database_down, town, caplog):
    """The attack run counted 3,639 tracebacks for 1,855 answers during one outage."""
    down, up = database_down
    client = Client(raise_request_exception=False)
    caplog.set_level(logging.INFO)
    connection_created.send(sender=type(connection), connection=connection)  # a fresh start
    down()
    for _ in range(5):
        assert client.get(reverse("home")).status_code == 503
    up()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.levelname for r in warnings] == ["WARNING"]
    assert warnings[0].exc_info is None and not warnings[0].exc_text
    assert "Database unreachable" in warnings[0].getMessage()
    assert "Connection refused" in warnings[0].getMessage()
    assert "Traceback" not in caplog.text

    # The database is back (a new connection is made): the next outage is reported again.
    connection_created.send(sender=type(connection), connection=connection)
    caplog.clear()
    down()
    client.get(reverse("home"))
    client.get(reverse("home"))
    up()
    assert [r.levelname for r in caplog.records if r.levelno >= logging.WARNING] == ["WARNING"]


def test_503_page_renders_without_database(rf):
    """No django_db mark: any query here would fail the test."""
    from logbuch.core.views import server_error  # noqa: PLC0415

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert GERMAN in response.content.decode()


def test_other_errors_answer_a_plain_500(rf):
    from logbuch.core.views import server_error  # noqa: PLC0415

    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "boom" not in response.content.decode()
    assert "Da ist etwas schiefgegangen" in response.content.decode()


def test_connection_health_checks_are_on():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wsgi_get(handler: WSGIHandler, path: str) -> tuple[int, str]:
    """A request through the production entry point, which runs close_old_connections."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": BytesIO(),
    }
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        status.append(line)

    body = b"".join(handler(environ, start_response))
    return int(status[0].split()[0]), body.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_outage_gives_503_and_the_site_recovers(town):
    """The server connection dies and the database is unreachable; then it is back.

    The real PostgreSQL server keeps running (other tests use it): the app's connection is
    terminated and pointed at a closed port, which is what the app sees during an outage.
    """
    handler = WSGIHandler()
    path = reverse("towns:home", kwargs={"town_slug": town.slug})
    assert _wsgi_get(handler, path)[0] == 200
    real_port = connection.settings_dict["PORT"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    _terminate(pid)
    connection.settings_dict["PORT"] = str(_free_port())
    try:
        status, body = _wsgi_get(handler, path)
        assert status == 503
        assert GERMAN in body
        assert "Traceback" not in body
        assert _wsgi_get(handler, reverse("home"))[0] == 503
    finally:
        connection.settings_dict["PORT"] = real_port
    status, body = _wsgi_get(handler, path)
    assert status == 200, body
    assert "Musterstadt" in body


def _terminate(pid: int) -> None:
    import psycopg  # noqa: PLC0415

    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
