"""`python -m bench`: load a synthetic archive, serve it with gunicorn in production mode on
127.0.0.1, and measure each reader page with wrk, with the page cache on and off.

    python -m bench --articles 10000          # what `make bench` runs (ARTICLES=...)
    python -m bench --articles 1000 --duration 5

Uses PostgreSQL (database newsroom_bench) and Redis (db 9) when they answer on 127.0.0.1, SQLite
and the local-memory cache otherwise; BENCH_DATABASE_URL / BENCH_REDIS_URL override. Prints a
table and writes bench/results.json. Everything it starts, it stops.

To benchmark another page, add one entry to PAGES.
"""

import argparse
import json
import logging
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / "bench" / "work"
RESULTS = BASE_DIR / "bench" / "results.json"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
REDIS_URL = "redis://127.0.0.1:6379/9"


@dataclass
class Page:
    name: str
    path: object  # a path, or a function returning one once the archive is loaded


def _middle_article():
    from articles.models import Article

    published = Article.objects.published().order_by("-publish_at", "-id")
    middle = published.count() // 2  # an ordinary story from the middle of the archive
    return published[middle]


def _article_path():
    return _middle_article().get_absolute_url()


def _section_path():
    from articles.models import Section

    return Section.objects.order_by("position").first().get_absolute_url()


def _appeal_island_path():
    from donations.islands import appeal_progress_island
    from donations.models import Appeal

    return appeal_progress_island.url(Appeal.objects.current().pk)


def _live_island_path():
    from live.islands import live_island
    from live.models import LiveCoverage

    return live_island.url(LiveCoverage.objects.running().get().article_id)


def _comments_island_path():
    from comments.islands import comments_island

    return comments_island.url(_middle_article().pk)


PAGES = [
    Page("baseline", "/__bench__/baseline/"),
    Page("home", "/"),
    Page("article", _article_path),
    Page("section", _section_path),
    Page("search", "/search/?q=budget"),
    # The live islands every open page polls (newsroom/islands.py): each should cost about what
    # the ticker does.
    Page("ticker", "/islands/ticker/"),
    Page("appeal island", _appeal_island_path),
    Page("comments island", _comments_island_path),
    # A story covered live, 60 entries: every reader of it polls this every 20 s.
    Page("live island", _live_island_path),
]


# --- The environment ----------------------------------------------------------------------------


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("wrk is missing: installing Debian's package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, env=env)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, env=env)


def _postgres_url():
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2, autocommit=True
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'newsroom_bench'"
            ).fetchone()
            if not exists:
                connection.execute("CREATE DATABASE newsroom_bench")
        return POSTGRES_URL
    except Exception as error:
        print(f"PostgreSQL not available ({error.__class__.__name__}); using SQLite")
        return None


def _redis_url():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return REDIS_URL
    except Exception as error:
        print(f"Redis not available ({error.__class__.__name__}); using the local-memory cache")
        return ""


