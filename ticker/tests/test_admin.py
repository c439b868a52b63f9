from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_article, make_staff
from ticker.models import TickerItem

from .factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "x")


@pytest.fixture
def chief_client(client, chief):
    client.force_login(chief)
    return client


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_quick_add_is_text_link_and_urgency_and_takes_the_default_times(chief_client, chief):
    article = make_article(headline="Cabinet approves rail budget")
    add_url = reverse("admin:ticker_tickeritem_add")
    form = chief_client.get(add_url).context["adminform"].form
    assert list(form.fields) == ["text", "article", "url", "urgency"]

    response = chief_client.post(
        add_url,
        {"text": "Cabinet approves rail budget", "article": article.pk, "urgency": "urgent"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = TickerItem.objects.get()
    assert (item.article, item.urgency, item.created_by, item.updated_by) == (
        article,
        "urgent",
        chief,
        chief,
    )
    assert item.ends_at - item.starts_at == timedelta(hours=12)
    assert item.is_live()


def test_quick_add_explains_bad_input(chief_client):
    draft = make_article(status=Article.Status.DRAFT)
    response = chief_client.post(
        reverse("admin:ticker_tickeritem_add"),
        {"text": "  ", "article": draft.pk, "url": "https://example.org/", "urgency": "loud"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"text", "article", "urgency"}
    assert not TickerItem.objects.exists()


def test_expire_now_takes_items_off_the_strip_and_says_so(chief_client, client):
    now = timezone.now()
    live = make_item(text="Still up")
    ended = make_item(
        text="Long gone", starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=2)
    )
    assert "Still up" in client.get("/islands/ticker/").content.decode()

    response = chief_client.post(
        reverse("admin:ticker_tickeritem_changelist"),
        {"action": "expire_now", "_selected_action": [live.pk, ended.pk]},
        follow=True,
    )
    assert messages_of(response) == [
        "1 item taken off the ticker.",
        "1 item had already ended.",
    ]
    live.refresh_from_db()
    ended.refresh_from_db()
    assert not live.is_live()
    assert ended.ends_at < now - timedelta(hours=1)  # left as it was
    assert "Still up" not in client.get("/islands/ticker/").content.decode()


def test_send_to_ticker_links_live_stories_once_and_skips_the_rest(chief_client, chief):
    story = make_article(headline="Sensex closes at a record high")
    draft = make_article(headline="Draft story", status=Article.Status.DRAFT)
    changelist = reverse("admin:articles_article_changelist")

    response = chief_client.post(
        changelist,
        {"action": "send_to_ticker", "_selected_action": [story.pk, draft.pk]},
        follow=True,
    )
    assert messages_of(response) == [
        "“Draft story” is not published.",
        "1 story sent to the ticker.",
    ]
    item = TickerItem.objects.get()
    assert (item.text, item.article, item.created_by) == (story.headline, story, chief)
    assert item.is_live()

    again = chief_client.post(
        changelist, {"action": "send_to_ticker", "_selected_action": [story.pk]}, follow=True
    )
    assert messages_of(again) == ["“Sensex closes at a record high” is already on the ticker."]
    assert TickerItem.objects.count() == 1


def test_send_to_ticker_needs_the_right_to_add_items(client):
    reporter = make_staff("reporter")
    reporter.user_permissions.set(
        Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    client.force_login(reporter)
    story = make_article(created_by=reporter)
    changelist = reverse("admin:articles_article_changelist")
    assert 'value="send_to_ticker"' not in client.get(changelist).content.decode()
    response = client.post(
        changelist, {"action": "send_to_ticker", "_selected_action": [story.pk]}, follow=True
    )
    assert messages_of(response) == ["No action selected."]  # the action is not offered at all
    assert not TickerItem.objects.exists()


def test_change_list_filters_live_items(chief_client):
    now = timezone.now()
    make_item(text="On the strip")
    make_item(text="Tomorrow", starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=2))
    html = chief_client.get(
        reverse("admin:ticker_tickeritem_changelist"), {"state": "live"}
    ).content.decode()
    assert "On the strip" in html
    assert "Tomorrow" not in html
