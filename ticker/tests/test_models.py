from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_article, make_staff
from newsroom.models import SiteSettings
from ticker.models import TickerItem
from ticker.services import ticker_item_create

from .factories import make_item

pytestmark = pytest.mark.django_db

MICROSECOND = timedelta(microseconds=1)


def test_an_item_is_live_from_its_start_inclusive_to_its_end_exclusive():
    now = timezone.now().replace(microsecond=500)
    starts_now = make_item(starts_at=now, ends_at=now + timedelta(hours=1))
    starts_later = make_item(starts_at=now + MICROSECOND, ends_at=now + timedelta(hours=1))
    ends_now = make_item(starts_at=now - timedelta(hours=1), ends_at=now)
    ends_later = make_item(starts_at=now - timedelta(hours=1), ends_at=now + MICROSECOND)

    live = set(TickerItem.objects.live(now))

    assert live == {starts_now, ends_later}
    assert [item.is_live(now) for item in (starts_now, starts_later, ends_now, ends_later)] == [
        True,
        False,
        False,
        True,
    ]


def test_each_item_is_exactly_one_of_upcoming_live_or_ended_in_queries_and_on_the_row():
    now = timezone.now()
    items = {
        "upcoming": make_item(starts_at=now + timedelta(hours=1)),
        "live": make_item(starts_at=now - timedelta(hours=1)),
        "ended": make_item(starts_at=now - timedelta(hours=2), ends_at=now),
    }
    for state, item in items.items():
        assert list(getattr(TickerItem.objects, state)(now)) == [item]
        assert item.state(now) == state


def test_the_strip_orders_pinned_then_urgency_then_newest():
    now = timezone.now()
    old_breaking = make_item(urgency="breaking", starts_at=now - timedelta(minutes=30))
    new_breaking = make_item(urgency="breaking", starts_at=now - timedelta(minutes=5))
    urgent = make_item(urgency="urgent", starts_at=now - timedelta(minutes=1))
    normal = make_item(urgency="normal", starts_at=now - timedelta(seconds=10))
    pinned_normal = make_item(urgency="normal", pinned=True, starts_at=now - timedelta(hours=2))

    assert list(TickerItem.objects.for_strip(now)) == [
        pinned_normal,
        new_breaking,
        old_breaking,
        urgent,
        normal,
    ]


def test_a_new_item_ends_after_the_site_wide_default(settings):
    site = SiteSettings.current()
    site.ticker_default_hours = 3
    site.save()
    item = ticker_item_create(actor=make_staff(), text="Sensex falls 900 points")
    assert item.ends_at - item.starts_at == timedelta(hours=3)
    assert item.is_live()


def test_an_item_links_to_an_article_or_a_url_never_both():
    item = TickerItem(text="Two links", article=make_article(), url="https://example.org/")
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "url" in error.value.message_dict
    # And the database refuses it too, whoever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        make_item(article=make_article(), url="https://example.org/")


def test_a_new_item_must_end_after_it_starts():
    now = timezone.now()
    item = TickerItem(text="Backwards", starts_at=now, ends_at=now)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error.value.message_dict["ends_at"] == ["The item must end after it starts."]
    with pytest.raises(IntegrityError), transaction.atomic():
        make_item(starts_at=now, ends_at=now - timedelta(seconds=1))


def test_an_item_may_not_link_to_a_story_readers_cannot_see():
    draft = make_article(status=Article.Status.DRAFT)
    with pytest.raises(ValidationError) as error:
        TickerItem(text="Not yet", article=draft).full_clean()
    assert "article" in error.value.message_dict


def test_an_item_drops_its_link_when_its_story_is_unpublished():
    article = make_article()
    item = make_item(article=article)
    assert item.link_url == article.get_absolute_url()
    article.status = Article.Status.ARCHIVED
    article.save()
    item = TickerItem.objects.select_related("article__section").get(pk=item.pk)
    assert item.link_url == ""
    assert str(item) == item.text


def test_the_default_duration_is_kept_within_range_by_the_database():
    site = SiteSettings.current()
    site.ticker_default_hours = 0
    with pytest.raises(ValidationError):
        site.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.filter(pk=site.pk).update(ticker_default_hours=0)
