"""Brute force on sign-in: django-axes locks a username from an address after 5 failures."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.test import RequestFactory

from articles.tests.factories import make_staff

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.7"


@pytest.fixture
def editor():
    return make_staff(username="editor")


def _login(client, password, *, username="editor", address=ATTACKER):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def _fail(client, times, **kwargs):
    return [_login(client, "wrong-guess", **kwargs).status_code for _ in range(times)]


def test_four_failures_only_show_the_form_again(client, editor):
    assert _fail(client, 4) == [200, 200, 200, 200]
    assert _login(client, "pw-for-tests").status_code == 302


def test_the_fifth_failure_locks_out_with_a_clear_page(client, editor):
    statuses = _fail(client, 5)
    assert statuses == [200, 200, 200, 200, 429]
    response = _login(client, "pw-for-tests")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in paused" in html
    assert "5 failed attempts" in html
    assert "15 minutes" in html
    assert 'class="site-header"' in html  # the site's design, not a bare message
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address(client, editor):
    make_staff(username="subeditor")
    _fail(client, 5)
    # The same person from another address, and another account from the same address, still work.
    assert _login(client, "pw-for-tests", address="198.51.100.20").status_code == 302
    client.logout()
    assert _login(client, "pw-for-tests", username="subeditor").status_code == 302


def test_the_lockout_lives_in_the_database_not_the_cache(client, editor):
    _fail(client, 5)
    attempt = AccessAttempt.objects.get(username="editor", ip_address=ATTACKER)
    assert attempt.failures_since_start == 5
    # Another gunicorn worker has its own memory and may have an empty cache: still locked.
    cache.clear()
    assert _login(client, "pw-for-tests").status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, editor):
    _fail(client, 5)
    locked_at = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=locked_at - timedelta(minutes=16))
    assert _login(client, "pw-for-tests").status_code == 302


def test_any_authenticate_call_is_guarded(editor):
    """A dashboard with its own login form calls authenticate() too; the lockout applies."""
    factory = RequestFactory()

    def attempt(password):
        request = factory.post("/dashboard/login/", REMOTE_ADDR=ATTACKER)
        return authenticate(request=request, username="editor", password=password)

    assert [attempt("wrong-guess") for _ in range(5)] == [None] * 5
    assert attempt("pw-for-tests") is None
    fresh = factory.post("/dashboard/login/", REMOTE_ADDR="198.51.100.20")
    assert authenticate(request=fresh, username="editor", password="pw-for-tests") == editor


def test_the_admin_ignores_a_foreign_next_after_sign_in(client, editor):
    foreign = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:1"]
    for target in foreign:
        client.logout()
        response = client.post(
            f"{LOGIN}?next={target}",
            {"username": "editor", "password": "pw-for-tests", "next": target},
        )
        assert response.status_code == 302
        assert response["Location"] == "/admin/", target
