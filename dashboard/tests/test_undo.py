"""Undo for the cheap cases: the message after an unpublish, a rejected comment or an expired
ticker item carries an Undo button that takes the move back, for a short time, audited."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_member, make_story
from comments.models import Comment
from comments.tests.factories import make_comment
from newsroom import roles, undo
from newsroom.services import audit_entries_for
from ticker.tests.factories import make_item

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="token" value="([^"]+)"')
NEXT = re.compile(r'name="next" value="([^"]+)"')


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _undo_button(response):
    """The token and return address of the Undo button in the response's message."""
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    (text,) = [text for text in texts if "Undo" in text]
    assert 'action="/admin/undo/"' in text
    return unescape(TOKEN.search(text).group(1)), unescape(NEXT.search(text).group(1))


def _press(client, token, next_url):
    return client.post(reverse("undo"), {"token": token, "next": next_url})


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_rejecting_a_comment_can_be_undone(client):
    moderator = make_member("moderator", roles.MODERATOR)
    client.force_login(moderator)
    comment = make_comment()
    response = client.post(
        reverse("dashboard:comment_moderate", args=[comment.pk, "reject"]),
        {"next": reverse("dashboard:comments")},
    )
    token, next_url = _undo_button(response)
    assert next_url == reverse("dashboard:comments")
    # The button shows on the page the moderator lands on.
    page = client.get(response["Location"]).content.decode()
    assert "Rejected 1 comment." in page
    assert ">Undo</button>" in page

    response = _press(client, token, next_url)
    assert response.status_code == 302
    assert response["Location"] == next_url
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    entry = audit_entries_for(comment).filter(action="moderation undone").get()
    assert (entry.actor, entry.from_state, entry.to_state) == (moderator, "rejected", "pending")

    # A second press changes nothing more and says why.
    response = _press(client, token, next_url)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert any("moderated again since" in text for text in _messages(response))


def test_approving_a_comment_offers_no_undo(client):
    client.force_login(make_member("moderator", roles.MODERATOR))
    comment = make_comment()
    response = client.post(reverse("dashboard:comment_moderate", args=[comment.pk, "approve"]))
    assert not any("Undo" in text for text in _messages(response))


def test_an_expired_ticker_item_can_be_put_back(client):
    editor = make_member("editor", roles.EDITOR)
    client.force_login(editor)
    item = make_item(text="Heavy rain in Mumbai")
    ends_at = item.ends_at
    response = client.post(reverse("dashboard:ticker_expire", args=[item.pk]))
    item.refresh_from_db()
    assert item.ends_at <= timezone.now()
    token, next_url = _undo_button(response)
    response = _press(client, token, next_url)
    item.refresh_from_db()
    assert item.ends_at == ends_at
    assert item.state() == "live"
    assert audit_entries_for(item).filter(action="expiry undone").count() == 1
    assert any("back on the ticker" in text for text in _messages(response))


def test_an_item_changed_after_its_expiry_is_not_put_back(client):
    editor = make_member("editor", roles.EDITOR)
    client.force_login(editor)
    item = make_item()
    response = client.post(reverse("dashboard:ticker_expire", args=[item.pk]))
    token, next_url = _undo_button(response)
    later = timezone.now() + timedelta(days=2)
    item.refresh_from_db()
    type(item).objects.filter(pk=item.pk).update(ends_at=later)
    response = _press(client, token, next_url)
    item.refresh_from_db()
    assert item.ends_at == later
    assert any("changed since" in text for text in _messages(response))


def test_unpublishing_a_story_can_be_undone_back_under_its_time():
    editor = make_member("editor", roles.EDITOR)
    client = _client(editor)
    story = make_story(status=Article.Status.PUBLISHED, headline="Dam gates opened")
    published_at = story.publish_at
    change_url = reverse("admin:articles_article_change", args=[story.pk])
    # Through the change form's workflow button, as the desk does it.
    data = {
        "headline": story.headline,
        "slug": story.slug,
        "standfirst": story.standfirst,
        "body": story.body,
        "section": story.section_id,
        "authors": [a.pk for a in story.authors.all()],
        "language": "en",
        "urgency": "5",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "_workflow": "archive",
    }
    response = client.post(change_url, data)
    story.refresh_from_db()
    assert story.status == Article.Status.ARCHIVED
    token, next_url = _undo_button(response)
    assert next_url == change_url
    assert ">Undo</button>" in client.get(change_url).content.decode()

    response = _press(client, token, next_url)
    story.refresh_from_db()
    assert story.is_live
    assert story.publish_at == published_at
    entry = audit_entries_for(story).filter(action="published").first()
    assert "Undo of the unpublish" in entry.note
    assert Client().get(story.get_absolute_url()).status_code == 200

    # The same button again: the story is live, so there is nothing to take back.
    response = _press(client, token, next_url)
    assert any("changed since" in text for text in _messages(response))
    story.refresh_from_db()
    assert story.is_live


def test_the_button_is_for_its_maker_and_for_a_short_time(client, monkeypatch):
    editor = make_member("editor", roles.EDITOR)
    client.force_login(editor)
    item = make_item()
    response = client.post(reverse("dashboard:ticker_expire", args=[item.pk]))
    token, next_url = _undo_button(response)

    other = _client(make_member("other", roles.EDITOR))
    assert _press(other, token, next_url).status_code == 403
    assert _press(client, token + "x", next_url).status_code == 400
    assert Client().post(reverse("undo"), {"token": token}).status_code == 302  # sign in first

    monkeypatch.setattr(undo, "UNDO_SECONDS", -1)
    response = _press(client, token, next_url)
    assert any("Too late to undo" in text for text in _messages(response))
    item.refresh_from_db()
    assert item.ends_at <= timezone.now()
    # A foreign return address is not followed.
    monkeypatch.setattr(undo, "UNDO_SECONDS", 300)
    response = _press(client, token, "https://elsewhere.example/")
    assert response["Location"] == reverse("admin:index")


def test_a_bulk_unpublish_can_be_undone_in_one_press():
    editor = make_member("editor", roles.EDITOR)
    client = _client(editor)
    live = make_story(status=Article.Status.PUBLISHED, headline="Dam gates opened")
    other = make_story(status=Article.Status.PUBLISHED, headline="Schools shut in Pune")
    draft = make_story(headline="A draft spiked")
    changelist = reverse("admin:articles_article_changelist")
    response = client.post(
        changelist,
        {
            "action": "archive_selected",
            "_selected_action": [live.pk, other.pk, draft.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert Article.objects.filter(status=Article.Status.ARCHIVED).count() == 3
    token, next_url = _undo_button(response)
    response = _press(client, token, next_url)
    assert any("2 back as they were." in text for text in _messages(response))
    live.refresh_from_db()
    other.refresh_from_db()
    draft.refresh_from_db()
    assert live.is_live
    assert other.is_live
    assert draft.status == Article.Status.ARCHIVED  # a spiked draft was never readers'
