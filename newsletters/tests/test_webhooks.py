import base64
import hashlib
import hmac
import json
import time

import pytest

from newsletters.models import ConsentEvent, Subscriber

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db

SIGNING_KEY = "key-for-tests"
URL = "/newsletters/anymail/mailgun/tracking/"


@pytest.fixture(autouse=True)
def _anymail(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret", "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def _event(
    event, recipient, *, severity="permanent", key=SIGNING_KEY, message_id="abc@example.org"
):
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return json.dumps(
        {
            "signature": {"timestamp": timestamp, "token": token, "signature": signature},
            "event-data": {
                "event": event,
                "severity": severity,
                "recipient": recipient,
                "timestamp": time.time(),
                "message": {"headers": {"message-id": message_id}},
            },
        }
    )


def _post(client, body, auth="hook:secret"):
    headers = {}
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(URL, body, content_type="application/json", **headers)


@pytest.fixture
def reader(db):
    return make_subscriber("asha@example.org", newsletters=[make_newsletter(is_default=True)])


@pytest.mark.parametrize("event", ["failed", "complained"])
def test_a_signed_bounce_or_complaint_suppresses_the_address(client, reader, event):
    assert _post(client, _event(event, "Asha@Example.org")).status_code == 200
    reader.refresh_from_db()
    assert reader.is_suppressed
    assert "mailgun" in reader.suppression_reason.lower()
    assert ConsentEvent.objects.filter(action="suppressed").count() == 1


def test_a_temporary_failure_does_not_suppress(client, reader):
    assert _post(client, _event("failed", reader.email, severity="temporary")).status_code == 200
    reader.refresh_from_db()
    assert not reader.is_suppressed


@pytest.mark.parametrize(
    ("body_key", "auth"),
    [("wrong-key", "hook:secret"), (SIGNING_KEY, "hook:wrong"), (SIGNING_KEY, None)],
)
def test_an_unsigned_or_badly_signed_post_changes_nothing(client, reader, body_key, auth):
    response = _post(client, _event("failed", reader.email, key=body_key), auth=auth)
    assert response.status_code in (400, 401, 403)
    reader.refresh_from_db()
    assert not reader.is_suppressed


def test_without_a_webhook_secret_the_webhooks_do_not_exist(client, reader, settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    assert _post(client, _event("failed", reader.email), auth=None).status_code == 404
    assert not Subscriber.objects.get().is_suppressed


def test_a_suppressed_address_gets_no_confirmation_mail(
    client, reader, mailoutbox, django_capture_on_commit_callbacks
):
    _post(client, _event("complained", reader.email))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletters/subscribe/", {"email": reader.email, "source": "footer"})
        client.post("/newsletters/subscribe/", {"email": "new@example.org", "source": "footer"})
    assert [message.to for message in mailoutbox] == [["new@example.org"]]


def test_a_bounce_of_an_issue_counts_against_it(
    client, reader, mailoutbox, django_capture_on_commit_callbacks
):
    from articles.tests.factories import make_staff
    from newsletters import services
    from newsletters.models import Delivery, Issue
    from newsletters.selectors import issues_with_figures

    issue = Issue.objects.create(newsletter=reader.subscriptions.get().newsletter, subject="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=issue, actor=make_staff(is_superuser=True))
    delivery = Delivery.objects.get()
    assert delivery.message_id == mailoutbox[0].extra_headers["Message-ID"]
    # Mailgun reports the Message-ID without its angle brackets.
    body = _event("failed", reader.email, message_id=delivery.message_id.strip("<>"))
    assert _post(client, body).status_code == 200
    delivery.refresh_from_db()
    assert delivery.bounced_at is not None
    assert issues_with_figures(Issue.objects.all()).get().bounced_count == 1


def test_a_provider_by_settings_alone(
    settings, reader, mailoutbox, django_capture_on_commit_callbacks
):
    """NEWSLETTER_EMAIL_BACKEND names an anymail backend: issues go through it (here anymail's
    test backend), and the provider's message id is kept for its webhooks."""
    from articles.tests.factories import make_staff
    from newsletters import services
    from newsletters.models import Delivery, Issue

    settings.MAILERS = {
        **settings.MAILERS,
        "newsletters": {"BACKEND": "anymail.backends.test.EmailBackend"},
    }
    settings.NEWSLETTER_MAILER = "newsletters"
    issue = Issue.objects.create(newsletter=reader.subscriptions.get().newsletter, subject="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=issue, actor=make_staff(is_superuser=True))
    [message] = mailoutbox
    sent = message.anymail_test_params
    assert sent["extra_headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.get().message_id == str(message.anymail_status.message_id)
