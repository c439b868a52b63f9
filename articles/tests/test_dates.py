"""Dates that mean what they say: the first-published time survives unpublish and re-publish,
and the desk may file wire copy under its real, earlier time (audited; the dateline shows it)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from newsroom import clock
from newsroom.roles import EDITOR, REPORTER
from newsroom.services import audit_entries_for
from tests.visible import visible_text

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_member("editor", EDITOR)


@pytest.fixture
def reporter():
    return make_member("reporter", REPORTER)


def test_republishing_after_an_unpublish_keeps_the_first_published_time(editor):
    story = make_story(by=editor)
    services.article_publish(actor=editor, article=story)
    first = story.publish_at
    assert story.first_published_at == first
    services.article_archive(actor=editor, article=story)
    services.article_publish(actor=editor, article=story)
    story.refresh_from_db()
    assert story.is_live
    assert story.publish_at == first  # not back on the home page as fresh news
    assert story.first_published_at == first


def test_a_story_published_before_the_field_existed_keeps_its_time_too(editor):
    went_out = timezone.now() - timedelta(days=3)
    story = make_story(status=Article.Status.PUBLISHED, publish_at=went_out)
    Article.objects.filter(pk=story.pk).update(first_published_at=None)
    story.refresh_from_db()
    services.article_archive(actor=editor, article=story)
    services.article_publish(actor=editor, article=story)
    story.refresh_from_db()
    assert story.publish_at == went_out
    assert story.first_published_at == went_out


def test_a_schedule_that_never_went_out_is_not_a_first_publication(editor):
    story = make_story(by=editor)
    later = timezone.now() + timedelta(hours=5)
    services.article_schedule(actor=editor, article=story, publish_at=later)
    assert story.first_published_at == later  # the plan
    services.article_archive(actor=editor, article=story)
    assert story.first_published_at is None
    services.article_publish(actor=editor, article=story)
    assert story.first_published_at == story.publish_at
    assert story.publish_at > later - timedelta(hours=5)


def test_backdated_filing_shows_the_real_time_and_is_audited(client, editor):
    story = make_story(by=editor)
    filed = (timezone.now() - timedelta(hours=7)).replace(second=0, microsecond=0)
    services.article_backdate(
        actor=editor, article=story, publish_at=filed, note="PTI copy filed at that time"
    )
    story.refresh_from_db()
    assert story.is_live
    assert story.publish_at == filed
    assert story.first_published_at == filed
    entry = audit_entries_for(story).first()
    assert entry.action == services.BACKDATED_ACTION
    assert entry.actor == editor
    assert clock.dateline(filed) in entry.note
    assert "PTI copy filed at that time" in entry.note
    page = visible_text(client.get(story.get_absolute_url()).content.decode())
    assert clock.dateline(filed) in page


@pytest.mark.parametrize(
    ("offset", "note", "message"),
    [
        (timedelta(hours=2), "Wire time", "in the future"),
        (-timedelta(days=400), "Wire time", "at most a year back"),
        (-timedelta(hours=2), "  ", "Say why"),
    ],
)
def test_backdating_is_refused_with_a_reason(editor, offset, note, message):
    story = make_story(by=editor)
    with pytest.raises(services.WorkflowError, match=message):
        services.article_backdate(
            actor=editor, article=story, publish_at=timezone.now() + offset, note=note
        )
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_a_reporter_may_not_backdate(reporter):
    story = make_story(by=reporter)
    with pytest.raises(services.WorkflowError):
        services.article_backdate(
            actor=reporter, article=story, publish_at=timezone.now(), note="Wire"
        )


def test_backdating_from_the_change_form(client, editor):
    story = make_story(by=editor)
    client.force_login(editor)
    filed = clock.local() - timedelta(hours=3)
    data = {
        "headline": story.headline,
        "slug": story.slug,
        "standfirst": story.standfirst,
        "body": story.body,
        "section": story.section_id,
        "authors": [author.pk for author in story.authors.all()],
        "tags": "",
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "_workflow": "backdate",
        "_workflow_publish_at": filed.strftime("%Y-%m-%dT%H:%M"),
        "_workflow_note": "Reuters filing time",
    }
    url = reverse("admin:articles_article_change", args=[story.pk])
    assert 'value="backdate"' in client.get(url).content.decode()
    response = client.post(url, data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_live
    assert clock.local(story.publish_at).strftime("%Y-%m-%d %H:%M") == filed.strftime(
        "%Y-%m-%d %H:%M"
    )


def test_republishing_a_changed_story_says_updated_at_the_republish(editor):
    story = make_story(by=editor)
    services.article_publish(actor=editor, article=story)
    first = story.publish_at
    services.article_archive(actor=editor, article=story)
    story.headline = "Corrected headline while off the site"
    story.save()
    assert story.changed_while_unpublished
    before = timezone.now()
    services.article_publish(actor=editor, article=story)
    story.refresh_from_db()
    assert story.publish_at == first
    assert story.revised_at >= before  # the moment readers got the new text
    assert story.shows_updated
    assert not story.changed_while_unpublished
    text = visible_text(Client().get(story.get_absolute_url()).content.decode())
    assert f"Updated {clock.dateline(story.revised_at)}" in text


def test_republishing_an_unchanged_story_says_nothing_of_an_update(editor):
    story = make_story(by=editor)
    services.article_publish(actor=editor, article=story)
    services.article_archive(actor=editor, article=story)
    services.article_publish(actor=editor, article=story)
    story.refresh_from_db()
    assert not story.shows_updated
    assert "Updated" not in visible_text(Client().get(story.get_absolute_url()).content.decode())
