"""'Most read': counted by the story page's own beacon, ranked over two days, shown as an island
beside the story and on the home page, without touching the page cache. (Issue 27.)"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import views
from articles.islands import most_read_island
from articles.models import Article, StoryReads
from articles.selectors import most_read
from articles.tests.factories import make_article
from newsroom.clock import local

pytestmark = pytest.mark.django_db


def read(client, article):
    return client.post(reverse("count-read", args=[article.pk]))


def test_a_read_is_counted_once_per_beacon_on_the_day_row(client):
    story = make_article()
    first, second = read(client, story), read(client, story)
    assert first.status_code == second.status_code == 204
    row = StoryReads.objects.get()
    assert (row.article, row.count, row.day) == (story, 2, local().date())
    # Nothing about the reader is kept or set: no cookie, and no cache may keep the answer.
    assert not first.cookies
    assert "no-cache" in first["Cache-Control"]


def test_only_published_stories_are_counted_and_only_by_post(client):
    draft = make_article(status=Article.Status.DRAFT)
    assert read(client, draft).status_code == 404
    assert client.post(reverse("count-read", args=[987654])).status_code == 404
    live = make_article()
    assert client.get(reverse("count-read", args=[live.pk])).status_code == 405
    assert not StoryReads.objects.exists()


def test_a_client_over_the_rate_is_not_counted(client, monkeypatch):
    monkeypatch.setattr(views, "READ_RATE", "3/10m")
    story = make_article()
    for _ in range(5):
        assert read(client, story).status_code == 204
    assert StoryReads.objects.get().count == 3


def test_most_read_ranks_the_last_two_days_of_published_stories():
    today = local().date()
    quiet, busy, old, pulled = (
        make_article(headline=h) for h in ["Quiet", "Busy", "Old", "Pulled"]
    )
    StoryReads.objects.create(article=quiet, day=today, count=2)
    StoryReads.objects.create(article=busy, day=today, count=3)
    StoryReads.objects.create(article=busy, day=today - timedelta(days=1), count=4)
    StoryReads.objects.create(article=old, day=today - timedelta(days=2), count=50)
    StoryReads.objects.create(article=pulled, day=today, count=90)
    Article.objects.filter(pk=pulled.pk).update(status=Article.Status.DRAFT)
    assert [story.headline for story in most_read()] == ["Busy", "Quiet"]
    assert [story.read_count for story in most_read()] == [7, 2]
    assert most_read(limit=1) == [busy]


def test_the_island_lists_them_and_leaves_once_a_story_is_unpublished(client):
    story = make_article(headline="Port strike ends")
    read(client, story)
    most_read_island.invalidate()
    html = client.get("/islands/most-read/").content.decode()
    assert "Most read" in html
    assert f'href="{story.get_absolute_url()}">Port strike ends</a>' in html
    story.status = Article.Status.DRAFT
    story.save()  # the island is renewed at once (articles/islands.py)
    assert "Port strike ends" not in client.get("/islands/most-read/").content.decode()


def test_with_no_reads_there_is_no_empty_heading(client):
    make_article()
    assert "Most read" not in client.get("/islands/most-read/").content.decode()


def test_story_and_home_pages_show_the_rail(client):
    story = make_article(headline="Monsoon arrives", publish_at=timezone.now())
    other = make_article(headline="Court rules on water")
    read(client, other)
    most_read_island.invalidate()
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'data-read-beacon="{reverse("count-read", args=[story.pk])}"' in page
    latest = page[page.index('id="rail-latest-title"') :]
    assert "Monsoon arrives" in latest
    assert "Court rules on water" in latest
    assert 'id="most-read-title"' in page
    home = client.get("/").content.decode()
    assert 'id="most-read-title"' in home


@pytest.mark.usefixtures("page_cache")
def test_counting_a_read_leaves_the_cached_page_alone(client):
    story = make_article()
    client.get(story.get_absolute_url())  # the site's first request makes its settings row
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    read(client, story)
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
