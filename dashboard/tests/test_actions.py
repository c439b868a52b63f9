"""What each dashboard action does, what it records in the audit log, and what it says."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_article, make_member, make_staff, make_story
from comments.models import Comment
from comments.tests.factories import make_comment
from donations.models import Donation
from donations.tests.factories import make_appeal, make_donation
from newsroom import roles
from newsroom.models import AuditEntry
from newsroom.services import audit_entries_for, audit_record
from ticker.models import TickerItem
from ticker.services import ticker_item_create

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def moderator(client):
    user = make_member("moderator", roles.MODERATOR)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = make_member("editor", roles.EDITOR)
    client.force_login(user)
    return user


# --- Comments ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "audit_action"),
    [
        ("approve", Comment.Status.APPROVED, "approved"),
        ("reject", Comment.Status.REJECTED, "rejected"),
        ("spam", Comment.Status.SPAM, "marked spam"),
    ],
)
def test_moderating_one_comment(client, moderator, action, status, audit_action):
    comment = make_comment()
    response = client.post(
        reverse("dashboard:comment_moderate", args=[comment.pk, action]),
        {"next": reverse("dashboard:index")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:index")
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == moderator
    (entry,) = audit_entries_for(comment)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        moderator,
        audit_action,
        "pending",
        status,
    )
    assert len(_messages(response)) == 1


def test_an_approved_comment_shows_on_the_article(client, moderator):
    article = make_article()
    comment = make_comment(article=article, body="The flyover has been closed since May.")
    assert comment.body not in client.get(article.get_absolute_url()).content.decode()
    client.post(reverse("dashboard:comment_moderate", args=[comment.pk, "approve"]))
    assert comment.body in client.get(article.get_absolute_url()).content.decode()


def test_moderating_twice_changes_nothing_and_records_once(client, moderator):
    comment = make_comment()
    url = reverse("dashboard:comment_moderate", args=[comment.pk, "approve"])
    client.post(url)
    response = client.post(url)
    assert "was already “Approved”; nothing changed." in _messages(response)[-1]
    assert audit_entries_for(comment).count() == 1


def test_bulk_moderation_changes_only_the_ticked_waiting_comments(client, moderator):
    ticked = [make_comment(), make_comment()]
    untouched = make_comment()
    already = make_comment(status=Comment.Status.REJECTED)
    response = client.post(
        reverse("dashboard:comments_bulk"),
        {"action": "approve", "comments": [c.pk for c in [*ticked, already]]},
    )
    assert response.status_code == 302
    assert {c.status for c in Comment.objects.filter(pk__in=[c.pk for c in ticked])} == {
        Comment.Status.APPROVED
    }
    untouched.refresh_from_db()
    already.refresh_from_db()
    assert untouched.status == Comment.Status.PENDING
    # One another moderator had dealt with stays as they left it.
    assert already.status == Comment.Status.REJECTED
    assert AuditEntry.objects.filter(action="approved").count() == 2
    assert not audit_entries_for(already).exists()
    assert _messages(response) == [
        "Approved 2 comments; they are on their articles now.",
        "1 selected comment was no longer waiting and was left as it was.",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "approve"}, "Tick at least one comment first."),
        ({"comments": ["1"]}, "Choose what to do with the selected comments."),
        ({"action": "delete", "comments": ["1"]}, "Choose approve, reject or mark as spam."),
        ({"action": "spam", "comments": ["1; DROP"]}, "The selection was not understood"),
    ],
)
def test_bulk_moderation_refuses_bad_input_with_a_message(client, moderator, data, message):
    comment = make_comment()
    data = {
        key: [str(comment.pk) if v == "1" else v for v in value] if key == "comments" else value
        for key, value in data.items()
    }
    response = client.post(reverse("dashboard:comments_bulk"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not AuditEntry.objects.exists()


def test_comment_detail_shows_the_article_and_the_readers_earlier_comments(client, moderator):
    article = make_article(headline="Water tankers for Dwarka")
    earlier = make_comment(email="ravi@example.org", body="First time here.")
    other_reader = make_comment(email="someone@example.org", body="Not the same reader.")
    comment = make_comment(article=article, email="ravi@example.org", body="Again, thanks.")
    html = client.get(reverse("dashboard:comment", args=[comment.pk])).content.decode()
    assert "Water tankers for Dwarka" in html
    assert earlier.body in html
    assert other_reader.body not in html


def test_the_dashboard_refuses_a_post_without_a_csrf_token(moderator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    comment = make_comment()
    response = client.post(reverse("dashboard:comment_moderate", args=[comment.pk, "approve"]))
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    # With the page's token the same post goes through.
    page = client.get(reverse("dashboard:comments"))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("dashboard:comment_moderate", args=[comment.pk, "approve"]),
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


# --- Articles ------------------------------------------------------------------------------------


def test_publishing_from_the_queue(client, editor):
    story = make_story(status=Article.Status.IN_REVIEW, headline="Metro fares rise")
    response = client.post(reverse("dashboard:article_publish", args=[story.pk]))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_live
    assert audit_entries_for(story).get().action == "published"
    assert _messages(response) == ["Published “Metro fares rise”."]


def test_a_workflow_refusal_is_a_message_not_an_error(client, editor):
    story = make_story(status=Article.Status.ARCHIVED)
    story.authors.clear()  # Not ready: no byline.
    response = client.post(reverse("dashboard:article_publish", args=[story.pk]))
    assert response.status_code == 302
    assert "not ready" in _messages(response)[0]
    story.refresh_from_db()
    assert story.status == Article.Status.ARCHIVED
    assert not AuditEntry.objects.exists()


def test_scheduling_from_the_queue(client, editor):
    story = make_story(status=Article.Status.IN_REVIEW)
    when = timezone.localtime() + timedelta(days=1)
    response = client.post(
        reverse("dashboard:article_schedule", args=[story.pk]),
        {"publish_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_scheduled
    assert story.publish_at == when.replace(second=0, microsecond=0)
    assert audit_entries_for(story).get().action == "scheduled"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Give the date and time to publish at."),
        ("tomorrow", "Give the date and time as shown"),
        ("2020-01-01T10:00", "The time to publish must be in the future."),
    ],
)
def test_scheduling_refuses_a_bad_time_with_the_form_again(client, editor, value, message):
    story = make_story(status=Article.Status.IN_REVIEW)
    response = client.post(
        reverse("dashboard:article_schedule", args=[story.pk]),
        {"publish_at": value, "next": reverse("dashboard:queue")},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert not AuditEntry.objects.exists()


def test_returning_needs_a_note_and_records_it(client, editor):
    story = make_story(status=Article.Status.IN_REVIEW)
    url = reverse("dashboard:article_return", args=[story.pk])
    refused = client.post(url, {"note": "   "})
    assert refused.status_code == 400
    assert "a returned article needs a note" in refused.content.decode()
    response = client.post(url, {"note": "Attribute the figures to the ministry."})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
    entry = audit_entries_for(story).get()
    assert (entry.action, entry.note) == ("returned", "Attribute the figures to the ministry.")


def test_scheduled_and_published_pages_list_the_right_articles(client, editor):
    later = make_article(headline="Budget at noon", publish_at=timezone.now() + timedelta(hours=3))
    live = make_article(headline="Rain in Chennai")
    scheduled = client.get(reverse("dashboard:scheduled")).content.decode()
    published = client.get(reverse("dashboard:published")).content.decode()
    assert later.headline in scheduled
    assert live.headline not in scheduled
    assert live.headline in published
    assert later.headline not in published


# --- Ticker --------------------------------------------------------------------------------------


def test_quick_add_puts_an_item_on_the_ticker_and_records_it(client, editor):
    response = client.post(
        reverse("dashboard:ticker_add"),
        {"text": "Sensex closes at record high", "urgency": "urgent"},
    )
    assert response.status_code == 302
    item = TickerItem.objects.live().get()
    assert (item.text, item.urgency, item.created_by) == (
        "Sensex closes at record high",
        "urgent",
        editor,
    )
    entry = audit_entries_for(item).get()
    assert (entry.actor, entry.action) == (editor, "created")
    assert "Sensex closes at record high" in client.get("/islands/ticker/").content.decode()


def test_quick_add_refuses_bad_input_with_the_form_again(client, editor):
    response = client.post(
        reverse("dashboard:ticker_add"),
        {"text": "Both links", "urgency": "normal", "url": "https://example.org/", "article": ""},
    )
    assert response.status_code == 302  # Valid: a URL alone is fine.
    response = client.post(reverse("dashboard:ticker_add"), {"text": "", "urgency": "loud"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "Select a valid choice." in html
    assert TickerItem.objects.count() == 1


def test_expiring_an_item_takes_it_off_once(client, editor):
    item = ticker_item_create(actor=editor, text="Flights delayed at Delhi airport")
    url = reverse("dashboard:ticker_expire", args=[item.pk])
    first = client.post(url)
    second = client.post(url)
    assert not TickerItem.objects.live().exists()
    assert audit_entries_for(item).filter(action="expired").count() == 1
    (message,) = _messages(first)
    assert message.startswith("Took “Flights delayed at Delhi airport” off the ticker. ")
    assert ">Undo</button>" in message  # newsroom.undo: dashboard/tests/test_undo.py
    assert "had already ended" in _messages(second)[-1]


# --- Appeal and audit ----------------------------------------------------------------------------


def test_the_appeal_panel_shows_raised_against_goal_and_todays_gifts(client):
    client.force_login(make_member("fundraiser", roles.FUNDRAISING))
    appeal = make_appeal(goal=200_000)
    make_donation(appeal=appeal, status=Donation.Status.PAID, amount_minor=1_20_000_00)
    make_donation(
        appeal=appeal,
        status=Donation.Status.PAID,
        amount_minor=4_000_00,
        paid_at=timezone.now() - timedelta(days=2),
        name="Earlier Donor",
    )
    make_donation(appeal=appeal, status=Donation.Status.PENDING, amount_minor=9_999_00)
    html = client.get(reverse("dashboard:appeal")).content.decode()
    assert "₹1,24,000 raised of ₹2,00,000 (62%)" in html
    assert "<strong data-today-total>₹1,20,000</strong> from 1 donation." in html
    assert "Earlier Donor" not in html


def test_the_appeal_panel_says_when_no_appeal_is_live(client):
    client.force_login(make_member("fundraiser2", roles.FUNDRAISING))
    assert "No appeal is live now." in client.get(reverse("dashboard:appeal")).content.decode()


def test_the_audit_page_lists_entries_newest_first(client, editor):
    story = make_story(status=Article.Status.IN_REVIEW, headline="Older move")
    audit_record(actor=editor, action="published", obj=story)
    audit_record(actor=editor, action="archived", obj=story)
    html = client.get(reverse("dashboard:audit")).content.decode()
    assert html.index("<td>archived</td>") < html.index("<td>published</td>")


def _landing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    return len(queries), response


def _add_items(count, actor):
    appeal = make_appeal(goal=100_000) if not Donation.objects.exists() else None
    for _ in range(count):
        make_story(status=Article.Status.IN_REVIEW)
        make_article(publish_at=timezone.now() + timedelta(days=1))
        make_comment()
        ticker_item_create(actor=actor, text="An item")
        if appeal is not None:
            make_donation(appeal=appeal, status=Donation.Status.PAID)


def test_the_landing_page_counts_in_a_fixed_number_of_queries(client):
    chief = make_staff("chief", is_superuser=True)
    client.force_login(chief)
    _add_items(1, chief)
    with_one, response = _landing_queries(client)
    html = response.content.decode()
    assert 'data-count="in-review">1<' in html
    assert 'data-count="comments-waiting">1<' in html
    _add_items(29, chief)
    with_thirty, response = _landing_queries(client)
    html = response.content.decode()
    assert 'data-count="in-review">30<' in html
    assert 'data-count="scheduled">30<' in html
    assert 'data-count="comments-waiting">30<' in html
    assert with_thirty == with_one


def test_every_form_on_the_landing_page_has_ids_of_its_own(client):
    """Each queued story carries its own schedule and return forms; the ticker's quick-add form
    sits under a heading of its own: no id may be used twice on the page."""
    client.force_login(make_staff("chief", is_superuser=True))
    for _ in range(2):
        make_story(status=Article.Status.IN_REVIEW)
    html = client.get(reverse("dashboard:index")).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    assert sum(name.startswith("schedule-") and name[9:].isdigit() for name in ids) == 2
    assert "ticker-add-form" in ids
