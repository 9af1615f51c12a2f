"""The cache backend of test runs on a shared Redis (config.settings.test with REDIS_URL)."""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache


class PrefixScopedRedisCache(RedisCache):
    """Django's RedisCache whose `clear()` removes only this test process's keys.

    Redis is shared by pytest-xdist workers, parallel runs and benchmarks; Django's `clear()`
    flushes the whole database. Every test process has its own KEY_PREFIX.
    """

    def clear(self) -> None:
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
