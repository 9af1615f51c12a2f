"""Benchmarks: gunicorn (2 workers) on SQLite and on PostgreSQL, measured with wrk.

    make bench                                   # both databases, default dataset
    .venv/bin/python bench/run.py --db sqlite --duration 5 --towns 5 --people 200
    .venv/bin/python bench/run.py --only landing,dashboard --markdown

For each database the runner creates a fresh database (SQLite file in a temp folder, or the
PostgreSQL database `logbuch_bench`, dropped afterwards), migrates, builds the dataset
(bench/dataset.py plus every bench/pages_<app>.py `prepare`), counts the SQL queries of every page
in-process, starts gunicorn with bench.settings (production settings over plain HTTP), measures
each page with wrk (8 connections, 2 threads) and prints req/s, p50, p95 and the ratio to the
bare-Django baseline view, which runs through the same middleware. It also checks that two
gunicorn processes on different ports share sessions (stateless app servers).

Adding pages: see bench/README.md (a `bench/pages_<app>.py` module with `pages(context)` and
optionally `prepare(context)` and `measure(context)`).
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import importlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
REPORT_LUA = ROOT / "bench" / "report.lua"
RESULTS = ROOT / "bench" / "results"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/logbuch_bench")
BASELINE = "baseline"


@dataclass
class Page:
    """One URL to measure. `user` is the email of the signed-in person (None: anonymous)."""

    name: str
    path: str
    user: str | None = None
    max_p95_ms: float | None = None
    min_ratio: float | None = None  # share of the baseline's req/s
    expect_text: str | None = None  # the 200 answer must contain it (not a login page)
    max_queries: int | None = None


@dataclass
class Context:
    """Handed to every pages module: the dataset and a dict to keep ids between its hooks."""

    dataset: Any
    vendor: str
    state: dict[str, Any] = field(default_factory=dict)
    scale: int = 1  # `--scale N`: the pages modules multiply their fund and logbook data by N


def core_pages(context: Context) -> list[Page]:
    town = context.dataset.towns[0]
    coordinator = context.dataset.coordinators[0]
    return [
        Page(BASELINE, "/bench/baseline/", expect_text="ok"),
        Page("town list", "/", max_p95_ms=50, expect_text=town.name),
        Page("landing", f"/{town.slug}/", max_p95_ms=50, min_ratio=0.25, expect_text=town.name),
        Page(
            "dashboard",
            f"/{town.slug}/",
            user=coordinator.email,
            max_p95_ms=50,
            min_ratio=0.25,
            expect_text="Willkommen",
        ),
    ]


def page_modules(apps: set[str] | None = None) -> list[Any]:
    """bench/pages_<app>.py modules that define `pages(context)`, in name order.

    `apps` limits them to these <app> names (an empty set: none, None: all).
    """
    modules = []
    for path in sorted((ROOT / "bench").glob("pages_*.py")):
        if apps is not None and path.stem.removeprefix("pages_") not in apps:
            continue
        module = importlib.import_module(f"bench.{path.stem}")
        if hasattr(module, "pages"):
            modules.append(module)
        else:
            print(f"bench/{path.name} has no pages(context): skipped", file=sys.stderr)
    return modules


# --- in-process step (run as a subprocess with the benchmark database) -----------------------


def prepare(
    out: Path,
    *,
    towns: int,
    people: int,
    only: set[str] | None,
    apps: set[str] | None,
    scale: int = 1,
) -> None:
    """Builds the dataset, collects the pages, signs people in, counts queries -> JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.dataset import build
    from logbuch.towns.models import User

    started = time.perf_counter()
    context = Context(
        dataset=build(towns=towns, people=people), vendor=connection.vendor, scale=scale
    )
    modules = page_modules(apps)
    for module in modules:
        if hasattr(module, "prepare"):
            module.prepare(context)
    dataset_seconds = time.perf_counter() - started

    pages = core_pages(context)
    for module in modules:
        pages += module.pages(context)
    if only:
        pages = [p for p in pages if p.name in only or p.name == BASELINE]

    cookies: dict[str, str] = {}
    for email in sorted({p.user for p in pages if p.user}):
        client = Client(HTTP_HOST="localhost")
        client.force_login(
            User.objects.get(email=email), backend="logbuch.towns.backends.MemberBackend"
        )
        client.get("/konto/")  # a page with a form: the browser now also holds a CSRF cookie
        # What a browser sends after signing in: the session and the CSRF cookie (without the
        # latter, every measured page would mint a new CSRF secret, which no browser causes).
        cookies[email] = "; ".join(
            f"{name}={client.cookies[name].value}"
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        )

    queries: dict[str, int] = {}
    for page in pages:
        client = Client(HTTP_HOST="localhost")
        if page.user:
            for pair in cookies[page.user].split("; "):
                name, value = pair.split("=", 1)
                client.cookies[name] = value
        client.get(page.path)  # warm caches (content types, translations)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        if response.status_code != 200:
            raise SystemExit(f"{page.name}: {page.path} answered {response.status_code}")
        if page.expect_text and page.expect_text not in response.content.decode():
            raise SystemExit(f"{page.name}: {page.path} lacks {page.expect_text!r}")
        queries[page.name] = len(captured)

    extra: dict[str, str] = {}
    for module in modules:
        if hasattr(module, "measure"):
            extra.update(module.measure(context))

    out.write_text(
        json.dumps(
            {
                "pages": [asdict(p) for p in pages],
                "cookies": cookies,
                "queries": queries,
                "extra": extra,
                "dataset_seconds": round(dataset_seconds, 1),
                "login": {
                    "email": context.dataset.coordinators[0].email,
                    "password": context.dataset.password,
                    "town": context.dataset.towns[0].slug,
                },
            }
        )
    )


