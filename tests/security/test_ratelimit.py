"""Rate limits on the cache: local memory always, the real Redis when REDIS_URL is set."""

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from newsroom.http import client_address
from newsroom.ratelimit import _request_key, is_limited, parse_rate

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": "newsroom",
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
}
# Nothing listens on port 1: this is Redis stopped.
REDIS_DOWN = {**REDIS, "LOCATION": "redis://127.0.0.1:1/0"}


def _from(address):
    return RequestFactory().post("/support/", REMOTE_ADDR=address)


def hit(address, rate="3/m", group="donate"):
    """One counted request from `address`: True while it is within the limit."""
    return not is_limited(_from(address), group=group, rate=rate)


needs_redis = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)")


@pytest.fixture(
    params=[
        pytest.param(LOCMEM, id="locmem"),
        pytest.param(REDIS, id="redis", marks=[pytest.mark.redis, needs_redis]),
    ]
)
def backend(request, settings):
    # Every alias on the one store: the 429 page is a reader page with {% cache %} fragments.
    settings.CACHES = {
        "default": request.param,
        "pages": request.param,
        "template_fragments": {**request.param, "KEY_FUNCTION": "newsroom.cache.fragment_key"},
    }
    cache.clear()
    yield request.param
    cache.clear()


def test_rates_are_read_as_count_per_period():
    assert parse_rate("10/m") == (10, 60)
    assert parse_rate("5/30s") == (5, 30)
    assert parse_rate("100/h") == (100, 3600)
    assert parse_rate("1000/d") == (1000, 86400)
    with pytest.raises(ValueError, match="not of the form"):
        parse_rate("ten a minute")


def test_a_client_is_limited_after_the_rate_and_others_are_not(backend):
    assert [hit("1.2.3.4") for _ in range(5)] == [True, True, True, False, False]
    # Another client, and the same client in another group, have their own counts.
    assert hit("5.6.7.8") is True
    assert hit("1.2.3.4", group="comments") is True


def test_concurrent_hits_are_counted_exactly(backend):
    allowed = []
    lock = threading.Lock()

    def worker():
        for _ in range(10):
            result = hit("192.0.2.1", rate="25/m", group="comments")
            with lock:
                allowed.append(result)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 80
    assert allowed.count(True) == 25


@pytest.mark.urls("tests.security.urls")
@pytest.mark.django_db
def test_a_limited_form_answers_429_with_a_clear_page(client, backend):
    assert [client.post("/test/form/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.post("/test/form/")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Please slow down" in html
    assert "about 1 minute " in html
    assert 'class="site-header"' in html
    # Reading the page is not counted, and another reader is not affected.
    assert client.get("/test/form/").status_code == 200
    assert client.post("/test/form/", REMOTE_ADDR="198.51.100.3").status_code == 200


@pytest.mark.urls("tests.security.urls")
@pytest.mark.django_db
def test_a_user_keyed_limit_counts_every_method(client, backend):
    assert [client.get("/test/search/").status_code for _ in range(3)] == [200, 200, 429]


def test_the_client_address_ignores_forwarded_headers_without_proxies(settings):
    settings.NUM_PROXIES = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_address(request) == "10.0.0.5"


def test_behind_one_proxy_a_forged_forwarded_for_does_not_help(settings):
    settings.NUM_PROXIES = 1
    # The client wrote "1.1.1.1, "; our proxy appended the address it really saw.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.50"
    )
    assert client_address(request) == "203.0.113.50"


def test_a_failing_cache_lets_requests_through_and_logs(settings, caplog):
    settings.CACHES = {"default": REDIS_DOWN}
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    with caplog.at_level(logging.WARNING):
        assert all(hit("9.9.9.9", rate="1/m") for _ in range(3))
    assert any("rate limit cache unavailable" in record.getMessage() for record in caplog.records)


def test_a_cache_that_raises_lets_requests_through_and_logs(caplog):
    # Django's own Redis backend raises instead of ignoring: still fail open. (A context manager,
    # so the shared fixtures' cache.clear() afterwards meets a working cache again.)
    raising = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
    with override_settings(CACHES={"default": raising}), caplog.at_level(logging.ERROR):
        assert hit("9.9.9.9", rate="1/m") is True
    assert any("rate limit cache unavailable" in record.getMessage() for record in caplog.records)


@pytest.mark.redis
@pytest.mark.slow
@needs_redis
def test_the_redis_counter_is_shared_across_processes(settings):
    """Two gunicorn workers are two processes: a count made in one holds in the other."""
    settings.CACHES = {"default": REDIS}
    cache.clear()
    assert hit("198.51.100.9") is True
    assert hit("198.51.100.9") is True
    code = (
        "import django; django.setup(); from django.test import RequestFactory; "
        "from newsroom.ratelimit import is_limited; "
        "request = RequestFactory().post('/', REMOTE_ADDR='198.51.100.9'); "
        "print(not is_limited(request, group='donate', rate='3/m'))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "True"
    assert hit("198.51.100.9") is False
    cache.clear()


def test_a_request_without_an_address_has_none_and_is_still_limited():
    """force_login and some test requests carry no REMOTE_ADDR: None (PostgreSQL's address
    column rejects a placeholder), and the limiter counts them under one shared key."""
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) is None
    assert _request_key(request, "ip") == "unknown"


@pytest.mark.django_db
def test_search_is_limited_per_client_with_the_429_page(client, backend):
    from articles.views import SEARCH_RATE

    limit, window = parse_rate(SEARCH_RATE)
    assert (limit, window) == (30, 60)
    # Every GET counts, with or without a query: each is a full-text search or a page of one.
    statuses = [
        client.get("/search/", {"q": f"monsoon {number}"}).status_code for number in range(limit)
    ]
    assert statuses == [200] * limit
    response = client.get("/search/", {"q": "monsoon"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Please slow down" in response.content.decode()
    assert client.get("/search/").status_code == 429
    # Another reader searches on; the other pages of the site are not limited.
    assert client.get("/search/", {"q": "monsoon"}, REMOTE_ADDR="198.51.100.7").status_code == 200
    assert client.get("/").status_code == 200
