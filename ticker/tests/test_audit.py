"""Every change to the ticker leaves an audit entry: who, what, when, from which state to which."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_article, make_member
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR
from newsroom.services import audit_entries_for
from ticker.models import TickerItem
from ticker.services import (
    ticker_item_create,
    ticker_item_expire,
    ticker_item_send_article,
    ticker_items_delete,
)

from .factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_member("desk", EDITOR)


def _only_entry(obj):
    entries = list(audit_entries_for(obj))
    assert len(entries) == 1, entries
    return entries[0]


def test_creating_an_item_records_who_and_that_it_went_live(editor):
    item = ticker_item_create(actor=editor, text="Monsoon reaches Kerala")
    entry = _only_entry(item)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        editor,
        "created",
        "",
        "live",
    )
    assert entry.object_repr == "Monsoon reaches Kerala"


def test_an_item_that_starts_later_is_recorded_as_upcoming(editor):
    item = ticker_item_create(
        actor=editor, text="Polls open at 7", starts_at=timezone.now() + timedelta(hours=2)
    )
    assert _only_entry(item).to_state == "upcoming"


def test_expiring_records_live_to_ended_once(editor):
    item = make_item(text="Road closed")
    assert ticker_item_expire(item=item, actor=editor) is True
    assert ticker_item_expire(item=item, actor=editor) is False
    entry = _only_entry(item)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        editor,
        "expired",
        "live",
        "ended",
    )


def test_sending_a_story_names_the_story(editor):
    article = make_article(headline="Rail budget approved")
    item = ticker_item_send_article(article=article, actor=editor)
    entry = _only_entry(item)
    assert entry.action == "sent to ticker"
    assert entry.note == "From the article “Rail budget approved”."


def test_a_refused_send_leaves_no_item_and_no_entry(editor):
    draft = make_article(status=Article.Status.DRAFT)
    with pytest.raises(Exception, match="not published"):
        ticker_item_send_article(article=draft, actor=editor)
    assert not TickerItem.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_change_in_the_admin_names_the_fields_changed(client, editor):
    item = make_item(text="Old words")
    client.force_login(editor)
    now = timezone.localtime()
    response = client.post(
        reverse("admin:ticker_tickeritem_change", args=[item.pk]),
        {
            "text": "New words",
            "language": "en",
            "article": "",
            "url": "",
            "urgency": "urgent",
            "starts_at_0": (now - timedelta(minutes=10)).strftime("%Y-%m-%d"),
            "starts_at_1": (now - timedelta(minutes=10)).strftime("%H:%M:%S"),
            "ends_at_0": (now + timedelta(hours=1)).strftime("%Y-%m-%d"),
            "ends_at_1": (now + timedelta(hours=1)).strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    entry = _only_entry(item)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        editor,
        "changed",
        "live",
        "live",
    )
    assert "text" in entry.note
    assert "urgency" in entry.note


def test_deleting_in_the_admin_leaves_an_entry_that_outlives_the_item(client, editor):
    item = make_item(text="Wrong line")
    pk = item.pk
    client.force_login(editor)
    response = client.post(reverse("admin:ticker_tickeritem_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not TickerItem.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="deleted")
    assert (entry.actor, entry.object_id, entry.object_repr, entry.from_state) == (
        editor,
        pk,
        "Wrong line",
        "live",
    )


def test_bulk_delete_in_the_admin_records_each_item(client, editor):
    first, second = make_item(text="One"), make_item(text="Two")
    client.force_login(editor)
    response = client.post(
        reverse("admin:ticker_tickeritem_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not TickerItem.objects.exists()
    assert sorted(
        AuditEntry.objects.filter(action="deleted").values_list("object_repr", flat=True)
    ) == [
        "One",
        "Two",
    ]


def test_deleting_through_the_service_counts_what_it_deleted(editor):
    item = make_item()
    assert ticker_items_delete(items=[item], actor=editor) == 1
    assert ticker_items_delete(items=[item], actor=editor) == 0
    assert AuditEntry.objects.filter(action="deleted").count() == 1
