import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_article
from images.tests.factories import make_image
from live.embeds import FRAME_ORIGINS, describe
from live.islands import live_island
from live.services import coverage_end, entry_delete, entry_edit, entry_pin
from tests.visible import visible_text

from .factories import make_coverage, make_entry

pytestmark = pytest.mark.django_db


def _page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _entry_ids(html):
    return [int(found) for found in re.findall(r'data-entry="(\d+)"', html)]


@pytest.fixture
def story():
    coverage = make_coverage(article=make_article(headline="Floods in Assam", slug="assam-floods"))
    now = timezone.now()
    entries = [
        make_entry(
            coverage=coverage, title=f"Update {n}", posted_at=now - timedelta(minutes=50 - n)
        )
        for n in range(1, 4)
    ]
    return coverage, entries


def test_the_story_page_shows_every_entry_pinned_first_then_newest_first_without_javascript(
    client, story
):
    coverage, (one, two, three) = story
    entry_pin(entry=one, actor=None)
    html = _page(client, coverage.article)
    assert _entry_ids(html) == [one.pk, three.pk, two.pk]
    text = visible_text(html)
    assert "Live updates" in text
    assert "3 updates" in text
    assert "Pinned" in text
    # The page says where each entry is, so a reader can link to one.
    assert f'id="entry-{two.pk}"' in html
    assert f'href="#entry-{two.pk}"' in html


def test_a_story_not_covered_live_shows_no_live_block(client):
    article = make_article()
    assert "data-live" not in _page(client, article)


def test_a_picture_has_its_caption_and_credit_and_a_quote_its_source(client):
    coverage = make_coverage()
    image = make_image(caption="Library caption", credit="PTI/Ravi Kumar")
    make_entry(coverage=coverage, image=image, image_caption="Rescuers in Dhubri on Tuesday.")
    make_entry(coverage=coverage, quote="We will rebuild.", quote_source="Chief Minister")
    text = visible_text(_page(client, coverage.article))
    assert "Rescuers in Dhubri on Tuesday." in text
    assert "PTI/Ravi Kumar" in text
    assert "We will rebuild." in text
    assert "Chief Minister" in text


def test_an_embedded_post_is_a_link_until_the_reader_asks(client):
    coverage = make_coverage()
    make_entry(coverage=coverage, embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    html = _page(client, coverage.article)
    assert "<iframe" not in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html


@pytest.mark.parametrize(
    ("url", "frame"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://www.instagram.com/p/C1a2b3c4d5/",
            "https://www.instagram.com/p/C1a2b3c4d5/embed/",
        ),
        (
            "https://x.com/PIB_India/status/1234567890123",
            "https://platform.twitter.com/embed/Tweet.html?id=1234567890123&dnt=true",
        ),
        ("https://example.org/post/1", ""),
        ("https://www.youtube.com/watch?v=<script>", ""),
    ],
)
def test_embeds_frame_only_known_providers(url, frame):
    assert describe(url).frame_src == frame


def test_the_policy_frames_exactly_the_embed_providers():
    assert tuple(settings.SECURE_CSP["frame-src"]) == FRAME_ORIGINS


def test_ended_coverage_is_an_archive_with_the_summary_on_top(client, story):
    coverage, _entries = story
    coverage_end(coverage=coverage, summary="<p>Waters receded by Friday.</p>", actor=None)
    html = _page(client, coverage.article)
    text = visible_text(html)
    assert "Live coverage ended" in text
    assert text.index("Waters receded by Friday.") < text.index("Update 3")
    assert "Live updates" not in text


def test_the_island_has_an_etag_answers_304_and_404s_for_other_stories(client, story):
    coverage, _entries = story
    url = live_island.url(coverage.article_id)
    first = client.get(url)
    assert first.status_code == 200
    assert "Update 3" in first.content.decode()
    assert first["Cache-Control"] == "public, max-age=10"
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(live_island.url(make_article().pk)).status_code == 404
    assert client.get("/islands/live/not-a-number/").status_code == 404


def test_a_new_entry_reaches_the_island_and_the_page(client, page_cache, story):
    coverage, _entries = story
    url = live_island.url(coverage.article_id)
    etag = client.get(url)["ETag"]
    _page(client, coverage.article)  # the site's first request makes its settings row
    _page(client, coverage.article)
    assert client.get(coverage.article.get_absolute_url())["X-Page-Cache"] == "hit"
    other = make_article()
    _page(client, other)
    make_entry(coverage=coverage, title="Breaking: dam opened")
    fresh = client.get(url, headers={"if-none-match": etag})
    assert fresh.status_code == 200
    assert "Breaking: dam opened" in fresh.content.decode()
    # Readers without JavaScript see it on reload; a page without it stays cached.
    assert "Breaking: dam opened" in _page(client, coverage.article)
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_edits_and_deletions_reach_readers(client, story):
    coverage, (one, two, _three) = story
    entry_edit(entry=one, actor=None, title="Update one, corrected")
    entry_delete(entry=two, actor=None)
    html = client.get(live_island.url(coverage.article_id)).content.decode()
    assert "Update one, corrected" in html
    assert "(edited" in html
    assert "Update 2" not in html


def test_unpublishing_the_story_takes_the_island_away(client, story):
    coverage, _entries = story
    assert client.get(live_island.url(coverage.article_id)).status_code == 200
    article = coverage.article
    article.status = Article.Status.ARCHIVED
    article.save()
    assert client.get(live_island.url(coverage.article_id)).status_code == 404


def test_the_island_costs_the_same_queries_for_3_and_40_entries(client, story):
    coverage, _entries = story

    def queries():
        live_island.invalidate(coverage.article_id)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(live_island.url(coverage.article_id)).status_code == 200
        return len(captured)

    few = queries()
    for n in range(37):
        make_entry(coverage=coverage, title=f"More {n}", image=make_image() if n < 3 else None)
    assert queries() == few
