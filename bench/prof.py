"""In-process CPU cost per request, for comparing data sizes (issue 10: cost must not grow).

usage: DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=sqlite:////path/db.sqlite3 \\
       BENCH_STATIC_ROOT=... python bench/prof.py [--nocache] [--profile N] [--user EMAIL] path...

Signs in as the bench town's coordinator with Django's test client and prints, per path, the
CPU ms of a warm request (best of 5 rounds of 10 requests: the machine's noise only ever adds),
the number of queries and their time. The cache is a private in-process LocMemCache, so
`--nocache` can clear it before every request without touching a shared Redis: that measures
what a page computes when its cache is cold. `--profile N` prints the slowest queries and the
top N functions of cProfile (by cumulative time, or
by own time with `--tottime`).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django
from django.conf import settings


def main(argv: list[str]) -> None:
    args = list(argv)
    nocache = "--nocache" in args
    sort = "tottime" if "--tottime" in args else "cumulative"
    args = [a for a in args if a not in ("--nocache", "--tottime")]
    profile = 0
    user = "koordination@bench-1.example"
    if "--profile" in args:
        i = args.index("--profile")
        profile = int(args[i + 1])
        del args[i : i + 2]
    if "--user" in args:
        i = args.index("--user")
        user = args[i + 1]
        del args[i : i + 2]
    django.setup()
    settings.CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bench-prof",
    }
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client

    from logbuch.towns.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=user))

    def get(path: str) -> Any:
        if nocache:
            caches["default"].clear()
        return client.get(path)

    for path in args:
        response = get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: status {response.status_code}")
        queries: list[tuple[float, str]] = []

        def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((time.perf_counter() - started, sql))  # noqa: B023

        with connection.execute_wrapper(wrapper):
            get(path)
        rounds = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(10):
                get(path)
            rounds.append((time.process_time() - started) / 10 * 1000)
        db_ms = sum(t for t, _ in queries) * 1000
        print(
            f"{path}: {min(rounds):.1f} CPU ms, {len(queries)} queries ({db_ms:.1f} ms in the "
            f"database), {len(response.content)} bytes{' [nocache]' if nocache else ''}",
            flush=True,
        )
        if profile:
            for seconds, sql in sorted(queries, reverse=True)[:5]:
                print(f"    {seconds * 1000:.1f} ms {sql[:200]}")
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(3):
                get(path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(sort).print_stats(profile)


if __name__ == "__main__":
    main(sys.argv[1:])
