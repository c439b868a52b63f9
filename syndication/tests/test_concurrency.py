"""The changes feed under concurrent publishing, on PostgreSQL and on SQLite (whose writers take
turns: a transaction holds the database's one write lock from BEGIN IMMEDIATE to its commit).

A sequence given out by a transaction that is still open must never be overtaken by a higher one
that a client can already read: the client would move its cursor past the lower one and miss it
for good. Releases take the counter's lock and keep it until they commit."""

import os
import random
import threading
import time

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


pytestmark = pytest.mark.django_db(transaction=True)
postgres_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (DATABASE_URL): watches a transaction wait for another's lock",
)


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


@pytest.mark.postgres
@postgres_only
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


def test_polling_while_six_writers_publish_sees_every_story_once_and_in_order(monkeypatch):
    """Six writers publish eight stories each, every write inside a release or a recording
    stalled a random few milliseconds (as a busy database would), while two clients poll with
    small pages. Each must get every story exactly once, its sequences 1, 2, 3... with no gap:
    a client that read past a number still to commit would have skipped it for good."""
    section = make_section()
    wire_client = make_client(sections=[section])
    FeedCounter.objects.get_or_create(pk=1)
    per_writer, writers = 8, 6
    articles = [
        [make_article(section=section, headline=f"W{w} S{n}") for n in range(per_writer)]
        for w in range(writers)
    ]
    save = StoryVersion.save

    def slow_save(self, *args, **kwargs):
        time.sleep(random.uniform(0, 0.005))
        return save(self, *args, **kwargs)

    monkeypatch.setattr(StoryVersion, "save", slow_save)
    results = {}

    def publish(batch):
        return [services.story_version_record(story_id=article.pk).pk for article in batch]

    threads = [
        _in_thread(lambda b=batch: publish(b), results, i) for i, batch in enumerate(articles)
    ]

    def poll(limit):
        seen, cursor = [], 0
        while True:
            # Whether the writers were done before this read began: only then does an empty
            # page mean there is nothing more to come.
            done = not any(thread.is_alive() for thread in threads)
            versions, cursor, _more = selectors.changes(wire_client, after=cursor, limit=limit)
            seen += versions
            if done and not versions:
                return seen

    other = _in_thread(lambda: poll(1), results, "other poller")
    seen = poll(3)
    other.join(60)
    for thread in threads:
        thread.join(60)
    assert not [error for error in results.values() if isinstance(error, Exception)]
    total = per_writer * writers
    expected = sorted(article.pk for batch in articles for article in batch)
    for versions in (seen, results["other poller"]):
        assert [version.sequence for version in versions] == list(range(1, total + 1))
        assert sorted(version.story_id for version in versions) == expected
    assert StoryVersion.objects.filter(sequence__isnull=True).count() == 0