# --- orchestration ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def server_cpu_seconds(master_pid: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn workers of this master.

    CPU per request barely depends on what else the machine runs, unlike wrk's wall-clock
    figures, so the CPU ratio to the baseline is the steadier estimate on a busy machine.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    total = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


@dataclass
class Server:
    url: str
    pid: int


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> Iterator[Server]:
    command = [
        GUNICORN,
        "config.wsgi:application",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        f"--error-logfile={log}",
        "--timeout=60",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    url = f"http://localhost:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{url}/bench/baseline/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not start, see {log}")
        yield Server(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(url: str, cookie: str | None, duration: int, connections: int) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout=5s"]
    command += ["-s", str(REPORT_LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH (.*)$", output, re.MULTILINE)
    if not match:
        raise SystemExit(f"wrk gave no report:\n{output}")
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


def check_shared_sessions(url_a: str, url_b: str, login: dict[str, str]) -> str:
    """Logs in through the form on server A, then opens the dashboard on server B."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{url_a}/konto/anmelden/") as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not token:
        return "FAIL (no CSRF token on the login page)"
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": login["email"],
            "password": login["password"],
            "next": f"/{login['town']}/",
        }
    ).encode()
    with opener.open(f"{url_a}/konto/anmelden/", data=form) as response:
        if "/konto/anmelden/" in response.url:
            return "FAIL (login on server A refused)"
    with opener.open(f"{url_b}/{login['town']}/") as response:
        body = response.read().decode()
    if "Willkommen" not in body:
        return "FAIL (server B did not know the session of server A)"
    return "ok (login on one port, dashboard on the other)"


@dataclass
class Row:
    database: str
    page: str
    rps: float
    p50: float
    p95: float
    ratio: float
    queries: int
    errors: int
    verdict: str
    cpu_ms: float = 0.0
    cpu_ratio: float = 0.0


def verdict(page: dict[str, Any], result: dict[str, float], ratio: float, queries: int) -> str:
    misses = []
    if page["max_p95_ms"] is not None and result["p95"] >= page["max_p95_ms"]:
        misses.append(f"p95 ≥ {page['max_p95_ms']:g} ms")
    if page["min_ratio"] is not None and ratio < page["min_ratio"]:
        misses.append(f"ratio < {page['min_ratio']:.0%}")
    if page["max_queries"] is not None and queries > page["max_queries"]:
        misses.append(f"queries > {page['max_queries']}")
    if result["errors"]:
        misses.append(f"{int(result['errors'])} errors")
    return "MISS: " + ", ".join(misses) if misses else "ok"


def run_database(name: str, database_url: str, args: argparse.Namespace, static: Path) -> Any:
    work = Path(tempfile.mkdtemp(prefix=f"logbuch-bench-{name}-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "BENCH_STATIC_ROOT": str(static),
        "PYTHONPATH": str(ROOT),
    }
    try:
        print(f"== {name}: migrate, dataset ({args.towns} towns × {args.people} people) ==")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "createcachetable")
        info_file = work / "prepare.json"
        command = [PYTHON, str(Path(__file__)), "_prepare", str(info_file)]
        command += [f"--towns={args.towns}", f"--people={args.people}", f"--scale={args.scale}"]
        if args.only:
            command += [f"--only={args.only}"]
        if args.apps is not None:
            command += [f"--apps={args.apps}"]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        info = json.loads(info_file.read_text())
        rows: list[Row] = []
        port = free_port()
        with gunicorn(env, port, 2, work / "gunicorn.log") as server:
            url = server.url
            baseline_rps = baseline_cpu = 0.0
            for page in info["pages"]:
                cookie = info["cookies"].get(page["user"]) if page["user"] else None
                wrk(url + page["path"], cookie, 2, args.connections)  # warm-up
                cpu_before = server_cpu_seconds(server.pid)
                result = wrk(url + page["path"], cookie, args.duration, args.connections)
                cpu_ms = (server_cpu_seconds(server.pid) - cpu_before) * 1000 / result["requests"]
                if page["name"] == BASELINE:
                    baseline_rps, baseline_cpu = result["rps"], cpu_ms
                ratio = result["rps"] / baseline_rps if baseline_rps else 0.0
                queries = info["queries"][page["name"]]
                row = Row(
                    name,
                    page["name"],
                    result["rps"],
                    result["p50"],
                    result["p95"],
                    ratio,
                    queries,
                    int(result["errors"]),
                    verdict(page, result, ratio, queries),
                    cpu_ms,
                )
                row.cpu_ratio = baseline_cpu / row.cpu_ms if row.cpu_ms else 0.0
                rows.append(row)
                print(format_row(row), flush=True)
            with gunicorn(env, free_port(), 1, work / "gunicorn-b.log") as server_b:
                shared = check_shared_sessions(url, server_b.url, info["login"])
        print(f"two app servers, one database: {shared}")
        return {
            "rows": rows,
            "shared_sessions": shared,
            "extra": info["extra"],
            "dataset_seconds": info["dataset_seconds"],
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def format_row(row: Row) -> str:
    return (
        f"{row.database:<10} {row.page:<28} {row.rps:>8.0f} {row.p50:>8.1f} {row.p95:>8.1f} "
        f"{row.ratio:>6.0%} {row.queries:>5} {row.cpu_ms:>7.1f} {row.cpu_ratio:>6.0%} "
        f"{row.verdict}"
    )


HEADER = (
    f"{'database':<10} {'page':<28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
    f"{'ratio':>6} {'SQL':>5} {'CPU ms':>7} {'CPU r.':>6} target"
)


def markdown(results: dict[str, Any], args: argparse.Namespace) -> str:
    lines = [
        "| database | page | req/s | p50 ms | p95 ms | ratio to baseline | SQL queries "
        "| CPU ms/request | CPU ratio | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for result in results.values():
        lines += [
            f"| {r.database} | {r.page} | {r.rps:.0f} | {r.p50:.1f} | {r.p95:.1f} | "
            f"{r.ratio:.0%} | {r.queries} | {r.cpu_ms:.1f} | {r.cpu_ratio:.0%} | {r.verdict} |"
            for r in result["rows"]
        ]
    return "\n".join(lines)


@contextmanager
def postgres_database(url: str) -> Iterator[str | None]:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        connection = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.Error as error:
        print(f"PostgreSQL is not reachable ({error.__class__.__name__}): skipped.")
        yield None
        return
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        try:
            yield url
        finally:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def machine() -> str:
    cpu = "unknown CPU"
    with Path("/proc/cpuinfo").open() as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({cpu}), load average {load}"


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Logbuch benchmarks (gunicorn + wrk)")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--towns", type=int, default=50)
    parser.add_argument("--people", type=int, default=1000, help="people per town")
    parser.add_argument("--only", default="", help="comma-separated page names (+ baseline)")
    parser.add_argument(
        "--apps", default=None, help="pages_<app> modules to use, comma-separated ('' for none)"
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help="multiply the fund and logbook data (applications, votes, answers) by N",
    )
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when targets miss")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = argument_parser()
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk fehlt: apt-get install wrk (make bench installiert es).", file=sys.stderr)
        return 1

    started = datetime.datetime.now(datetime.UTC)
    static = Path(tempfile.mkdtemp(prefix="logbuch-bench-static-"))
    try:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        env["BENCH_STATIC_ROOT"] = str(static)
        env.setdefault("DATABASE_URL", "sqlite:///:memory:")
        print("== collectstatic ==")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        results: dict[str, Any] = {}
        print(HEADER)
        for name in [d.strip() for d in args.db.split(",") if d.strip()]:
            if name == "sqlite":
                folder = Path(tempfile.mkdtemp(prefix="logbuch-bench-db-"))
                try:
                    results[name] = run_database(
                        name, f"sqlite:///{folder / 'bench.sqlite3'}", args, static
                    )
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
            elif name == "postgres":
                with postgres_database(PG_URL) as url:
                    if url:
                        results[name] = run_database(name, url, args, static)
            else:
                parser.error(f"unknown database {name!r}")
    finally:
        shutil.rmtree(static, ignore_errors=True)

    print()
    print(
        f"{machine()}; {started:%Y-%m-%d %H:%M} UTC; wrk -t2 -c{args.connections} "
        f"-d{args.duration}s; gunicorn 2 sync workers; dataset {args.towns} towns × "
        f"{args.people} people, fund and logbook data ×{args.scale}"
    )
    print(HEADER)
    for result in results.values():
        for row in result["rows"]:
            print(format_row(row))
        for key, value in result["extra"].items():
            print(f"  {key}: {value}")
    if args.markdown:
        print()
        print(markdown(results, args))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{started:%Y%m%d-%H%M%S}.json").write_text(
        json.dumps(
            {
                name: {**r, "rows": [asdict(row) for row in r["rows"]]}
                for name, r in results.items()
            },
            indent=2,
        )
    )
    missed = [row for r in results.values() for row in r["rows"] if row.verdict != "ok"] + [
        r for r in results.values() if not r["shared_sessions"].startswith("ok")
    ]
    return 1 if missed and not args.no_fail else 0


def _prepare_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--towns", type=int, required=True)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--apps", default=None)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()} or None
    apps = None if args.apps is None else {a.strip() for a in args.apps.split(",") if a.strip()}
    prepare(args.out, towns=args.towns, people=args.people, only=only, apps=apps, scale=args.scale)
    return 0


ENTRY: dict[str, Callable[[list[str]], int]] = {"_prepare": _prepare_main}

if __name__ == "__main__":
    # Run as bench.run, so pages modules (`from bench.run import Page`) share the same classes.
    _run = importlib.import_module("bench.run")

    if len(sys.argv) > 1 and sys.argv[1] in _run.ENTRY:
        sys.exit(_run.ENTRY[sys.argv[1]](sys.argv[2:]))
    sys.exit(_run.main())
