"""`python -m bench.profile PAGE`: render one reader page in-process with the page cache off, in
the benchmark's production settings and database, and print the time per render (and, with
--profile, where it goes). Load the archive first with `make bench` (or `python -m bench`).

    python -m bench.profile article --renders 200
    python -m bench.profile /world/ --renders 100 --profile
    python -m bench.profile article --cold       # the first render after an edit of the story
    python -m bench.profile article --cold-site  # after a change to the whole site: nothing cached
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
    """The SQL statements one request for `path` runs, after a change to the whole site if `cold`
    (nothing cached is reused). docs/scaling.md quotes these figures and
    tests/test_documented_figures.py checks them with this same function."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsroom.cache import LISTINGS, SITE, STORIES, invalidate

    if cold:
        invalidate(SITE, LISTINGS, STORIES)
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
        help="before each render, invalidate what an edit of the page's story (or listing) does",
    )
    parser.add_argument(
        "--cold-site",
        action="store_true",
        help="before each render, invalidate the whole site: no page or fragment is reused",
    )
    args = parser.parse_args(argv)

    os.environ.update({**bench_environment(), "PAGE_CACHE": "0"})
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.test import Client
    from django.urls import resolve

    from articles.invalidation import people_tag
    from articles.search import SEARCH_TAG
    from newsroom.cache import LISTINGS, SITE, STORIES, invalidate

    pages = {page.name: page.path for page in PAGES}
    path = pages.get(args.page, args.page)
    path = path() if callable(path) else path
    match = resolve(path.split("?")[0])
    policy = getattr(match.func, "page_policy", None)
    page_tags = policy.tags(None, match.kwargs) if policy else [SITE]
    # What an edit of this page's story (or of a story in this listing) invalidates: its text,
    # not its bylines or tags (people:<slug>, articles.people).
    edit_tags = [
        tag for tag in page_tags if tag != SITE and tag != people_tag(match.kwargs.get("slug"))
    ] or [SITE]
    if LISTINGS not in edit_tags:
        edit_tags.append(LISTINGS)
    # A save of any story also drops every cached page of search results (articles.search).
    edit_tags.append(SEARCH_TAG)

    def make_cold():
        if args.cold_site:
            invalidate(SITE, LISTINGS, STORIES, SEARCH_TAG)
        elif args.cold:
            invalidate(*edit_tags)

    client = Client(HTTP_HOST="127.0.0.1")
    first = client.get(path)  # warm: templates compiled, connection open, caches filled
    make_cold()
    queries = render_queries(client, path, cold=False)
    print(f"{path}: {first.status_code}, {len(first.content):,} bytes, {queries} queries")

    profiler = cProfile.Profile() if args.profile else None
    times, cpu_times = [], []
    for _ in range(args.renders):
        make_cold()
        if profiler:
            profiler.enable()
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        if profiler:
            profiler.disable()
    print(
        f"{args.renders} renders: mean {statistics.fmean(times):.2f} ms, "
        f"median {statistics.median(times):.2f} ms, min {min(times):.2f} ms"
    )
    # This process's own CPU time: far less moved by other work on a shared machine than the
    # wall time, but without the database's and the cache server's share.
    print(
        f"  this process's CPU: median {statistics.median(cpu_times):.2f} ms, "
        f"min {min(cpu_times):.2f} ms"
    )
    if profiler:
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(args.top)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
