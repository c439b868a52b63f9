import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Correction
from syndication import tasks, webhooks
from syndication.models import WebhookDelivery

from .factories import make_article, make_client, make_section, record

pytestmark = pytest.mark.django_db


class Receiver:
    """Stands in for the client's server: records each POST and answers with the next status."""

    def __init__(self, monkeypatch, statuses=(200,)):
        self.requests, self.statuses = [], list(statuses)
        monkeypatch.setattr(webhooks, "post", self)

    def __call__(self, url, body, headers):
        self.requests.append({"url": url, "body": body, "headers": headers})
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return status, "" if status and status < 300 else f"HTTP {status}"


@pytest.fixture
def india():
    return make_section(name="India", slug="india")


@pytest.fixture
def pushed_client(india):
    return make_client(
        name="Push Daily", sections=[india], webhook_url="https://push-daily.example/wire"
    )


def _publish(section, capture, **fields):
    with capture(execute=True):
        article = make_article(section=section, **fields)
        record(article)
    return article


def test_a_published_story_is_pushed_signed(
    india, pushed_client, monkeypatch, django_capture_on_commit_callbacks
):
    receiver = Receiver(monkeypatch)
    article = _publish(india, django_capture_on_commit_callbacks, headline="Pushed at once")
    assert len(receiver.requests) == 1
    sent = receiver.requests[0]
    assert sent["url"] == "https://push-daily.example/wire"
    payload = json.loads(sent["body"])
    assert payload["event"] == "story.publish"
    assert payload["item"]["headlines"][0]["value"] == "Pushed at once"
    assert payload["item"]["uri"].endswith(f":story:{article.pk}")
    headers = sent["headers"]
    assert headers["Webhook-Id"] == payload["id"]
    # The client checks the signature with its copy of the secret.
    message = f"{headers['Webhook-Id']}.{headers['Webhook-Timestamp']}.".encode() + sent["body"]
    expected = hmac.new(pushed_client.webhook_secret.encode(), message, hashlib.sha256)
    assert headers["Webhook-Signature"] == "v1=" + expected.hexdigest()
    assert pushed_client.webhook_secret.startswith("whsec_")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.DELIVERED


def test_a_tampered_body_does_not_match_the_signature(pushed_client):
    good = webhooks.signature(pushed_client.webhook_secret, "id-1", "1700000000", b'{"a":1}')
    assert (
        webhooks.signature(pushed_client.webhook_secret, "id-1", "1700000000", b'{"a":2}') != good
    )
    assert webhooks.signature("whsec_other", "id-1", "1700000000", b'{"a":1}') != good


def test_failures_are_retried_with_backoff_under_the_same_id(
    india, pushed_client, monkeypatch, django_capture_on_commit_callbacks
):
    receiver = Receiver(monkeypatch, statuses=[503, None, 200])
    _publish(india, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 1
    first_wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert first_wait == timedelta(seconds=30)
    # Not due yet: the periodic job sends nothing.
    tasks.retry_webhooks.call()
    assert len(receiver.requests) == 1
    # Due: sent again (no answer this time), and the wait doubles.
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    tasks.retry_webhooks.call()
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at - delivery.last_attempt_at == timedelta(seconds=60)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    tasks.retry_webhooks.call()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    ids = {request["headers"]["Webhook-Id"] for request in receiver.requests}
    assert ids == {str(delivery.pk)}
    assert len(receiver.requests) == 3


def test_it_gives_up_after_the_last_attempt(
    india, pushed_client, monkeypatch, django_capture_on_commit_callbacks
):
    Receiver(monkeypatch, statuses=[500])
    _publish(india, django_capture_on_commit_callbacks)
    for _attempt in range(webhooks.MAX_ATTEMPTS + 2):
        WebhookDelivery.objects.filter(status="pending").update(
            next_attempt_at=timezone.now() - timedelta(seconds=1)
        )
        tasks.retry_webhooks.call()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.GAVE_UP
    assert delivery.attempts == webhooks.MAX_ATTEMPTS
    assert delivery.last_error == "HTTP 500"


def test_a_delivery_is_made_and_sent_once(
    india, pushed_client, monkeypatch, django_capture_on_commit_callbacks
):
    receiver = Receiver(monkeypatch)
    article = _publish(india, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    # The same task run again (a worker retried it), and the version recorded again.
    tasks.deliver_webhook.call(str(delivery.pk))
    with django_capture_on_commit_callbacks(execute=True):
        record(article)
    assert WebhookDelivery.objects.count() == 1
    assert len(receiver.requests) == 1


def test_updates_corrections_and_kills_are_pushed_too(
    india, pushed_client, monkeypatch, django_capture_on_commit_callbacks
):
    from articles import services as article_services
    from articles.tests.factories import make_member
    from newsroom import roles

    receiver = Receiver(monkeypatch)
    article = _publish(india, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Changed"
        article.save()
    with django_capture_on_commit_callbacks(execute=True):
        Correction.objects.create(article=article, text="A name was misspelt.")
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_kill(
            actor=make_member("desk", roles.EDITOR), article=article, note="Legal."
        )
    events = [json.loads(request["body"])["event"] for request in receiver.requests]
    assert events == ["story.publish", "story.update", "story.correct", "story.kill"]


def test_only_what_the_client_takes_is_pushed(
    india, pushed_client, monkeypatch, django_capture_on_commit_callbacks
):
    receiver = Receiver(monkeypatch)
    _publish(make_section(), django_capture_on_commit_callbacks)
    _publish(india, django_capture_on_commit_callbacks, language="hi")
    assert receiver.requests == []
