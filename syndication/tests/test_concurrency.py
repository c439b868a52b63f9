"""The changes feed under concurrent publishing, on PostgreSQL (SQLite has one writer at a time).

A sequence given out by a transaction that is still open must never be overtaken by a higher one
that a client can already read: the client would move its cursor past the lower one and miss it
for good. Releases take the counter's lock and keep it until they commit."""

import os
import threading

import pytest
from django.db import connection, connections, transaction

from articles.models import Article
from articles.tests.factories import make_article as make_any_article
from syndication import selectors, services
from syndication.models import FeedCounter, StoryVersion

from .factories import make_client, make_section


def make_article(**fields):
    """A published story whose version is not recorded yet (in these tests, every save commits
    at once, which would record it): published by an update, which sends no signal."""
    article = make_any_article(status=Article.Status.DRAFT, **fields)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, publish_at=article.created_at
    )
    return article


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (DATABASE_URL): concurrent transactions",
    ),
    pytest.mark.django_db(transaction=True),
]


def _in_thread(function, results, name):
    def run():
        try:
            results[name] = function()
        except Exception as error:  # pragma: no cover - reported by the assertion
            results[name] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _waits_on_a_lock(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def test_a_release_still_open_holds_back_the_ones_after_it():
    section = make_section()
    wire_client = make_client(sections=[section])
    first = make_article(section=section, headline="First")
    second = make_article(section=section, headline="Second")
    results, holding, proceed, second_pid = {}, threading.Event(), threading.Event(), {}

    def release_first_and_hold():
        with transaction.atomic():
            services.story_version_record(story_id=first.pk)
            holding.set()
            proceed.wait(30)

    def release_second():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            second_pid["pid"] = cursor.fetchone()[0]
        return services.story_version_record(story_id=second.pk)

    first_thread = _in_thread(release_first_and_hold, results, "first")
    assert holding.wait(30)
    second_thread = _in_thread(release_second, results, "second")
    # The second release must queue behind the first's lock (or it would commit first).
    while "pid" not in second_pid or not _waits_on_a_lock(second_pid["pid"]):
        assert second_thread.is_alive(), f"the second release did not wait: {results}"
    # Meanwhile a client reads nothing: neither is committed.
    versions, _last, _more = selectors.changes(wire_client)
    assert versions == []
    proceed.set()
    first_thread.join(30)
    second_thread.join(30)
    versions, _last, _more = selectors.changes(wire_client)
    assert [version.story_id for version in versions] == [first.pk, second.pk]
    assert [version.sequence for version in versions] == [1, 2]


@pytest.mark.xfail(
    reason=(
        "Known open bug, seen once in three PostgreSQL runs on 2026-12-03: the poller missed one "
        "story (a version committed behind the cursor). Issue 23 stays open for it; see the note."
    ),
    strict=False,
)
def test_polling_while_four_writers_publish_sees_every_story_exactly_once():
    section = make_section()
    wire_client = make_client(sections=[section])
    FeedCounter.objects.get_or_create(pk=1)
    per_writer, writers = 8, 4
    articles = [
        [make_article(section=section, headline=f"W{w} S{n}") for n in range(per_writer)]
        for w in range(writers)
    ]
    results = {}

    def publish(batch):
        return [services.story_version_record(story_id=article.pk).pk for article in batch]

    threads = [
        _in_thread(lambda b=batch: publish(b), results, i) for i, batch in enumerate(articles)
    ]
    seen, cursor = [], 0
    while any(thread.is_alive() for thread in threads) or cursor < per_writer * writers:
        versions, cursor, _more = selectors.changes(wire_client, after=cursor, limit=3)
        seen += [version.story_id for version in versions]
        if not any(thread.is_alive() for thread in threads) and not versions:
            break
    for thread in threads:
        thread.join(30)
    expected = {article.pk for batch in articles for article in batch}
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen))
    assert StoryVersion.objects.filter(sequence__isnull=True).count() == 0
