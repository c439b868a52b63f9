"""Faults: Redis stopped, the database unreachable, a bug in a view. No reader sees a traceback."""

import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def test_reader_pages_render_with_redis_stopped(client, settings, caplog):
    article = make_article()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1},
        }
    }
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    with caplog.at_level(logging.ERROR, logger="django_redis"):
        for url in ["/", article.get_absolute_url(), article.section.get_absolute_url()]:
            response = client.get(url)
            assert response.status_code == 200, url
    assert article.headline in client.get("/").content.decode()
    assert any(record.name.startswith("django_redis") for record in caplog.records)


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
