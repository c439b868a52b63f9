"""A live story to machines and listings: LiveBlogPosting, the news sitemap, feeds, teasers and
the ticker's "Live" label."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_article
from live.services import coverage_end
from newsroom.clock import iso_local
from tests.visible import visible_text
from ticker.services import ticker_item_create

from .factories import make_coverage, make_entry

pytestmark = pytest.mark.django_db


def _json_ld(html):
    return [
        json.loads(found)
        for found in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def _live_blog(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    found = [item for item in _json_ld(html) if item.get("@type") == "LiveBlogPosting"]
    assert len(found) <= 1
    return found[0] if found else None


def test_a_live_story_describes_itself_as_a_live_blog_with_its_updates(client):
    coverage = make_coverage(article=make_article(headline="Chandrayaan landing"))
    now = timezone.now()
    first = make_entry(
        coverage=coverage, title="Descent begins", posted_at=now - timedelta(minutes=9)
    )
    second = make_entry(
        coverage=coverage, body="<p>Touchdown <strong>confirmed</strong>.</p>", posted_at=now
    )
    data = _live_blog(client, coverage.article)
    assert data["headline"] == "Chandrayaan landing"
    assert data["coverageStartTime"] == iso_local(coverage.started_at)
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert [update["@type"] for update in updates] == ["BlogPosting", "BlogPosting"]
    assert updates[0]["articleBody"] == "Touchdown confirmed."
    assert updates[0]["datePublished"] == iso_local(second.posted_at)
    assert updates[1]["headline"] == "Descent begins"
    assert updates[1]["url"].endswith(f"#entry-{first.pk}")


def test_ended_coverage_has_its_end_time(client):
    coverage = make_coverage()
    make_entry(coverage=coverage)
    coverage = coverage_end(coverage=coverage, summary="<p>Done.</p>", actor=None)
    assert _live_blog(client, coverage.article)["coverageEndTime"] == iso_local(coverage.ended_at)


def test_an_ordinary_story_has_no_live_blog(client):
    assert _live_blog(client, make_article()) is None


def test_teasers_say_live_only_while_the_coverage_runs(client):
    coverage = make_coverage(article=make_article(headline="Monsoon session"))
    make_article(headline="An ordinary story", section=coverage.article.section)
    section_page = coverage.article.section.get_absolute_url()
    text = visible_text(client.get(section_page).content.decode())
    assert "Live Monsoon session" in text
    assert "Live An ordinary story" not in text
    coverage_end(coverage=coverage, summary="<p>Adjourned.</p>", actor=None)
    text = visible_text(client.get(section_page).content.decode())
    assert "Live Monsoon session" not in text


def test_a_live_story_stays_in_the_news_sitemap_and_says_live_in_feeds(client):
    old = make_article(
        headline="Three-day summit", slug="summit", publish_at=timezone.now() - timedelta(days=3)
    )
    assert "/summit/" not in client.get("/news-sitemap.xml").content.decode()
    make_coverage(article=old)
    assert "/summit/" in client.get("/news-sitemap.xml").content.decode()
    assert "<title>Live: Three-day summit</title>" in client.get("/feed/").content.decode()


def test_the_ticker_labels_an_item_about_a_live_story(client):
    coverage = make_coverage(article=make_article(headline="Bypoll results"))
    ticker_item_create(actor=None, text="Counting under way", article=coverage.article)
    ticker_item_create(actor=None, text="Markets close higher")
    html = client.get("/islands/ticker/").content.decode()
    live_item = re.search(r"<li[^>]*>.*?Counting under way.*?</li>", html, re.S).group(0)
    other_item = re.search(r"<li[^>]*>.*?Markets close higher.*?</li>", html, re.S).group(0)
    assert "label--live" in live_item
    assert "label--live" not in other_item
    assert Article.objects.get(pk=coverage.article_id).live_status == "live"
