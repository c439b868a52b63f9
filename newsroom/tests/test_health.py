import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import OperationalError

from newsroom import health

REDIS_NOBODY_LISTENS_ON = "redis://127.0.0.1:9/0"  # the discard port: nothing answers there


@pytest.fixture(autouse=True)
def _check_migrations_each_time(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def not_a_folder(tmp_path):
    # A file where the media folder should be: the storage cannot make the folder.
    path = tmp_path / "not-mounted"
    path.write_text("")
    return path


def readyz(client):
    response = client.get("/readyz")
    return response, response.json()


def assert_never_cached(response):
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert_never_cached(response)


@pytest.mark.django_db
def test_ready_when_everything_is_there(client, page_cache):
    response, body = readyz(client)
    assert response.status_code == 200
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "storage": "ok"},
    }
    assert_never_cached(response)
    assert client.get("/readyz")["Cache-Control"] == response["Cache-Control"]


@pytest.mark.django_db
def test_database_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.5 failed: password=hunter2")

    monkeypatch.setattr(connection, "cursor", refuse)
    response, body = readyz(client)
    assert response.status_code == 503
    assert body["checks"]["database"] == "failed: OperationalError"
    assert body["checks"]["migrations"] == "skipped: no database"
    assert body["checks"]["cache"] == "ok"
    assert "hunter2" not in response.content.decode()
    assert "10.0.0.5" not in response.content.decode()
    assert_never_cached(response)


@pytest.mark.django_db
def test_migration_not_applied(client):
    # The newest of newsroom's migrations (an older one under an applied newer one is not seen).
    MigrationRecorder.Migration.objects.filter(app="newsroom").latest("id").delete()
    response, body = readyz(client)
    assert response.status_code == 503
    assert body["checks"]["migrations"] == "failed: 1 migrations not applied"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_cache_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_NOBODY_LISTENS_ON,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    response, body = readyz(client)
    assert response.status_code == 503
    assert body["checks"]["cache"] == "failed: a value written could not be read back"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_storage_missing(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(not_a_folder(tmp_path))},
        },
    }
    response, body = readyz(client)
    assert response.status_code == 503
    assert body["checks"]["storage"] == "failed: the media folder cannot be made"


@pytest.mark.django_db
def test_object_storage_unreachable(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "media",
                "endpoint_url": "http://127.0.0.1:9",
                "access_key": "test",
                "secret_key": "not-a-real-secret",
                "region_name": "us-east-1",
            },
        },
    }
    settings.AWS_S3_MAX_POOL_CONNECTIONS = 1
    response, body = readyz(client)
    assert response.status_code == 503
    assert body["checks"]["storage"].startswith("failed: ")
    assert "not-a-real-secret" not in response.content.decode()


@pytest.mark.django_db
def test_readiness_command(settings, tmp_path, capsys):
    call_command("readiness")
    assert "storage: ok" in capsys.readouterr().out
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(not_a_folder(tmp_path))},
        },
    }
    with pytest.raises(CommandError, match="not ready"):
        call_command("readiness")
