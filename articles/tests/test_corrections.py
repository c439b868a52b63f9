"""Corrections as a record (issue 20): any number of dated corrections per story, shown under it
in order, in its JSON-LD, in the /corrections/ archive (newest first, paginated) and its feeds; made
in the story's form, each one in the audit log; a second never overwrites the first."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Correction
from newsroom.models import AuditEntry, SiteSettings
from newsroom.roles import EDITOR, REPORTER
from tests.visible import visible_text

from .factories import make_article, make_member, make_story

pytestmark = pytest.mark.django_db

FIRST = "An earlier version of this story gave the wrong date for the vote."
SECOND = "An earlier version of this story misspelt the minister's name."


def _twice_corrected(**fields):
    article = make_article(publish_at=timezone.now() - timedelta(hours=5), **fields)
    now = timezone.now()
    article.corrections.create(text=SECOND, corrected_at=now - timedelta(hours=1))
    article.corrections.create(text=FIRST, corrected_at=now - timedelta(hours=3))
    return article


def test_two_corrections_show_under_the_story_in_order(client):
    article = _twice_corrected()
    html = client.get(article.get_absolute_url()).content.decode()
    text = visible_text(html)
    assert text.index(FIRST) < text.index(SECOND)
    assert text.count("Correction (") == 2
    for correction in article.corrections.all():
        assert f'id="correction-{correction.pk}"' in html


def test_corrections_are_notices_in_the_json_ld(client):
    article = _twice_corrected()
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    news = next(item for item in map(json.loads, blocks) if item.get("@type") == "NewsArticle")
    notices = news["correction"]
    assert [notice["@type"] for notice in notices] == ["CorrectionComment"] * 2
    assert [notice["text"] for notice in notices] == [FIRST, SECOND]
    assert notices[0]["datePublished"] < notices[1]["datePublished"]
    assert notices[0]["url"].endswith(f"#correction-{article.corrections.first().pk}")


def test_a_story_without_corrections_has_no_notice(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '"correction"' not in html
    assert "Correction (" not in visible_text(html)


def test_the_story_keeps_the_time_of_its_latest_correction_and_says_updated():
    article = _twice_corrected()
    article.refresh_from_db()
    latest = article.corrections.last()
    assert article.corrected_at == latest.corrected_at
    assert article.revised_at == latest.corrected_at
    assert article.shows_updated
    latest.delete()
    article.refresh_from_db()
    assert article.corrected_at == article.corrections.get().corrected_at
    article.corrections.all().delete()
    article.refresh_from_db()
    assert article.corrected_at is None


def test_a_correction_is_not_dated_in_the_future():
    correction = Correction(
        article=make_article(), text=FIRST, corrected_at=timezone.now() + timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="not in the future"):
        correction.full_clean()


def test_the_archive_lists_corrected_stories_most_recently_corrected_first(client):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"corrections_policy": "We correct errors promptly."}
    )
    older = make_article(headline="Older corrected story")
    older.corrections.create(text="Old fix.", corrected_at=timezone.now() - timedelta(days=2))
    newer = _twice_corrected(headline="Newer corrected story")
    make_article(headline="Never corrected")
    draft = make_article(headline="Corrected draft", status=Article.Status.DRAFT)
    draft.corrections.create(text="Not for readers.")

    response = client.get(reverse("articles:corrections"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "We correct errors promptly." in text
    assert text.index(newer.headline) < text.index(older.headline)
    assert text.index(FIRST) < text.index(SECOND)
    assert "Never corrected" not in text
    assert "Corrected draft" not in text
    assert "Not for readers." not in text


def test_the_archive_is_paginated(client):
    stories = [make_article(headline=f"Corrected story {n}") for n in range(21)]
    for minutes, story in enumerate(stories):
        story.corrections.create(
            text="Fixed.", corrected_at=timezone.now() - timedelta(minutes=minutes)
        )
    first = visible_text(client.get(reverse("articles:corrections")).content.decode())
    assert "Corrected story 0" in first
    assert "Corrected story 20" not in first
    assert "Older" in first
    second = client.get(reverse("articles:corrections"), {"page": 2})
    assert "Corrected story 20" in visible_text(second.content.decode())
    assert client.get(reverse("articles:corrections"), {"page": 3}).status_code == 404
    assert client.get(reverse("articles:corrections"), {"page": "x"}).status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_the_archive_reads_a_fixed_number_of_queries(client, count):
    for _ in range(count):
        make_article().corrections.create(text="Fixed.")
    client.get(reverse("articles:corrections"))  # site settings and navigation, once
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("articles:corrections"))
    assert len(queries) <= 6, [query["sql"] for query in queries]


def _rss(client, name):
    content = client.get(reverse(name)).content
    return ET.fromstring(content)  # noqa: S314 - our own feed


def test_the_feeds_carry_each_correction_newest_first(client):
    article = _twice_corrected(headline="Vote story")
    hidden = make_article(status=Article.Status.DRAFT)
    hidden.corrections.create(text="Not for readers.")
    rss = _rss(client, "corrections-feed")
    items = list(rss.iter("item"))
    assert [item.findtext("description") for item in items] == [SECOND, FIRST]
    assert items[0].findtext("title") == "Correction: Vote story"
    assert items[0].findtext("link").endswith(article.corrections.last().get_absolute_url())
    assert items[0].findtext("guid") != items[1].findtext("guid")

    atom = _rss(client, "corrections-feed-atom")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    summaries = [
        entry.findtext("atom:summary", namespaces=ns) for entry in atom.iterfind("atom:entry", ns)
    ]
    assert summaries == [SECOND, FIRST]


def test_the_archive_page_names_its_feeds(client):
    html = client.get(reverse("articles:corrections")).content.decode()
    assert 'type="application/rss+xml" title="Corrections' in html
    assert reverse("corrections-feed") in html
    assert reverse("corrections-feed-atom") in html


# --- In the admin ---------------------------------------------------------------------------------


def _form(article, corrections=(), existing=()):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "authors": [author.pk for author in article.authors.all()],
        "tags": "",
        "dateline_place": "",
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": str(len(existing) + len(corrections)),
        "corrections-INITIAL_FORMS": str(len(existing)),
    }
    for index, correction in enumerate(existing):
        data |= {
            f"corrections-{index}-id": correction.pk,
            f"corrections-{index}-article": article.pk,
            f"corrections-{index}-text": correction.text,
            f"corrections-{index}-corrected_at_0": timezone.localtime(
                correction.corrected_at
            ).strftime("%Y-%m-%d"),
            f"corrections-{index}-corrected_at_1": timezone.localtime(
                correction.corrected_at
            ).strftime("%H:%M:%S"),
        }
    for offset, text in enumerate(corrections, start=len(existing)):
        now = timezone.localtime()
        data |= {
            f"corrections-{offset}-text": text,
            f"corrections-{offset}-corrected_at_0": now.strftime("%Y-%m-%d"),
            f"corrections-{offset}-corrected_at_1": now.strftime("%H:%M:%S"),
        }
    return data


@pytest.fixture
def published(client):
    editor = make_member("editor", EDITOR)
    reporter = make_member("reporter", REPORTER)
    article = make_story(by=reporter, status=Article.Status.PUBLISHED)
    article.publish_at = timezone.now() - timedelta(hours=2)
    article.save()
    client.force_login(editor)
    return editor, article


def test_the_desk_adds_a_second_correction_and_the_first_stays(client, published):
    editor, article = published
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, _form(article, corrections=[FIRST]))
    assert response.status_code == 302, response.content.decode()[:3000]
    first = article.corrections.get()
    assert first.created_by == editor
    response = client.post(url, _form(article, corrections=[SECOND], existing=[first]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(article.corrections.values_list("text", flat=True)) == [FIRST, SECOND]
    notes = list(
        AuditEntry.objects.filter(action=services.CORRECTED)
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes == [FIRST, SECOND]


def test_withdrawing_a_correction_is_in_the_audit_log(client, published):
    editor, article = published
    correction = services.correction_save(
        actor=editor, correction=Correction(article=article, text=FIRST)
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _form(article, existing=[correction]) | {"corrections-0-DELETE": "on"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not article.corrections.exists()
    entry = AuditEntry.objects.get(action=services.CORRECTION_WITHDRAWN)
    assert entry.note == FIRST
    assert entry.actor == editor


def test_an_empty_correction_is_refused_with_a_message(client, published):
    _editor, article = published
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _form(article, corrections=["x"]) | {"corrections-0-text": ""}
    # An empty extra row is simply not saved; one with only a date is a mistake to point out.
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not article.corrections.exists()


def test_a_reporter_cannot_correct_a_published_story():
    reporter = make_member("reporter", REPORTER)
    article = make_story(by=reporter, status=Article.Status.PUBLISHED)
    with pytest.raises(services.WorkflowError):
        services.correction_save(actor=reporter, correction=Correction(article=article, text="x"))
    assert not article.corrections.exists()


def test_a_new_story_has_no_corrections_inline(client, published):
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "corrections-TOTAL_FORMS" not in html
