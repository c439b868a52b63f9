"""`python -m bench.profile PAGE`: render one reader page in-process with the page cache off, in
the benchmark's production settings and database, and print the time per render (and, with
--profile, where it goes). Load the archive first with `make bench` (or `python -m bench`).

    python -m bench.profile article --renders 200
    python -m bench.profile /world/ --renders 100 --profile
    python -m bench.profile article --cold       # as right after a change: nothing shared yet
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time

from bench.__main__ import BASE_DIR, PAGES, bench_environment


def render_queries(client, path, *, cold):
    """The SQL statements one request for `path` runs, after a new content version if `cold` (as
    right after a change: every shared part renders again). docs/scaling.md quotes these figures
    and tests/test_documented_figures.py checks them with this same function."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsroom.cache import bump_content_version

    if cold:
        bump_content_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(queries)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("page", help="a page name from bench PAGES, or a path")
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="a new content version before each render: no shared fragment is reused",
    )
    args = parser.parse_args(argv)

    os.environ.update({**bench_environment(), "PAGE_CACHE": "0"})
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.test import Client

    from newsroom.cache import bump_content_version

    pages = {page.name: page.path for page in PAGES}
    path = pages.get(args.page, args.page)
    path = path() if callable(path) else path
    client = Client(HTTP_HOST="127.0.0.1")
    first = client.get(path)  # warm: templates compiled, connection open, caches filled
    queries = render_queries(client, path, cold=args.cold)
    print(f"{path}: {first.status_code}, {len(first.content):,} bytes, {queries} queries")

    profiler = cProfile.Profile() if args.profile else None
    times = []
    for _ in range(args.renders):
        if args.cold:
            bump_content_version()
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if profiler:
            profiler.disable()
    print(
        f"{args.renders} renders: mean {statistics.fmean(times):.2f} ms, "
        f"median {statistics.median(times):.2f} ms, min {min(times):.2f} ms"
    )
    if profiler:
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(args.top)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
