"""The appeal box is kept as a fragment with the site's generations (donations_tags): a story's
edit does not rebuild it, a gift still moves its bar, and an appeal that ends or starts by the
clock leaves or enters cached pages at that moment, with nothing saved."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache.backends import locmem
from django.utils import timezone

from articles.tests.factories import make_article
from donations import invalidation, services
from donations.gateways import GatewayEvent
from donations.models import Appeal
from donations.templatetags import donations_tags
from newsroom.cache import CACHE_STATUS_HEADER
from newsroom.islands import forget_local_copies

from .factories import make_appeal, make_donation

pytestmark = pytest.mark.django_db


def _paid(donation):
    """A gift paid, as the gateway's webhook reports it."""
    services.payment_event_process(
        gateway_name="sandbox",
        event=GatewayEvent(
            event_id=f"evt-{donation.pk}",
            kind="payment.succeeded",
            donation_uuid=donation.uuid,
            outcome="paid",
            amount_minor=donation.amount_minor,
            currency="INR",
            reference=f"ref-{donation.pk}",
        ),
    )


@pytest.fixture
def box_renders(monkeypatch):
    """How many times the appeal box was built (not taken from its fragment)."""
    calls = []
    real = donations_tags._appeal_box
    monkeypatch.setattr(
        donations_tags, "_appeal_box", lambda *args: calls.append(args) or real(*args)
    )
    return calls


def test_an_edit_of_the_story_reuses_the_box_and_a_gift_still_moves_its_bar(client, box_renders):
    appeal = make_appeal(goal=200000)
    article = make_article()
    first = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>₹0</strong> of ₹2,00,000 raised" in first
    assert len(box_renders) == 1
    article.headline = "An edited headline"
    article.save()
    _paid(make_donation(appeal=appeal, amount_minor=5000000))
    forget_local_copies()
    second = client.get(article.get_absolute_url()).content.decode()
    assert "An edited headline" in second
    assert "<strong>₹50,000</strong> of ₹2,00,000 raised" in second  # the island, fresh
    assert len(box_renders) == 1  # the box itself came from its fragment
    assert "<!--appeal-progress-->" not in second


def test_each_story_keeps_its_own_links_and_an_appeal_edit_shows_at_once(client, box_renders):
    appeal = make_appeal()
    one, two = make_article(), make_article()
    assert f"story={one.pk}" in client.get(one.get_absolute_url()).content.decode()
    assert f"story={two.pk}" in client.get(two.get_absolute_url()).content.decode()
    appeal.title = "Fund the monsoon desk"
    appeal.save()
    assert "Fund the monsoon desk" in client.get(one.get_absolute_url()).content.decode()
    assert len(box_renders) == 3


def _clock_moves(monkeypatch, seconds):
    """The site's clock moves on; the tests' in-process cache keeps the real one (as Redis keeps
    the server's), so what it holds is still there to be served."""
    real_time = time.time
    later = real_time() + seconds
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=real_time))
    monkeypatch.setattr(invalidation.time, "time", lambda: later)


def test_an_appeal_that_ends_leaves_cached_pages_when_it_ends(client, page_cache, monkeypatch):
    appeal = make_appeal(ends_at=timezone.now() + timedelta(hours=2))
    article = make_article()
    client.get(article.get_absolute_url())  # the site's first request makes its settings row
    assert "Support Our Journalism" in client.get(article.get_absolute_url()).content.decode()
    assert client.get(article.get_absolute_url())[CACHE_STATUS_HEADER] == "hit"
    # Its end comes, as time would: the row already says so, nothing is saved.
    Appeal.objects.filter(pk=appeal.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    _clock_moves(monkeypatch, 2 * 3600 + 1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Support Our Journalism" not in html


def test_an_appeal_that_starts_enters_cached_pages_when_it_starts(client, page_cache, monkeypatch):
    appeal = make_appeal(starts_at=timezone.now() + timedelta(hours=1))
    article = make_article()
    client.get(article.get_absolute_url())  # the site's first request makes its settings row
    assert "Support Our Journalism" not in client.get(article.get_absolute_url()).content.decode()
    assert client.get(article.get_absolute_url())[CACHE_STATUS_HEADER] == "hit"
    Appeal.objects.filter(pk=appeal.pk).update(starts_at=timezone.now() - timedelta(seconds=1))
    _clock_moves(monkeypatch, 3600 + 1)
    assert "Support Our Journalism" in client.get(article.get_absolute_url()).content.decode()


def test_the_next_change_is_the_soonest_start_or_end():
    now = timezone.now()
    make_appeal(starts_at=now - timedelta(days=2), ends_at=now + timedelta(days=3))
    make_appeal(starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=9))
    assert Appeal.objects.next_change(now) == now + timedelta(days=1)
    assert Appeal.objects.next_change(now + timedelta(days=5)) == now + timedelta(days=9)
    assert Appeal.objects.next_change(now + timedelta(days=10)) is None
