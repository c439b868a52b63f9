from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.PUBLISHED, timedelta(minutes=-1), True),
        (Article.Status.PUBLISHED, timedelta(minutes=5), False),  # scheduled, not yet due
        (Article.Status.DRAFT, timedelta(minutes=-1), False),
        (Article.Status.IN_REVIEW, timedelta(minutes=-1), False),
        (Article.Status.ARCHIVED, timedelta(minutes=-1), False),
    ],
)
def test_published_decides_what_readers_see(status, offset, visible):
    article = make_article(status=status, publish_at=timezone.now() + offset)
    assert (article in Article.objects.published()) is visible
    assert article.is_live is visible


def test_scheduled_article_goes_live_when_due_without_a_worker():
    article = make_article(publish_at=timezone.now() + timedelta(seconds=30))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_without_a_time_publishes_now():
    article = make_article(status=Article.Status.PUBLISHED, publish_at=None)
    assert article.publish_at is not None
    assert article.publish_at <= timezone.now()


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<script"),
        ('<p onclick="steal()">Hi</p>', "onclick"),
        ('<p><a href="javascript:alert(1)">x</a></p>', "javascript:"),
        ('<p><a href="JaVaScRiPt:alert(1)">x</a></p>', "avascript"),
        ('<p><img src="x" onerror="alert(1)"></p>', "onerror"),
        ('<p><iframe src="https://evil.example"></iframe></p>', "iframe"),
        ('<p style="background:url(x)">x</p>', "style="),
    ],
)
def test_body_is_sanitised_before_it_is_stored(dirty, forbidden):
    article = make_article(body=dirty)
    article.refresh_from_db()
    assert forbidden not in article.body.lower()


def test_sanitiser_keeps_what_the_editor_makes():
    html = (
        "<h2>Sub-head</h2><p><strong>Bold</strong>, <em>italic</em> and "
        '<a href="https://example.org/report">a link</a>.</p>'
        "<blockquote><p>A quotation.</p></blockquote><ul><li>one</li></ul>"
    )
    article = make_article(body=html)
    article.refresh_from_db()
    for fragment in [
        "<h2>",
        "<strong>",
        "<em>",
        'href="https://example.org/report"',
        "<blockquote>",
    ]:
        assert fragment in article.body


def test_changing_a_live_story_marks_it_updated():
    article = make_article(publish_at=timezone.now() - timedelta(hours=3))
    article = Article.objects.get(pk=article.pk)
    assert not article.shows_updated
    article.body = "<p>New paragraph.</p>"
    article.save()
    assert article.shows_updated
    assert article.corrected_at is None


def test_correction_records_its_time():
    article = Article.objects.get(pk=make_article().pk)
    article.corrections.create(text="An earlier version misstated the date.")
    article.refresh_from_db()
    assert article.corrected_at is not None


def test_editing_a_draft_does_not_mark_it_updated():
    article = Article.objects.get(pk=make_article(status=Article.Status.DRAFT).pk)
    article.body = "<p>Changed.</p>"
    article.save()
    assert article.revised_at is None


def test_scheduled_and_in_review_each_pick_their_own_stories():
    now = timezone.now()
    due_later = make_article(publish_at=now + timedelta(hours=1))
    live = make_article(publish_at=now - timedelta(hours=1))
    waiting = make_article(status=Article.Status.IN_REVIEW)
    make_article(status=Article.Status.DRAFT)
    assert list(Article.objects.scheduled()) == [due_later]
    assert list(Article.objects.scheduled(now + timedelta(hours=2))) == []
    assert list(Article.objects.in_review()) == [waiting]
    assert due_later.is_scheduled
    assert not live.is_scheduled
