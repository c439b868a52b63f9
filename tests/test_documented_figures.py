"""The figures docs/scaling.md states, checked against what the code does, so they cannot drift.

Each check reads the number from the document's own sentence and compares it with the code (or
with a measurement, for query counts). Whoever changes one updates the other: the failure names the
sentence. A sentence that is reworded so the pattern no longer finds it fails too; change the
pattern here along with it, never drop the figure silently.
"""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from articles import related, search
from articles.models import Section
from articles.views import LISTING_PAGE_SIZE
from bench.__main__ import PAGES
from bench.loaders import load_archive
from bench.profile import render_queries
from newsroom.pagination import ListingPaginator

SCALING = Path(__file__).resolve().parents[1] / "docs" / "scaling.md"


def documented(pattern):
    """The number the first match of `pattern` captures in docs/scaling.md (lines joined, so a
    sentence may wrap anywhere)."""
    text = " ".join(SCALING.read_text().split())
    match = re.search(pattern, text)
    assert match, (
        f"docs/scaling.md no longer has a sentence matching {pattern!r}: keep the figure, and "
        "change the pattern in tests/test_documented_figures.py with the wording"
    )
    return int(match.group(1).replace(",", ""))


# (pattern in the doc, what the code says)
SETTINGS_AND_CONSTANTS = {
    "search candidates": (r"`MAX_CANDIDATES` \(([\d,]+)\)", lambda: search.MAX_CANDIDATES),
    "deepest listing page": (r"stop at page ([\d,]+)", lambda: ListingPaginator.MAX_PAGES),
    "stories back at the deepest page": (
        r"stop at page [\d,]+ \(([\d,]+) stories back\)",
        lambda: ListingPaginator.MAX_PAGES * LISTING_PAGE_SIZE,
    ),
    "related stories' tag pool": (
        r"the newest ([\d,]+) stories sharing a tag",
        lambda: related.TAGGED_CANDIDATES,
    ),
    "browser max-age": (
        r"public, max-age=(\d+), s-maxage",
        lambda: settings.PAGE_CACHE_BROWSER_MAX_AGE,
    ),
    "CDN s-maxage": (r"max-age=\d+, s-maxage=(\d+)", lambda: settings.CACHE_MIDDLEWARE_SECONDS),
    "stale-while-revalidate": (
        r"stale-while-revalidate=(\d+)`",
        lambda: settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    ),
}


@pytest.mark.parametrize("name", SETTINGS_AND_CONSTANTS)
def test_documented_settings_and_limits_are_the_code_s(name):
    pattern, actual = SETTINGS_AND_CONSTANTS[name]
    assert documented(pattern) == actual(), f"docs/scaling.md's {name} is not the code's"


@pytest.fixture
def bench_archive(db):
    """The benchmark's synthetic archive, small: its pages are the ones the figures describe."""
    load_archive(60, stdout=lambda line: None)
    return {page.name: page.path() if callable(page.path) else page.path for page in PAGES}


# Query counts are for a request right after a change to the whole site (nothing cached reused)
# on the benchmark's archive, as `python -m bench.profile PAGE --cold` prints them.
# The doc gives PostgreSQL's; SQLite cannot join the home page's per-section queries into one.
COLD_QUERIES = {
    "article": r"\((\d+) queries on an article page",
    "home": r"queries on an article page, (\d+) on the home page",
    "section": r"on the home page, (\d+) on a section page",
}


def test_documented_query_counts_are_what_a_page_runs_right_after_a_change(bench_archive):
    client = Client(HTTP_HOST="127.0.0.1")
    wrong = []
    for page, pattern in COLD_QUERIES.items():
        expected = documented(pattern)
        if page == "home" and not connection.features.supports_slicing_ordering_in_compound:
            # One query a section and one for the top stories instead of one UNION ALL.
            expected += Section.objects.count()
        client.get(bench_archive[page])  # as bench.profile does: templates and settings loaded
        measured = render_queries(client, bench_archive[page], cold=True)
        if measured != expected:
            wrong.append(f"{page}: {expected} expected from the doc, a cold render runs {measured}")
    assert not wrong, "docs/scaling.md's query counts are out of date: " + "; ".join(wrong)


def test_documented_article_page_size_is_about_right(bench_archive):
    html_kb = documented(r"an article page [^.]*? is about (\d+) KB as HTML")
    gzip_kb = documented(r"as HTML and about (\d+) KB compressed")
    html = Client(HTTP_HOST="127.0.0.1").get(bench_archive["article"]).content
    compressed = gzip.compress(html, compresslevel=6, mtime=0)  # as the page cache stores it
    # "About": stories differ in length and in their number of comments.
    assert len(html) / 1024 == pytest.approx(html_kb, rel=0.2), f"{len(html):,} bytes of HTML"
    assert len(compressed) / 1024 == pytest.approx(gzip_kb, rel=0.2), f"{len(compressed):,} gzipped"
