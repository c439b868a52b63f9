"""The benchmark's synthetic archive (bench/loaders/): what `make bench` measures must be a
newsroom's real pages, with pictures, comments, the ticker and the appeal. The baseline view is
the benchmark's own URLconf's, never the product's."""

import pytest

from articles.models import Article
from bench.loaders import archive_is_loaded, load_archive
from comments.models import Comment
from donations.models import Appeal
from live.models import LiveCoverage
from ticker.models import TickerItem

pytestmark = pytest.mark.django_db

ARTICLES = 60


@pytest.fixture
def archive():
    lines = []
    load_archive(ARTICLES, stdout=lines.append)
    return lines


def test_the_archive_has_every_kind_of_content(archive):
    assert archive_is_loaded(ARTICLES)
    assert not any("nothing loaded" in line for line in archive), archive
    published = Article.objects.published()
    assert 0 < published.count() < ARTICLES  # drafts and scheduled stories are in there too
    assert published.filter(lead_image__isnull=False).exists()
    assert TickerItem.objects.live().exists()
    assert Appeal.objects.live().exists()
    # Every published story has between one and four approved comments; drafts have none.
    per_story = {
        article.pk: article.comments.approved().count() for article in Article.objects.all()
    }
    assert {per_story[a.pk] for a in published} == {1, 2, 3, 4}
    assert all(per_story[a.pk] == 0 for a in Article.objects.exclude(pk__in=published))
    assert Comment.objects.awaiting_moderation().exists()
    live_story = LiveCoverage.objects.running().get()
    assert live_story.entries.count() == 60
    assert LiveCoverage.objects.ended().exists()


def test_a_bench_story_shows_its_comments_but_not_the_pending_one(archive, client):
    pending = Comment.objects.awaiting_moderation().select_related("article").first()
    article = pending.article
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    approved = list(article.comments.approved())
    assert approved
    for comment in approved:
        assert f'id="comment-{comment.pk}"' in html
    assert pending.body not in html
    assert Appeal.objects.current().title in html  # the appeal box under the story
    assert client.get("/islands/ticker/").status_code == 200


def test_the_bench_live_island_serves_its_60_entries(archive, client):
    from bench.__main__ import _live_island_path

    response = client.get(_live_island_path())
    assert response.status_code == 200
    assert response.content.decode().count("data-entry=") == 60


def test_the_baseline_view_is_served_by_the_bench_urlconf_only(client, settings):
    assert client.get("/__bench__/baseline/").status_code == 404
    settings.ROOT_URLCONF = "bench.urls"
    response = client.get("/__bench__/baseline/")
    assert (response.status_code, response.content) == (200, b"ok")
    assert client.get("/").status_code == 200  # the product's pages behind it, unchanged
