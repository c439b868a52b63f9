"""Tags and generations (newsroom.cache): invalidating one tag leaves the others alone."""

import pytest
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from articles.models import Section
from newsroom.cache import (
    SITE,
    article_tag,
    generations,
    invalidate,
    invalidate_on_change,
    island_tag,
)

pytestmark = pytest.mark.django_db


def test_a_generation_is_stable_until_its_tag_is_invalidated():
    first = generations([SITE, article_tag("monsoon")])
    assert generations([SITE, article_tag("monsoon")]) == first
    invalidate(article_tag("monsoon"))
    second = generations([SITE, article_tag("monsoon")])
    assert second[SITE] == first[SITE]
    assert second[article_tag("monsoon")] != first[article_tag("monsoon")]


def test_invalidating_several_tags_moves_each_and_no_other():
    before = generations(["a", "b", island_tag("ticker")])
    invalidate("a", island_tag("ticker"))
    after = generations(["a", "b", island_tag("ticker")])
    assert after["a"] != before["a"]
    assert after[island_tag("ticker")] != before[island_tag("ticker")]
    assert after["b"] == before["b"]


def test_a_generation_lost_with_the_cache_is_not_reused():
    from django.core.cache import cache

    first = generations(["a"])["a"]
    cache.clear()
    assert generations(["a"])["a"] != first


@pytest.mark.django_db(transaction=True)
def test_invalidate_bumps_again_after_the_commit():
    before = generations(["a"])["a"]
    with transaction.atomic():
        invalidate("a")
        during = generations(["a"])["a"]
        assert during != before
    assert generations(["a"])["a"] != during


@pytest.fixture
def section_tags():
    uid = invalidate_on_change(Section, lambda section: [f"test-section:{section.slug}"])
    yield
    post_save.disconnect(sender=Section, dispatch_uid=uid)
    post_delete.disconnect(sender=Section, dispatch_uid=uid)


@pytest.mark.usefixtures("section_tags")
def test_invalidate_on_change_wires_saves_and_deletes():
    section = Section.objects.create(name="Weather", slug="weather")
    tag = "test-section:weather"
    before = generations([tag])[tag]
    section.name = "Climate"
    section.save()
    after_save = generations([tag])[tag]
    assert after_save != before
    section.delete()
    assert generations([tag])[tag] != after_save
