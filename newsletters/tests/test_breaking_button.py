""" "Breaking news e-mail" from the story's own change page: the button (first press) makes the
draft, or opens the one already made, with its preview and "Send now" (second press); only for
those who may send newsletters, and only for a published story."""

import html

import pytest
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import make_article, make_member
from newsletters.models import Issue, Newsletter
from newsroom import roles

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db

BUTTON = reverse("admin:newsletters_issue_breaking")


@pytest.fixture
def breaking(db):
    return make_newsletter(name="Breaking news", kind=Newsletter.Kind.BREAKING)


def _story_page(client, story):
    return client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()


def test_two_presses_from_the_story_page_send_it(
    client, breaking, mailoutbox, django_capture_on_commit_callbacks
):
    make_subscriber("asha@example.org", newsletters=[breaking])
    story = make_article(headline="Earthquake in Assam")
    client.force_login(make_member("desk", roles.EDITOR))
    page = _story_page(client, story)
    assert BUTTON in page
    assert "Breaking news e-mail" in page
    # Press one: the draft, opened with its preview and the send button.
    response = client.post(BUTTON, {"article": story.pk})
    issue = Issue.objects.get()
    assert response["Location"] == reverse("admin:newsletters_issue_change", args=[issue.pk])
    opened = client.get(response["Location"])
    draft = opened.content.decode()
    # The page may frame its preview (this site), and nothing else new.
    frame_src = next(
        part for part in opened["Content-Security-Policy"].split(";") if "frame-src" in part
    )
    assert "'self'" in frame_src
    assert "frame-ancestors 'none'" in opened["Content-Security-Policy"]
    assert reverse("admin:newsletters_issue_preview", args=[issue.pk]) in draft
    assert "Send now to 1 reader" in draft
    # Pressing the story's button again opens the same draft, not a second one.
    again = client.post(BUTTON, {"article": story.pk})
    assert again["Location"] == response["Location"]
    assert Issue.objects.count() == 1
    # Press two: send.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:newsletters_issue_send", args=[issue.pk]))
    [message] = mailoutbox
    assert message.subject == "Breaking: Earthquake in Assam"
    # Once sent, a new press prepares a new draft (a second alert is a new e-mail).
    client.post(BUTTON, {"article": story.pk})
    assert Issue.objects.filter(status=Issue.Status.DRAFT).count() == 1


def test_only_those_who_may_send_see_or_use_the_button(client, breaking):
    story = make_article()
    client.force_login(make_member("reporter", roles.REPORTER))
    # A reporter may open the story (view) but not send newsletters.
    assert BUTTON not in _story_page(client, story)
    assert client.post(BUTTON, {"article": story.pk}).status_code == 403
    assert not Issue.objects.exists()


def test_a_story_readers_cannot_see_has_no_button_and_is_refused(client, breaking):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(make_member("desk", roles.EDITOR))
    assert BUTTON not in _story_page(client, draft)
    response = client.post(BUTTON, {"article": draft.pk}, follow=True)
    assert "Only a published story" in html.unescape(response.content.decode())
    assert not Issue.objects.exists()


def test_bad_presses_get_a_4xx(client, breaking):
    client.force_login(make_member("desk", roles.EDITOR))
    assert client.get(BUTTON).status_code == 405
    assert client.post(BUTTON, {"article": "x"}).status_code == 400
    assert client.post(BUTTON, {"article": "99999999999"}).status_code == 400
    assert client.post(BUTTON, {"article": "424242"}).status_code == 404


def _ticker_item(**fields):
    """A live ticker item (this app imports no ticker code: the model through the registry)."""
    from datetime import timedelta

    from django.apps import apps
    from django.utils import timezone

    now = timezone.now()
    fields.setdefault("starts_at", now - timedelta(minutes=5))
    fields.setdefault("ends_at", now + timedelta(hours=1))
    return apps.get_model("ticker.TickerItem").objects.create(**fields)


def _ticker_page(client, item):
    return client.get(reverse("admin:ticker_tickeritem_change", args=[item.pk])).content.decode()


def test_two_presses_from_a_ticker_item_send_its_line_and_link(
    client, breaking, mailoutbox, django_capture_on_commit_callbacks
):
    make_subscriber("ravi@example.org", newsletters=[breaking])
    item = _ticker_item(text="Flights resume at Chennai airport", url="https://example.org/chennai")
    client.force_login(make_member("desk", roles.EDITOR))
    page = _ticker_page(client, item)
    assert f'name="ticker_item" value="{item.pk}"' in page
    response = client.post(BUTTON, {"ticker_item": item.pk})
    issue = Issue.objects.get()
    assert response["Location"] == reverse("admin:newsletters_issue_change", args=[issue.pk])
    assert "Send now to 1 reader" in client.get(response["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:newsletters_issue_send", args=[issue.pk]))
    [message] = mailoutbox
    assert message.subject == "Breaking: Flights resume at Chennai airport"
    assert "https://example.org/chennai" in message.body


def test_a_ticker_item_button_is_for_senders_and_refuses_bad_or_unpublished_items(client, breaking):
    draft = make_article(status=Article.Status.DRAFT)
    item = _ticker_item(text="Draft story line", article=draft)
    client.force_login(make_member("reporter", roles.REPORTER))
    assert client.post(BUTTON, {"ticker_item": item.pk}).status_code == 403
    client.force_login(make_member("desk", roles.EDITOR))
    assert client.post(BUTTON, {"ticker_item": "x1"}).status_code == 400
    assert client.post(BUTTON, {"ticker_item": "99999"}).status_code == 404
    response = client.post(BUTTON, {"ticker_item": item.pk}, follow=True)
    assert "Only a published story" in html.unescape(response.content.decode())
    assert response.redirect_chain[-1][0] == reverse(
        "admin:ticker_tickeritem_change", args=[item.pk]
    )
    assert not Issue.objects.exists()
