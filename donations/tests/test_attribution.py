"""Attribution and appeal tests: the appeal box on a story links with the story and the variant
its readers see (the same for all of them, so the page stays cached); each gift stores them; the
dashboard shows gifts and conversion per story and per variant, with a plain statement."""

import re
from collections import Counter
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from articles.tests.factories import make_article, make_member
from donations.models import AppealVariant, Donation, variant_for
from donations.selectors import (
    appeal_story_conversions,
    appeal_variant_test,
    two_proportion_p_value,
)
from newsroom.cache import CACHE_STATUS_HEADER
from newsroom.models import SiteSettings
from newsroom.roles import FUNDRAISING

from .factories import make_appeal, make_donation
from .test_giving import valid_post

pytestmark = pytest.mark.django_db

SUPPORT = reverse("donations:support")


def _with_variants(appeal, count=2):
    return [
        AppealVariant.objects.create(
            appeal=appeal, position=n, label=f"Variant {n}", body=f"Copy number {n}."
        )
        for n in range(1, count + 1)
    ]


def _appeal_links(html):
    return [unescape(href) for href in re.findall(r'href="(/support/\?[^"]+)"', html)]


def test_a_gift_from_a_cached_story_page_carries_the_story_and_its_variant(page_cache):
    SiteSettings.current()
    appeal = make_appeal()
    variants = _with_variants(appeal)
    story = make_article()
    reader, other = Client(), Client()
    first = reader.get(story.get_absolute_url())
    second = other.get(story.get_absolute_url())
    assert second[CACHE_STATUS_HEADER] == "hit"  # one page for every reader
    html = second.content.decode()
    shown = variant_for(variants, appeal.pk, story.pk)
    assert shown.body in html
    links = _appeal_links(html)
    assert links
    assert all(f"story={story.pk}" in link and f"variant={shown.pk}" in link for link in links)
    assert first.content == second.content
    # The support page (itself cached) keeps them in its form; the gift stores them.
    support = reader.get(links[0]).content.decode()
    assert f'name="story" value="{story.pk}"' in support
    assert shown.body in support
    reader.post(SUPPORT, valid_post(story=story.pk, variant=shown.pk))
    donation = Donation.objects.get()
    assert (donation.source_story_id, donation.appeal_variant) == (story.pk, shown)


def test_a_reader_sees_the_same_variant_of_a_story_every_time_and_stories_spread():
    appeal = make_appeal()
    variants = _with_variants(appeal, 3)
    assert {variant_for(variants, appeal.pk, 42) for _ in range(5)} == {
        variant_for(variants, appeal.pk, 42)
    }
    spread = Counter(variant_for(variants, appeal.pk, story).pk for story in range(1, 301))
    assert len(spread) == 3
    assert min(spread.values()) > 60
    assert variant_for(variants[:1], appeal.pk, 42) is None  # one variant is no test
    assert variant_for(variants, appeal.pk, None) is None


def test_no_test_no_variant_and_bad_attribution_is_dropped(client):
    appeal = make_appeal()
    ended = make_appeal(starts_at=appeal.starts_at - timedelta(days=30), ends_at=appeal.starts_at)
    other_appeal_variant = _with_variants(ended)[0]
    story = make_article()
    html = client.get(story.get_absolute_url()).content.decode()
    assert all("variant=" not in link for link in _appeal_links(html))
    response = client.post(
        SUPPORT, valid_post(story="not-a-number", variant=other_appeal_variant.pk)
    )
    assert response.status_code == 302
    donation = Donation.objects.get()
    assert (donation.source_story_id, donation.appeal_variant) == (None, None)


def test_renewals_add_money_to_the_story_not_conversions(client):
    from donations.services import sandbox_advance

    appeal = make_appeal()
    story = make_article()
    response = client.post(SUPPORT, valid_post(frequency="monthly", story=story.pk))
    client.post(response["Location"], {"result": "succeed"})
    sandbox_advance(months=2)
    (row,) = appeal_story_conversions(appeal)
    assert (row.key, row.started, row.gifts, row.raised_minor) == (story.pk, 1, 1, 3 * 25000)


def test_the_significance_statement():
    assert two_proportion_p_value(50, 100, 50, 100) == pytest.approx(1.0)
    assert two_proportion_p_value(80, 100, 50, 100) < 0.001
    appeal = make_appeal()
    first, second = _with_variants(appeal)
    for _ in range(5):
        make_donation(appeal=appeal, appeal_variant=first, status=Donation.Status.PAID)
    assert appeal_variant_test(appeal).statement.startswith("Too early to tell")
    for variant, paid, unpaid in [(first, 35, 5), (second, 12, 28)]:
        for _ in range(paid):
            make_donation(appeal=appeal, appeal_variant=variant, status=Donation.Status.PAID)
        for _ in range(unpaid):
            make_donation(appeal=appeal, appeal_variant=variant)
    statement = appeal_variant_test(appeal).statement
    assert statement.startswith("“Variant 1” converts better than “Variant 2”")
    assert "unlikely to be chance" in statement


def test_the_dashboard_shows_stories_and_variants(client):
    appeal = make_appeal()
    first, _second = _with_variants(appeal)
    story = make_article(headline="Floods in Assam")
    make_donation(appeal=appeal, source_story_id=story.pk, appeal_variant=first)
    make_donation(
        appeal=appeal,
        source_story_id=story.pk,
        appeal_variant=first,
        status=Donation.Status.PAID,
        amount_minor=70000,
    )
    client.force_login(make_member("funds", FUNDRAISING))
    html = client.get(reverse("dashboard:appeal")).content.decode()
    assert "Floods in Assam" in html
    assert "50%" in html
    assert "₹700" in html
    assert "Too early to tell" in html
    assert "Variant 2" in html


def test_the_admin_refuses_a_test_of_one_variant(admin_client):
    appeal = make_appeal()
    url = reverse("admin:donations_appeal_change", args=[appeal.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not hasattr(value, "isoformat")
    }
    data.update(
        starts_at_0=appeal.starts_at.strftime("%Y-%m-%d"),
        starts_at_1=appeal.starts_at.strftime("%H:%M:%S"),
        **{
            "variants-TOTAL_FORMS": "1",
            "variants-INITIAL_FORMS": "0",
            "variants-0-position": "1",
            "variants-0-label": "Only one",
            "variants-0-body": "Alone.",
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "two to four variants" in response.content.decode()
    assert not AppealVariant.objects.exists()
