"""Confirmations name the story and what readers will see; reporters withdraw their own
submitted story; the read-only view shows the body as text, not markup."""

import html

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article
from newsroom import clock
from newsroom.roles import EDITOR, REPORTER
from newsroom.services import audit_entries_for

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_member("editor", EDITOR)


@pytest.fixture
def reporter():
    return make_member("reporter", REPORTER)


def _change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_change_form_carries_questions_naming_the_story(client, editor):
    story = make_story(by=editor, headline="Dam gates opened")
    client.force_login(editor)
    page = html.unescape(client.get(_change(story)).content.decode())
    assert 'data-confirm-publish="Publish “Dam gates opened” now? Readers will see it' in page
    assert 'data-confirm-archive="Archive “Dam gates opened”?' in page
    assert "js/admin-confirm.js" in page

    services.article_publish(actor=editor, article=story)
    page = html.unescape(client.get(_change(story)).content.decode())
    assert 'data-confirm-archive="Unpublish “Dam gates opened”? It leaves the home page' in page


def test_republishing_says_the_story_keeps_its_first_time(client, editor):
    story = make_story(by=editor, headline="Old news")
    services.article_publish(actor=editor, article=story)
    services.article_archive(actor=editor, article=story)
    client.force_login(editor)
    page = html.unescape(client.get(_change(story)).content.decode())
    assert f"under its first published time, {clock.dateline(story.publish_at)}" in page


def test_delete_and_restore_ask_naming_the_story(client, editor):
    story = make_story(by=editor, headline="Bridge reopens")
    services.article_publish(actor=editor, article=story)
    client.force_login(editor)
    delete = reverse("admin:articles_article_delete", args=[story.pk])
    page = html.unescape(client.get(delete).content.decode())
    assert "“Bridge reopens” is live: readers lose it at once" in page
    version = services.article_versions(story).first()
    compare = reverse("admin:articles_article_revision_compare", args=[story.pk])
    page = html.unescape(
        client.get(compare, {"old": version.pk, "new": version.pk}).content.decode()
    )
    assert "of “Bridge reopens”? It is saved as a new revision, and readers see" in page


def test_a_reporter_withdraws_their_submitted_story_to_fix_it(client, reporter, editor):
    story = make_story(by=reporter)
    services.article_submit(actor=reporter, article=story)
    client.force_login(reporter)
    page = client.get(_change(story)).content.decode()
    withdraw = reverse("admin:articles_article_withdraw", args=[story.pk])
    assert withdraw in page
    assert "Withdraw to draft" in client.get(withdraw).content.decode()
    response = client.post(withdraw, {"note": "Wrong figure in para 3"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
    entry = audit_entries_for(story).first()
    assert entry.action == services.WITHDRAWN_ACTION
    assert entry.note == "Wrong figure in para 3"
    assert 'name="headline"' in client.get(_change(story)).content.decode()  # editable again


def test_withdrawing_is_only_for_ones_own_story_in_review(client, reporter, editor):
    other = make_member("other", REPORTER)
    story = make_story(by=reporter)
    services.article_submit(actor=reporter, article=story)
    client.force_login(other)
    client.post(reverse("admin:articles_article_withdraw", args=[story.pk]))
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    with pytest.raises(services.WorkflowError):
        services.article_withdraw(actor=other, article=story)
    services.article_publish(actor=editor, article=story)
    with pytest.raises(services.WorkflowError):
        services.article_withdraw(actor=reporter, article=story)


def test_the_read_only_view_shows_the_body_as_text(client, reporter):
    story = make_story(by=reporter, body="<p>Water levels <strong>rose</strong> overnight.</p>")
    services.article_submit(actor=reporter, article=story)
    client.force_login(reporter)
    page = client.get(_change(story)).content.decode()
    assert '<div class="readonly-body"><p>Water levels <strong>rose</strong> overnight.</p>' in page
    assert "&lt;strong&gt;" not in page
