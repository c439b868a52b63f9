"""Logs are one JSON line each, and never hold secrets, card numbers or email addresses."""

import io
import json
import logging

import pytest

from articles.tests.factories import make_staff
from newsroom.logging import JsonFormatter, RedactingFilter, redact_text

SECRETS = ["hunter2-Secret", "4111 1111 1111 1111", "4111111111111111", "reader@example.com", "123"]


@pytest.fixture
def site_log():
    """The handler settings.LOGGING configured, writing into a buffer for the test."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)
    )
    assert any(isinstance(f, RedactingFilter) for f in handler.filters)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def _lines(buffer):
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("text", "leaked"),
    [
        ("donor reader@example.com paid", "reader@example.com"),
        ("card 4111 1111 1111 1111 declined", "4111 1111 1111 1111"),
        ("card 4111-1111-1111-1111 declined", "4111-1111-1111-1111"),
        ("login password=hunter2 failed", "hunter2"),
        ("gateway said api_key: sk_live_abc123", "sk_live_abc123"),
        ("header Authorization: Bearer eyJhbGciOi.J9.x", "eyJhbGciOi"),
        ("cookie sessionid=abcdef0123", "abcdef0123"),
        ("cvv=123 sent", "cvv=123"),
    ],
)
def test_secrets_are_taken_out_of_text(text, leaked):
    assert leaked not in redact_text(text)


def test_ordinary_numbers_and_ids_are_left_alone():
    text = "article 1234 took 12.5 ms, request 3f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c"
    assert redact_text(text) == text


def test_a_record_is_one_json_line_without_secrets(site_log):
    logger = logging.getLogger("newsroom.test")
    logger.warning(
        "payment from %s failed with card %s",
        "reader@example.com",
        "4111111111111111",
        extra={
            "password": "hunter2-Secret",
            "card_cvv": "123",
            "donor": {"email": "reader@example.com", "name": "Asha"},
            "amount": 500,
        },
    )
    output = site_log.getvalue()
    assert output.count("\n") == 1
    for secret in SECRETS:
        assert secret not in output
    (entry,) = _lines(site_log)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "newsroom.test"
    assert entry["message"] == "payment from [email] failed with card [card]"
    assert entry["password"] == "[redacted]"
    assert entry["donor"] == {"email": "[redacted]", "name": "Asha"}
    assert entry["amount"] == 500


def test_a_traceback_stays_on_one_line_and_is_cleaned(site_log):
    try:
        raise ValueError("duplicate donor reader@example.com")
    except ValueError:
        logging.getLogger("newsroom.test").exception("could not record the donation")
    output = site_log.getvalue()
    assert output.count("\n") == 1
    assert "reader@example.com" not in output
    (entry,) = _lines(site_log)
    assert "ValueError: duplicate donor [email]" in entry["exception"]


@pytest.mark.django_db
def test_each_request_is_logged_once_without_its_query_string(client, site_log):
    response = client.get(
        "/?token=tok-secret-1&email=reader@example.com", HTTP_X_REQUEST_ID="edge-req-0001"
    )
    assert response["X-Request-ID"] == "edge-req-0001"
    output = site_log.getvalue()
    assert "tok-secret-1" not in output
    assert "reader@example.com" not in output
    (entry,) = [line for line in _lines(site_log) if line["logger"] == "newsroom.request"]
    assert entry["method"] == "GET"
    assert entry["path"] == "/"
    assert entry["status"] == 200
    assert entry["user"] == "anonymous"
    assert entry["request_id"] == "edge-req-0001"
    assert entry["duration_ms"] >= 0


@pytest.mark.django_db
def test_the_request_log_names_the_signed_in_user_and_refuses_a_forged_id(client, site_log):
    staff = make_staff(username="editor")
    client.force_login(staff)
    response = client.get("/admin/", HTTP_X_REQUEST_ID='x"\n{"forged": true}')
    assert response.status_code == 200
    assert "forged" not in response["X-Request-ID"]
    (entry,) = [line for line in _lines(site_log) if line["logger"] == "newsroom.request"]
    assert entry["user"] == str(staff.pk)
    assert entry["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_a_failed_sign_in_logs_neither_password_nor_username(client, site_log):
    client.post("/admin/login/", {"username": "reader@example.com", "password": "hunter2-Secret"})
    output = site_log.getvalue()
    assert "hunter2-Secret" not in output
    assert "reader@example.com" not in output
    assert "AXES" in output  # the failure itself is logged


# Redaction must take time linear in its input: every request's path and any bad Host header go
# through it. Each text below is a megabyte long; the patterns this replaced needed about 3 s for
# 8,000 letters and grew with the square of the length, so any of these would take hours there.
MEGABYTE = 1024 * 1024
HOSTILE_TEXTS = [
    ("a" * MEGABYTE, "a" * MEGABYTE),
    ("token" * (MEGABYTE // 5), "token" * (MEGABYTE // 5)),
    ("token" * (MEGABYTE // 5) + "=abc", "token" * (MEGABYTE // 5) + "=[redacted]"),
    ("a" * MEGABYTE + " password=hunter2", "a" * MEGABYTE + " password=[redacted]"),
    ("a." * (MEGABYTE // 2) + "a@example.com", "[email]"),
    ("a@" * (MEGABYTE // 2), "a@" * (MEGABYTE // 2)),
    ("Bearer" + " " * MEGABYTE, "Bearer" + " " * MEGABYTE),
    ('password="' + "a" * MEGABYTE, "password=[redacted]"),
    ("1" * MEGABYTE, "1" * MEGABYTE),
    ("key: " * (MEGABYTE // 5), "key: " * (MEGABYTE // 5)),
]


@pytest.fixture
def no_cut(monkeypatch):
    """Redaction without the length limit, so the patterns themselves see every character."""
    monkeypatch.setattr("newsroom.logging.MAX_LOGGED_CHARS", 4 * MEGABYTE, raising=False)


@pytest.mark.parametrize(("text", "expected"), HOSTILE_TEXTS)
def test_redaction_is_linear_on_hostile_megabytes(no_cut, text, expected):
    assert redact_text(text) == expected


def test_a_long_message_is_cut_and_still_cleaned(site_log):
    secret = "password=hunter2-Secret"
    logging.getLogger("newsroom.test").warning("%s %s", "a" * MEGABYTE, secret)
    logging.getLogger("newsroom.test").warning("%s %s", "a" * 8180, secret)
    long_entry, straddling_entry = _lines(site_log)
    assert len(long_entry["message"]) < 8300
    assert long_entry["message"].endswith("... [cut at 8192 characters]")
    # A secret across the limit is masked before the cut, never shown in part.
    assert "hunter" not in straddling_entry["message"]
    assert straddling_entry["message"].endswith("... [cut at 8192 characters]")


@pytest.mark.django_db
def test_a_hostile_host_header_and_path_are_logged_cut(client, site_log):
    response = client.get("/", HTTP_HOST="a" * 40_000)
    assert response.status_code == 400
    client.get("/feed/" + "b" * 40_000)
    entries = _lines(site_log)
    (bad_host,) = [e for e in entries if e["logger"] == "django.security.DisallowedHost"]
    assert "a" * 8000 in bad_host["message"]
    assert bad_host["message"].endswith("... [cut at 8192 characters]")
    (request,) = [
        e for e in entries if e["logger"] == "newsroom.request" and e["path"].startswith("/feed/")
    ]
    assert request["path"] == "/feed/" + "b" * 8186 + "... [cut at 8192 characters]"
