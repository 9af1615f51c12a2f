"""The shared cache and the sessions: Redis when REDIS_URL is set, required in production."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp+tls://logbuch:geheim@mail.example.org:587",
}
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({a: c['BACKEND'] for a, c in s.CACHES.items()} | "
    "{'engine': s.SESSION_ENGINE, 'location': s.CACHES['default'].get('LOCATION')}))"
)


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_redis_url_refuses_to_start():
    result = _python("import django; django.setup()", **PRODUCTION)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_redis_url_makes_redis_the_shared_cache_and_pages_stay_in_memory():
    result = _python(SHOW, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["default"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["location"] == "redis://127.0.0.1:6379/3"
    assert shown["pages"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["engine"] == "logbuch.towns.sessions"


def test_first_run_without_redis_shares_the_cache_through_the_database():
    result = _python(SHOW, DJANGO_SETTINGS_MODULE="config.settings.dev")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["default"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.skipif(
    not str(settings.CACHES["default"]["BACKEND"]).endswith("RedisCache"), reason="needs REDIS_URL"
)
def test_clearing_the_test_cache_leaves_other_runs_keys_in_redis():
    """A test's `cache.clear()` must not flush the Redis that other runs share."""
    cache = caches["default"]
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    other = f"test:other-run-{secrets.token_hex(4)}:1:kept"
    client.set(other, b"1", ex=60)
    cache.set("mine", 1, 60)
    try:
        assert cache.key_prefix.startswith("test:")
        cache.clear()
        assert cache.get("mine") is None
        assert client.get(other) == b"1"
    finally:
        client.delete(other)
