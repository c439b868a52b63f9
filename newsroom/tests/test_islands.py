"""The live-island pattern (newsroom/islands.py): the endpoint, its cache and the template tag."""

import copy
import gzip
import os
import re
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.template import Context, Template

from newsroom import islands
from newsroom.cache import GENERATION_KEY
from newsroom.islands import Island

STATE = {"text": "first", "calls": 0}
ITEMS = {"1": "one", "2": "two"}

# Invalidation also runs after the transaction commits.
pytestmark = pytest.mark.django_db


def _count_state():
    STATE["calls"] += 1
    return {"text": STATE["text"]}


def _item_state(key):
    text = ITEMS.get(key)
    return None if text is None else {"text": text}


@pytest.fixture(autouse=True)
def test_islands(settings):
    template_settings = copy.deepcopy(settings.TEMPLATES)
    template_settings[0]["APP_DIRS"] = False
    template_settings[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.locmem.Loader",
            {"islands-test.html": "<p data-island-announce>Now: {{ text }}</p>"},
        ),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = template_settings
    STATE.update(text="first", calls=0)
    ITEMS.clear()
    ITEMS.update({"1": "one", "2": "two"})
    plain = islands.register(
        Island("test-plain", state=_count_state, template="islands-test.html", poll=30, max_age=7)
    )
    keyed = islands.register(
        Island(
            "test-keyed",
            state=_item_state,
            template="islands-test.html",
            keyed=True,
            announce=True,
        )
    )
    yield plain, keyed
    islands._registry.pop("test-plain")
    islands._registry.pop("test-keyed")


def test_the_endpoint_answers_the_fragment_with_an_etag_and_a_short_public_max_age(client):
    response = client.get("/islands/test-plain/")
    assert response.status_code == 200
    assert response.content.decode() == "<p data-island-announce>Now: first</p>"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=7"
    assert response["X-Robots-Tag"] == "noindex"
    assert re.fullmatch(r'"[0-9a-f]{24}"', response["ETag"])
    # Nothing about the reader in it: no cookie, so a CDN may share it.
    assert not response.cookies


