"""The embedded default is right across processes (issue 18; issue 21 item 7): two real gunicorn
servers on one SQLite database and its database cache (no REDIS_URL), each caching pages, and a
change saved by a third process shows on both at the next request: an article edit, site
settings, a ticker item and a takedown."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"

pytestmark = pytest.mark.slow

SETUP = """
from articles.tests.factories import make_article, make_section
from newsroom.models import SiteSettings
SiteSettings.current()
section = make_section(name="World", slug="world")
make_article(section=section, slug="harbour", headline="Harbour strike ends")
make_article(section=section, slug="river", headline="River rises")
"""

CHANGES = {
    "article edit": """
from articles.models import Article
story = Article.objects.get(slug="harbour")
story.headline = "Harbour strike ends after talks"
story.save()
""",
    "site settings": """
from newsroom.models import SiteSettings
settings = SiteSettings.current()
settings.tagline = "Wire copy, checked twice"
settings.save()
""",
    "ticker item": """
from ticker.tests.factories import make_item
make_item(text="Breaking: bridge reopens")
""",
    "takedown": """
from articles.models import Article
story = Article.objects.get(slug="river")
story.status = Article.Status.ARCHIVED
story.save()
""",
}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url):
    """(status, body, X-Page-Cache) of a plain GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
            return response.status, response.read().decode(), response.headers.get("X-Page-Cache")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("X-Page-Cache")


@pytest.fixture
def two_workers(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_ENV", "PAGE_CACHE"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="WARNING",
        # The islands' own per-worker copy (newsroom/islands.py) lives up to a second by
        # default; the page cache keeps nothing per worker.
        ISLANDS_LOCAL_SECONDS="0",
    )

    def manage(*args):
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    manage("migrate", "--noinput")  # the cache table too (newsroom migration 0006)
    manage("shell", "-c", SETUP)
    servers, urls = [], []
    try:
        for _ in range(2):
            port = _free_port()
            servers.append(
                subprocess.Popen(  # noqa: S603 - our own gunicorn, one worker each
                    [
                        *(str(GUNICORN), "newsroom.wsgi:application"),
                        *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"),
                    ],
                    cwd=BASE_DIR,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        for url in urls:
            while _get_or_none(url + "/healthz") != 200:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield urls, lambda code: manage("shell", "-c", code)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def _get_or_none(url):
    try:
        return _get(url)[0]
    except OSError:
        return None


def test_every_change_shows_on_both_workers_at_the_next_request(two_workers):
    (first, second), change = two_workers
    pages = ["/", "/world/", "/world/harbour/", "/world/river/"]
    for url in (first, second):
        for path in pages:
            _get(url + path)
        for path in pages:
            status, _body, cached = _get(url + path)
            assert (status, cached) == (200, "hit"), url + path  # both serve from the cache

    change(CHANGES["article edit"])
    for url in (first, second):
        for path in ("/world/harbour/", "/world/", "/"):
            assert "Harbour strike ends after talks" in _get(url + path)[1], url + path
        assert _get(url + "/world/river/")[2] == "hit"  # another story stays cached

    change(CHANGES["site settings"])
    for url in (first, second):
        for path in ("/", "/world/river/"):
            assert "Wire copy, checked twice" in _get(url + path)[1], url + path

    for url in (first, second):
        assert "Breaking: bridge reopens" not in _get(url + "/islands/ticker/")[1]
    change(CHANGES["ticker item"])
    for url in (first, second):
        assert "Breaking: bridge reopens" in _get(url + "/islands/ticker/")[1], url

    change(CHANGES["takedown"])
    for url in (first, second):
        assert _get(url + "/world/river/")[0] == 404, url
        for path in ("/world/", "/"):
            assert "River rises" not in _get(url + path)[1], url + path
