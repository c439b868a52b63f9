"""A page's {% cache %} fragments are read from the shared cache together, in one round trip
(newsroom.cache_backends.BatchedFragmentsMixin), and what one request writes the rest of it
sees."""

import pytest
from django.core.cache import caches
from django.test import Client

from articles.tests.factories import make_article
from donations.tests.factories import make_appeal
from newsroom import cache as page_cache_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch):
    """The keys of every read that reached the fragments' store, one list per round trip."""
    store = caches["template_fragments"]
    round_trips = []
    real = store._read_many

    def counted(keys, version):
        round_trips.append(list(keys))
        return real(keys, version)

    monkeypatch.setattr(store, "_read_many", counted)
    return round_trips


def test_a_story_pages_fragments_are_read_in_one_round_trip(client, reads):
    make_appeal()
    article = make_article()
    client.get(article.get_absolute_url())  # learns which fragments a story page reads
    client.get(article.get_absolute_url())  # (and the site's settings row is made)
    reads.clear()
    html = client.get(article.get_absolute_url()).content.decode()
    assert len(reads) == 1
    # The sections bar, the Follow us links, the appeal, two sign-up forms, the related stories,
    # the comment form, the rail's Latest list.
    assert len(reads[0]) >= 8
    assert "Support Our Journalism" in html
    assert 'name="page" value="' in html


def test_another_story_reads_what_it_shares_with_the_last_in_the_same_round_trip(client, reads):
    make_appeal()
    one, two = make_article(), make_article()
    client.get(one.get_absolute_url())
    client.get(one.get_absolute_url())
    reads.clear()
    client.get(two.get_absolute_url())
    # The first read brings the last story page's fragments; the second story's own (its related
    # stories, its appeal links...) are misses, each read then rendered and written.
    assert len(reads[0]) >= 8
    shared = set(reads[0])
    assert all(len(keys) == 1 and keys[0] not in shared for keys in reads[1:])


def test_a_fragment_written_is_seen_by_the_rest_of_the_request_without_a_read(reads):
    store = caches["template_fragments"]
    page_cache_module._request_started()
    try:
        assert store.get("template.cache.example.0") is None
        store.set("template.cache.example.0", "kept", 60)
        assert store.get("template.cache.example.0") == "kept"
        assert len(reads) == 1
    finally:
        page_cache_module._request_finished()


def test_outside_a_request_each_read_goes_to_the_store(reads):
    store = caches["template_fragments"]
    store.set("template.cache.example.1", "kept", 60)
    assert store.get("template.cache.example.1") == "kept"
    assert store.get("template.cache.example.1") == "kept"
    assert reads == []  # plain reads, not batched


def test_the_sign_up_forms_name_the_page_they_are_on(client):
    one, two = make_article(), make_article()
    for article in (one, two):
        html = client.get(article.get_absolute_url()).content.decode()
        assert html.count(f'name="page" value="{article.get_absolute_url()}"') == 2
    # Kept once per form, not once per page: the address goes in on each render.
    html = Client().get("/?a=<b>").content.decode()
    assert html.count('name="page" value="/"') == 1
    assert "@page@" not in html