def test_the_endpoint_answers_304_while_the_state_is_the_same(client):
    first = client.get("/islands/test-plain/")
    again = client.get("/islands/test-plain/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert STATE["calls"] == 1  # rendered once, then served from the cache


def test_the_endpoint_compresses_for_browsers_that_accept_gzip(client):
    plain = client.get("/islands/test-plain/")
    compressed = client.get("/islands/test-plain/", headers={"accept-encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    assert "Accept-Encoding" in compressed["Vary"]
    again = client.get(
        "/islands/test-plain/",
        headers={"accept-encoding": "gzip", "if-none-match": compressed["ETag"]},
    )
    assert again.status_code == 304


def test_invalidation_renders_the_island_again_and_changes_the_etag(client, test_islands):
    plain, _keyed = test_islands
    first = client.get("/islands/test-plain/")
    STATE["text"] = "second"
    assert client.get("/islands/test-plain/").content == first.content  # kept until invalidated
    plain.invalidate()
    second = client.get("/islands/test-plain/", headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200
    assert second.content.decode() == "<p data-island-announce>Now: second</p>"
    assert second["ETag"] != first["ETag"]


def test_an_invalidation_that_shows_nothing_new_still_answers_304(client, test_islands):
    plain, _keyed = test_islands
    first = client.get("/islands/test-plain/")
    plain.invalidate()
    again = client.get("/islands/test-plain/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert STATE["calls"] == 2


def test_an_invalidation_by_another_worker_is_seen_through_the_shared_cache(
    client, settings, test_islands
):
    plain, _keyed = test_islands
    client.get("/islands/test-plain/")
    STATE["text"] = "second"
    # Another worker invalidates: it writes the generation to the shared cache; this worker's
    # memory does not hear of it and keeps its copy for ISLANDS_LOCAL_SECONDS at most.
    cache.set(GENERATION_KEY.format(tag=plain.tag()), 12345, timeout=None)
    assert "first" in client.get("/islands/test-plain/").content.decode()
    islands.forget_local_copies()  # ISLANDS_LOCAL_SECONDS later
    assert "second" in client.get("/islands/test-plain/").content.decode()

    settings.ISLANDS_LOCAL_SECONDS = 0  # no memory in the worker: seen at once
    STATE["text"] = "third"
    cache.set(GENERATION_KEY.format(tag=plain.tag()), 67890, timeout=None)
    assert "third" in client.get("/islands/test-plain/").content.decode()


def test_keyed_islands_are_invalidated_one_key_or_all_at_once(client, test_islands):
    _plain, keyed = test_islands
    assert "one" in client.get("/islands/test-keyed/1/").content.decode()
    assert "two" in client.get("/islands/test-keyed/2/").content.decode()
    ITEMS.update({"1": "one again", "2": "two again"})
    keyed.invalidate(key=1)
    assert "one again" in client.get("/islands/test-keyed/1/").content.decode()
    assert "two again" not in client.get("/islands/test-keyed/2/").content.decode()
    keyed.invalidate()
    assert "two again" in client.get("/islands/test-keyed/2/").content.decode()


def test_unknown_islands_keys_and_methods_are_refused_plainly(client):
    assert client.get("/islands/no-such-island/").status_code == 404
    assert client.get("/islands/test-keyed/").status_code == 404  # keyed: a key is needed
    assert client.get("/islands/test-plain/1/").status_code == 404  # not keyed
    assert client.get("/islands/test-keyed/999/").status_code == 404  # nothing at that key
    assert not any(key.endswith(":999:entry") for key in islands._memory.entries)
    assert client.get("/islands/test-keyed/bad%20key/").status_code == 404
    assert client.post("/islands/test-plain/").status_code == 405


def test_the_tag_renders_the_state_for_readers_without_javascript():
    html = Template('{% load islands_tags %}{% island "test-keyed" key %}').render(
        Context({"key": 2})
    )
    assert html.startswith('<div class="island" data-island="test-keyed" ')
    assert 'data-island-src="/islands/test-keyed/2/"' in html
    assert 'data-island-poll="60"' in html
    assert re.search(r'data-island-etag="&quot;[0-9a-f]{24}&quot;"', html)
    assert re.search(r'data-island-built="\d{10}"', html)
    assert "data-island-announce-changes" in html
    assert html.endswith("<p data-island-announce>Now: two</p></div>")


def test_the_tag_and_the_endpoint_agree_on_the_etag(client):
    html = Template('{% load islands_tags %}{% island "test-plain" %}').render(Context())
    etag = re.search(r'data-island-etag="([^"]+)"', html).group(1).replace("&quot;", '"')
    assert client.get("/islands/test-plain/", headers={"if-none-match": etag}).status_code == 304
    assert "data-island-announce-changes" not in html


def test_the_apps_islands_are_found_by_autodiscovery():
    assert islands.get_island("ticker") is not None


REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)")
def test_an_invalidation_in_another_process_reaches_this_one(client, settings):
    """Two gunicorn workers are two processes: an island invalidated in one (a gift paid through
    a webhook) is rendered again in the other, through the shared cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "islands-test",
        }
    }
    cache.clear()
    assert "first" in client.get("/islands/test-plain/").content.decode()
    STATE["text"] = "second"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "settings.CACHES['default']['KEY_PREFIX'] = 'islands-test'; "
        "from newsroom.cache import invalidate, island_tag; invalidate(island_tag('test-plain'))"
    )
    subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        timeout=120,
        check=True,
    )
    islands.forget_local_copies()  # this worker's own copy has lived its ISLANDS_LOCAL_SECONDS
    assert "second" in client.get("/islands/test-plain/").content.decode()
    cache.clear()