def bench_environment():
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    database = (
        os.environ.get("BENCH_DATABASE_URL")
        or _postgres_url()
        or f"sqlite:///{WORK_DIR / 'bench.sqlite3'}"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", None)
    if redis_url is None:
        redis_url = _redis_url()
    return {
        # The product's settings with bench/urls.py, which adds /__bench__/baseline/.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "bench",
        "MEDIA_ROOT": str(WORK_DIR / "media"),
        "LOG_LEVEL": "ERROR",
        # All of wrk's load comes from one address; the per-client search limit would turn the
        # cache-off search run into a measurement of 429 pages.
        "SEARCH_RATE_LIMIT": "100000000/m",
        # As a busy production site would run: each worker serves a page it served in the last
        # second without asking Redis (docs/scaling.md). Cached pages measured 39-52% of the
        # baseline without it on a loaded machine, 79-82% with it.
        "PAGE_CACHE_LOCAL_SECONDS": os.environ.get("PAGE_CACHE_LOCAL_SECONDS", "1"),
        # A configured gateway, so the appeal box shows under each story as it would in
        # production. Dummy keys: rendering a page never calls the gateway.
        "DONATIONS_GATEWAY": "razorpay",
        "RAZORPAY_KEY_ID": "rzp_test_bench",
        "RAZORPAY_KEY_SECRET": secrets.token_urlsafe(24),
        "RAZORPAY_WEBHOOK_SECRET": secrets.token_urlsafe(24),
    }


# --- Measuring ----------------------------------------------------------------------------------


def count_queries(path):
    """SQL queries for one request, cache off and cache on (a second, cached request)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST="127.0.0.1")
    logging.getLogger("django.request").setLevel(logging.ERROR)  # pages not on this branch: 404
    from newsroom.cache import LISTINGS, SITE, STORIES, invalidate

    counts = {}
    for mode, enabled in (("off", False), ("on", True)):
        with override_settings(PAGE_CACHE_ENABLED=enabled):
            first = client.get(path)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
        counts[mode] = len(queries)
        counts["status"] = first.status_code
    # Right after a change to the whole site nothing cached is reused yet: the full cost.
    invalidate(SITE, LISTINGS, STORIES)
    with override_settings(PAGE_CACHE_ENABLED=False), CaptureQueriesContext(connection) as queries:
        client.get(path)
    counts["cold"] = len(queries)
    return counts


class Server:
    """gunicorn in production mode on the loopback, with a fixed number of workers."""

    def __init__(self, env, port, workers, threads, log):
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [
                str(BASE_DIR / ".venv" / "bin" / "gunicorn"),
                "newsroom.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--error-logfile",
                str(log),
            ],
            cwd=BASE_DIR,
            env=env,
            start_new_session=True,
        )
        self._wait_until_ready()

    def _wait_until_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}; see the log")
            try:
                # Our own server on http://127.0.0.1, nothing else.
                ready = urllib.request.urlopen(self.url + PAGES[0].path, timeout=2)  # noqa: S310
                with ready as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not answer within 60 seconds")

    def drain(self):
        """Wait for requests still queued from the last turn (wrk stops sending, the server keeps
        working through its backlog): one request to the baseline, which queues behind them, so
        the next turn does not pay for the previous one."""
        try:
            with urllib.request.urlopen(self.url + PAGES[0].path, timeout=60) as response:  # noqa: S310
                response.read()
        except OSError as error:
            # A machine so loaded that the backlog outlasts the wait: measure on rather than lose
            # every figure of the run (the turns' shares still compare neighbours).
            print(f"  (the server had not drained after 60 s: {error.__class__.__name__})")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _milliseconds(text):
    """wrk's latencies: 812.00us, 10.50ms, 1.20s, 1.00m; no figure at all (-nan) when nothing
    came back."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    return round(float(match.group(1)) * UNITS[match.group(2)], 2) if match else None


def run_wrk(url, seconds, threads, connections):
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "--latency",
            # As every browser and CDN asks: pages come compressed where the server offers it.
            "--header",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    socket_errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(re.search(r"^\s*50%\s+(\S+)", output, re.MULTILINE).group(1)),
        "p99_ms": _milliseconds(re.search(r"^\s*99%\s+(\S+)", output, re.MULTILINE).group(1)),
        "errors": (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "seconds": float(re.search(r"requests in ([\d.]+)s", output).group(1)),
    }


# --- The run ------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=40, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each")
    parser.add_argument(
        "--rounds", type=int, default=20, help="turns of baseline and page within --duration"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--reload", action="store_true", help="reload the archive even if loaded")
    parser.add_argument(
        "--pages", default="", help="comma-separated page names to measure (default: all)"
    )
    args = parser.parse_args(argv)
    chosen = {name.strip() for name in args.pages.split(",") if name.strip()}

    ensure_wrk()
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    env = {**os.environ, **bench_environment()}
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from bench.loaders import archive_is_loaded, load_archive

    print(f"Database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND']}")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.reload or not archive_is_loaded(args.articles):
        print(f"Loading a synthetic archive of {args.articles:,} articles")
        started = time.monotonic()
        load_archive(args.articles)
        print(f"  loaded in {time.monotonic() - started:.0f} s")
    else:
        print(f"The archive of {args.articles:,} articles is already loaded")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    cache.clear()

    pages, skipped = [], {}
    for page in PAGES:
        if chosen and page.name not in chosen and page.name != "baseline":
            continue
        path = page.path() if callable(page.path) else page.path
        queries = count_queries(path)
        if queries["status"] != 200:
            skipped[page.name] = f"{path} answers {queries['status']} on this branch"
            continue
        pages.append((page.name, path, queries))
    cache.clear()
    connection.close()

    rows = []
    log = WORK_DIR / "gunicorn.log"
    for mode in ("on", "off"):
        server = Server(
            {**env, "PAGE_CACHE": "1" if mode == "on" else "0"},
            args.port,
            args.workers,
            args.threads,
            log,
        )
        try:
            baseline_url = server.url + PAGES[0].path
            baseline_runs = []
            for name, path, queries in pages[1:]:
                print(f"cache {mode:3} {name:9} {path}")
                page_runs, shares = [], []
                run_wrk(server.url + path, args.warmup, args.wrk_threads, args.connections)
                # Short turns of baseline and page, one after the other: on a shared machine the
                # load from elsewhere changes by the second, and each share compares neighbours.
                for _turn in range(args.rounds):
                    seconds = max(1, args.duration // args.rounds)
                    server.drain()
                    base = run_wrk(baseline_url, seconds, args.wrk_threads, args.connections)
                    server.drain()
                    page = run_wrk(server.url + path, seconds, args.wrk_threads, args.connections)
                    baseline_runs.append(base)
                    page_runs.append(page)
                    if base["requests_per_second"]:
                        shares.append(page["requests_per_second"] / base["requests_per_second"])
                share = statistics.median(shares) if shares else 0.0
                rows.append(
                    _row(name, path, mode, page_runs, queries[mode], queries["cold"], share)
                )
            rows.insert(
                len(rows) - (len(pages) - 1),
                _row("baseline", PAGES[0].path, mode, baseline_runs, 0, 0, 1.0),
            )
        finally:
            server.stop()

    print_table(rows, skipped, args)
    RESULTS.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "articles": args.articles,
                "database": connection.vendor,
                "cache_backend": settings.CACHES["default"]["BACKEND"],
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "gunicorn": {"workers": args.workers, "threads": args.threads},
                "wrk": {
                    "threads": args.wrk_threads,
                    "connections": args.connections,
                    "seconds": args.duration,
                },
                "rows": rows,
                "skipped": skipped,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nWritten to {RESULTS.relative_to(BASE_DIR)}")


def _row(name, path, mode, runs, queries, cold_queries, share):
    p50s = [run["p50_ms"] for run in runs if run["p50_ms"] is not None]
    p99s = [run["p99_ms"] for run in runs if run["p99_ms"] is not None]
    requests = sum(run["requests"] for run in runs)
    seconds = sum(run["seconds"] for run in runs)
    return {
        "page": name,
        "path": path,
        "cache": mode,
        "requests_per_second": round(requests / seconds, 1),
        "p50_ms": statistics.median(p50s) if p50s else None,  # median of the turns
        "p99_ms": max(p99s) if p99s else None,  # the worst turn
        "errors": sum(run["errors"] for run in runs),
        "queries_per_request": queries,
        # The same page rendered right after a change, when no shared fragment is reusable yet.
        "queries_first_render_after_a_change": cold_queries,
        "share_of_baseline": round(share, 3),  # median of the turns' shares
    }


def _figure(value):
    return "-" if value is None else f"{value:.2f}"


def print_table(rows, skipped, args):
    print(
        f"\n{args.articles:,} articles; gunicorn {args.workers} workers x {args.threads} threads; "
        f"wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s"
    )
    header = f"{'page':10}{'cache':>6}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
    print(header + f"{'errors':>8}{'queries':>9}{'after chg':>10}{'vs baseline':>13}")
    for row in rows:
        print(
            f"{row['page']:10}{row['cache']:>6}{row['requests_per_second']:>10.0f}"
            f"{_figure(row['p50_ms']):>9}{_figure(row['p99_ms']):>9}{row['errors']:>8}"
            f"{row['queries_per_request']:>9}{row['queries_first_render_after_a_change']:>10}"
            f"{row['share_of_baseline']:>12.0%}"
        )
    print(
        "queries: per request as measured; after chg: the first render after a change (a new "
        "content version), when no shared fragment can be reused"
    )
    for name, reason in skipped.items():
        print(f"{name:10} skipped: {reason}")


if __name__ == "__main__":
    main()
