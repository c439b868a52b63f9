"""Fixtures every test shares, and what keeps the suite safe to run in parallel (pytest-xdist).

`make test` runs the suite with `-n auto`: one process per core, each with its own test database
(pytest-django names them per worker). Anything else two workers could share is split here.
"""

import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The demo's pictures are drawn at 1600x1000 and cut into four renditions; tests draw them small
# (one rendition each), which is most of what made loading the demo take 25 s.
DEMO_PICTURE_SIZE = (480, 300)


def pytest_configure(config):
    # The SQLite test database is a file under var/ (newsroom/settings.py says why).
    (Path(__file__).resolve().parent / "var").mkdir(exist_ok=True)


def _worker_number():
    """0 outside pytest-xdist or on its first worker (gw0), 1 on gw1, and so on."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def _redis_url_for_this_worker(url, worker):
    """REDIS_URL moved `worker` databases up: each worker's cache.clear() (a FLUSHDB) then empties
    its own Redis database, never the one another worker is using."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + worker
    if database > 15:
        raise pytest.UsageError(
            f"REDIS_URL {url} leaves no Redis database for xdist worker {worker}: "
            "use a lower database number or fewer workers (-n)."
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


def _separate_redis_per_worker():
    # pytest-django has read the settings before this file is imported, so the cache settings
    # that point at REDIS_URL are changed in place, before any test opens a connection; the
    # environment is changed too, for tests that read REDIS_URL and for subprocesses.
    url, worker = os.environ.get("REDIS_URL", ""), _worker_number()
    if not url or not worker:
        return
    from django.conf import settings
    from django.test.signals import clear_cache_handlers

    own_url = _redis_url_for_this_worker(url, worker)
    os.environ["REDIS_URL"] = own_url
    if getattr(settings, "REDIS_URL", None) == url:
        settings.REDIS_URL = own_url
    for config in settings.CACHES.values():
        if config.get("LOCATION") == url:
            config["LOCATION"] = own_url
    clear_cache_handlers(setting="CACHES")


def _local_memory_without_redis():
    # Without REDIS_URL, tests share one local-memory store under every alias, as production
    # shares one database table (the two-worker test in newsroom/tests/test_workers.py runs that
    # table for real); with REDIS_URL they use Redis, as configured. Either way each test starts
    # with it empty (_fast_and_isolated).
    if os.environ.get("REDIS_URL"):
        return
    from django.conf import settings
    from django.test.signals import clear_cache_handlers

    store = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    settings.CACHES = {
        "default": store,
        "pages": store,
        "template_fragments": {
            **store,
            "BACKEND": "newsroom.cache_backends.LocalMemoryFragmentCache",
            "KEY_FUNCTION": "newsroom.cache.fragment_key",
        },
    }
    clear_cache_handlers(setting="CACHES")


_separate_redis_per_worker()
_local_memory_without_redis()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    from newsroom.cache_backends import reset_breaker
    from newsroom.islands import forget_local_copies

    # Only what tests must change: a fast hasher, and a cache that starts empty for each test.
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    # The hashed manifest exists only after collectstatic; tests read the source files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Background tasks run at once, inside the test (tests of the queue itself use the database
    # backend and a worker in-process: newsroom/tests/test_background.py).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Uploads and image renditions go to a folder of the test's own.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # The page cache is switched on by the tests that are about it (the page_cache fixture), so
    # other tests see every request rendered.
    settings.PAGE_CACHE_ENABLED = False
    # The islands' copies in this process's memory start empty too, and the cache's circuit
    # breaker closed (a test that made the cache fail must not make the next one skip it).
    forget_local_copies()
    reset_breaker()
    cache.clear()
    yield
    cache.clear()
    forget_local_copies()


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@dataclass(frozen=True)
class DemoLoad:
    """What loading the demo newsroom twice gave (once per test session, see demo_newsroom)."""

    data: Path  # every row the demo made, as a fixture for loaddata
    media: Path  # the pictures and renditions it stored
    credentials: Path  # its accounts file
    rows_after_first_load: dict  # {"app_label.Model": rows}
    rows_after_second_load: dict
    passwords_after_first_load: dict  # {username: password}
    passwords_after_second_load: dict


def _rows_per_model():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def _small_demo_pictures(patch):
    from images import demo as images_demo

    patch.setattr(images_demo, "SIZE", DEMO_PICTURE_SIZE)


@pytest.fixture(scope="session")
def demo_load(django_db_setup, django_db_blocker, tmp_path_factory):
    """`manage.py load_demo` run twice, once per test session (and xdist worker), in a transaction
    that is rolled back: its rows are dumped first, for demo_newsroom to restore in each test."""
    from newsroom import demo

    folder = tmp_path_factory.mktemp("demo")
    load = {"data": folder / "demo.json", "media": folder / "media"}
    load["credentials"] = folder / "demo-accounts.txt"
    with (
        pytest.MonkeyPatch.context() as patch,
        override_settings(MEDIA_ROOT=load["media"], PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        patch.setattr(demo, "CREDENTIALS_FILE", load["credentials"])
        _small_demo_pictures(patch)
        for run in ("first", "second"):
            call_command("load_demo", stdout=io.StringIO())
            load[f"rows_after_{run}_load"] = _rows_per_model()
            load[f"passwords_after_{run}_load"] = demo._read_credentials()
        # Content types and permissions are made by migrate, with the same ids, in every test.
        call_command(
            "dumpdata",
            exclude=["contenttypes", "auth.permission", "sessions"],
            use_base_manager=True,
            output=str(load["data"]),
            verbosity=0,
        )
        transaction.set_rollback(True)
    cache.clear()
    return DemoLoad(**load)


@pytest.fixture
def demo_newsroom(db, demo_load, settings, monkeypatch, tmp_path):
    """The demo newsroom, as `manage.py load_demo` leaves it, restored from the session's dump in
    well under a second (loading it takes seconds). Its accounts file and pictures are the test's
    own copies, so `load_demo` can be run again on top of it."""
    from newsroom import demo

    credentials = tmp_path / "demo-accounts.txt"
    shutil.copyfile(demo_load.credentials, credentials)
    monkeypatch.setattr(demo, "CREDENTIALS_FILE", credentials)
    _small_demo_pictures(monkeypatch)
    shutil.copytree(demo_load.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    call_command("loaddata", str(demo_load.data), verbosity=0)
    return demo_load


def public_read_policy(bucket, prefix):
    import json

    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture(scope="session")
def s3_server():
    """An S3-compatible server (moto's server mode) on a free localhost port, for this session;
    its endpoint URL. Nothing leaves the machine."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_server, settings):
    """Media and private files on a fresh bucket of the local S3 server, configured as
    MEDIA_STORAGE=s3 would be; yields a boto3 client on that bucket and its name."""
    import uuid

    import boto3

    bucket = f"media-{uuid.uuid4().hex[:12]}"
    # moto accepts any credentials; these are not secrets.
    credentials = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=credentials["access_key"],
        aws_secret_access_key=credentials["secret_key"],
        region_name=credentials["region_name"],
    )
    client.create_bucket(Bucket=bucket)
    # As docs/deploy.md asks of the real bucket: anyone may read media/, nobody else private/.
    client.put_bucket_policy(Bucket=bucket, Policy=public_read_policy(bucket, "media/"))
    common = {**credentials, "bucket_name": bucket, "endpoint_url": s3_server}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "media",
                "querystring_auth": False,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "private",
                "default_acl": "private",
                "signature_version": "s3v4",
                "querystring_auth": True,
                "querystring_expire": settings.PRIVATE_URL_SECONDS,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "private, no-store"},
            },
        },
    }
    return client, bucket
