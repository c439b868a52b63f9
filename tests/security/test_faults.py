"""Faults: Redis stopped, the database unreachable, a bug in a view. No reader sees a traceback."""

import logging
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from articles.tests.factories import make_article
from newsroom.cache_backends import breaker_open, reset_breaker

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def _redis_caches(location, **options):
    config = {
        "BACKEND": "newsroom.cache_backends.RedisCache",
        "LOCATION": location,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25, **options},
    }
    return {
        "default": config,
        "pages": config,
        "template_fragments": {**config, "KEY_FUNCTION": "newsroom.cache.fragment_key"},
    }


@pytest.fixture
def breaker():
    reset_breaker()
    yield
    reset_breaker()


@pytest.mark.usefixtures("breaker")
def test_reader_pages_render_with_redis_stopped(client, settings, caplog):
    article = make_article()
    settings.CACHES = _redis_caches("redis://127.0.0.1:1/0")  # nothing listens here
    settings.PAGE_CACHE_ENABLED = True
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for url in ["/", article.get_absolute_url(), article.section.get_absolute_url()]:
            response = client.get(url)
            assert response.status_code == 200, url
    assert article.headline in client.get("/").content.decode()
    assert any(record.getMessage().startswith("cache unavailable") for record in caplog.records)


class HungRedis:
    """A server that accepts connections and never answers, as a frozen Redis does; it counts
    the commands that reached it (each one cost its caller a socket timeout)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.commands = 0
        self.open = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        self.listener.settimeout(0.1)
        while self.listener.fileno() != -1:
            try:
                connection, _address = self.listener.accept()
            except TimeoutError:
                self._read()
                continue
            except OSError:
                return
            connection.setblocking(False)
            self.open.append(connection)
            self._read()

    def _read(self):
        for connection in self.open:
            try:
                if connection.recv(65536):
                    self.commands += 1
            except (BlockingIOError, OSError):
                pass

    def close(self):
        self.listener.close()
        for connection in self.open:
            connection.close()


@pytest.mark.usefixtures("breaker")
def test_a_hung_redis_costs_one_timeout_not_one_per_cache_call(client, settings):
    """Issue 21 item 5: after the first failure the cache is skipped, so pages render from the
    database instead of waiting on every one of their cache calls (without the breaker: 69
    calls waited here)."""
    article = make_article(headline="Rendered from the database")
    hung = HungRedis()
    try:
        settings.CACHES = _redis_caches(f"redis://127.0.0.1:{hung.port}/0")
        settings.PAGE_CACHE_ENABLED = True
        for url in ["/", article.get_absolute_url(), article.section.get_absolute_url()] * 2:
            response = client.get(url)
            assert response.status_code == 200, url
        assert "Rendered from the database" in client.get("/").content.decode()
        # Seven pages, each of which makes several cache calls: one of them waited.
        assert 1 <= hung.commands <= 2
        assert breaker_open()
    finally:
        hung.close()


def _database_down():
    return mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=OperationalError("connection to server at 10.0.0.9 failed"),
    )


@pytest.mark.parametrize("page", ["home", "article"])
def test_an_unreachable_database_gives_readers_a_plain_503(client, caplog, page):
    article = make_article()
    url = "/" if page == "home" else article.get_absolute_url()
    with _database_down(), caplog.at_level(logging.ERROR):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "We will be back in a moment" in html
    assert "css/site.css" in html
    assert "Traceback" not in html
    assert "OperationalError" not in html
    assert "10.0.0.9" not in html
    assert any(record.getMessage() == "database unavailable" for record in caplog.records)


@pytest.mark.slow
def test_a_database_host_that_refuses_connections_gives_a_503(tmp_path):
    """A real outage: PostgreSQL on a port where nothing listens, in a fresh process."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client, override_settings\n"
        "storage = {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}\n"
        "with override_settings(STORAGES={'default': {'BACKEND': "
        "'django.core.files.storage.FileSystemStorage'}, 'staticfiles': storage}):\n"
        "    response = Client().get('/')\n"
        "print(response.status_code, response['Retry-After'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/newsroom_nowhere",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "503 30"
    assert '"message": "database unavailable"' in result.stderr


def test_the_404_page_is_in_the_site_design(client):
    response = client.get("/no-such-section/no-such-story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html


@pytest.mark.urls("tests.security.urls")
def test_a_bug_gives_the_500_page_without_a_traceback(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = client.get("/test/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'class="logo__mark"' in html
    assert "css/site.css" in html
    assert "RuntimeError" not in html
    assert "Traceback" not in html
    assert any(record.levelno == logging.ERROR for record in caplog.records)
