import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    inherited = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = _manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.slow
def test_production_passes_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-" + "x7Gq9" * 10,
        ALLOWED_HOSTS="news.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _site_url(**env):
    """SITE_URL as the settings module computes it from `env` alone (no other variables)."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "DJANGO_ENV"}}
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", "import newsroom.settings as s; print(s.SITE_URL)"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else result.stderr


@pytest.mark.slow
def test_in_development_the_public_address_follows_the_served_port():
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8101") == "http://127.0.0.1:8101"
    # An explicit address wins, whatever the port.
    assert _site_url(PORT="8101", SITE_URL="https://news.example/") == "https://news.example"
    assert "PORT must be a port number" in _site_url(PORT="eighty")
    # In production the port gunicorn binds says nothing about the public address.
    production = {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.example"}
    assert _site_url(PORT="8101", **production) == "http://127.0.0.1:8000"


@pytest.mark.slow
def test_make_run_hands_its_port_to_the_server_and_the_settings():
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=8101"],  # noqa: S607 - the Makefile
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    [serve] = [line for line in result.stdout.splitlines() if "gunicorn" in line]
    assert serve.startswith("PORT=8101 ")
    assert "--bind 127.0.0.1:8101" in serve


def test_production_refuses_a_per_process_cache(settings):
    from newsroom.checks import per_process_cache_in_production

    settings.PRODUCTION = True
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    errors = per_process_cache_in_production()
    assert [error.id for error in errors] == ["newsroom.E010", "newsroom.E010"]
    assert "'pages'" in errors[1].msg
    settings.PRODUCTION = False
    assert per_process_cache_in_production() == []


def test_the_embedded_default_is_shared_by_every_process():
    # Without REDIS_URL, whatever the environment running the suite has (CI's second pass sets it).
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.CACHES)", REDIS_URL=""
    )
    assert result.returncode == 0, result.stderr
    assert "DatabaseCache" in result.stdout
    assert "LocMemCache" not in result.stdout
