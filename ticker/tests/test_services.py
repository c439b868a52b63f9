import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone, translation

from articles.tests.factories import make_article, make_staff
from newsroom.demo import read_demo_data
from newsroom.models import SiteSettings
from ticker.models import TickerItem
from ticker.services import ticker_item_expire, ticker_item_send_article

from .factories import make_item

pytestmark = pytest.mark.django_db


def test_expiring_an_item_that_has_not_started_means_it_never_shows():
    editor = make_staff()
    now = timezone.now()
    item = make_item(starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=5))
    assert ticker_item_expire(item=item, actor=editor, now=now) is True
    item.refresh_from_db()
    assert item.starts_at == item.ends_at == now
    assert item.updated_by == editor
    assert not TickerItem.objects.live(now).exists()
    assert not TickerItem.objects.live(now + timedelta(hours=2)).exists()
    assert ticker_item_expire(item=item, actor=editor) is False


def test_a_story_goes_on_the_ticker_once_while_it_is_live():
    editor = make_staff()
    story = make_article(headline="Monsoon reaches Kerala")
    item = ticker_item_send_article(article=story, actor=editor, urgency="breaking")
    assert (item.text, item.urgency, item.article) == ("Monsoon reaches Kerala", "breaking", story)
    with pytest.raises(ValidationError, match="already on the ticker"):
        ticker_item_send_article(article=story, actor=editor)
    ticker_item_expire(item=item, actor=editor)
    # Once it is off the strip, it may be sent again (a new development, say).
    assert ticker_item_send_article(article=story, actor=editor).pk != item.pk


def _demo_load_time(items):
    """When load_demo ran (in this session's set-up): each item's start plus its age."""
    loaded = {
        TickerItem.objects.get(text=data["text"]).starts_at
        + timedelta(minutes=data["posted_minutes_ago"])
        for data in items
    }
    assert len(loaded) == 1, loaded
    return loaded.pop()


def test_demo_ticker_is_live_and_loading_it_twice_adds_nothing(demo_newsroom):
    assert demo_newsroom.rows_after_second_load["ticker.TickerItem"] == TickerItem.objects.count()
    items = read_demo_data("ticker", "items")
    assert TickerItem.objects.count() == len(items)
    # Each language's strip has its own items (English pages show the English ones).
    english = [data for data in items if data.get("language", "en") == "en"]
    live = list(TickerItem.objects.for_strip(_demo_load_time(items)))
    assert len(live) == len(english)
    assert sum(1 for item in live if item.link_url) == sum(1 for data in english if data["article"])
    assert live[0].text == english[0]["text"]
    with translation.override("hi"):
        hindi = list(TickerItem.objects.for_strip(_demo_load_time(items)))
    assert {item.text for item in hindi} == {
        data["text"] for data in items if data.get("language") == "hi"
    }


def test_demo_ticker_items_end_after_the_normal_lifetime_while_the_demo_runs(demo_newsroom):
    loaded = _demo_load_time(read_demo_data("ticker", "items"))
    lifetime = timedelta(hours=SiteSettings.current().ticker_default_hours)
    items = list(TickerItem.objects.all())
    # Like an item posted without an end time: up for the site-wide default from its start.
    assert {item.ends_at - item.starts_at for item in items} == {lifetime}
    assert len({item.ends_at for item in items}) == len(items)  # one after another

    def urgencies_on_the_strip(hours):
        return {item.urgency for item in TickerItem.objects.live(loaded + timedelta(hours=hours))}

    # The breaking items leave the strip in the demo's first hours, the urgent ones next, and
    # nothing stays up past the lifetime.
    assert urgencies_on_the_strip(0) == {"breaking", "urgent", "normal"}
    assert urgencies_on_the_strip(2) == {"urgent", "normal"}
    assert urgencies_on_the_strip(6) == {"normal"}
    assert urgencies_on_the_strip(lifetime.total_seconds() / 3600) == set()


def test_reloading_the_demo_posts_the_ticker_afresh(demo_newsroom):
    TickerItem.objects.update(ends_at=F("starts_at"))  # the demo ran out
    assert not TickerItem.objects.live().exists()
    call_command("load_demo", stdout=io.StringIO())
    assert TickerItem.objects.live().count() == len(read_demo_data("ticker", "items"))
