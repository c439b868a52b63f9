"""Forged or mangled sign-up and preference forms and tracking webhooks: a clear 4xx, nothing
stored."""

import base64
import json

import pytest
from django.urls import reverse

from newsletters import links
from newsletters.models import Subscriber, Subscription

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("newsletters:subscribe")


@pytest.mark.parametrize("forged", ["99999999999999999999", "-99999999999999999999", "1" * 5000])
def test_a_newsletter_id_no_column_can_hold_is_a_form_error(client, forged):
    make_newsletter(name="Morning briefing")
    response = client.post(
        SUBSCRIBE,
        {"email": "asha@example.org", "source": "newsletters", "newsletters": [forged]},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "is not one of the available choices" in html or "is not a valid value" in html
    assert not Subscriber.objects.exists()


def test_preferences_refuse_a_forged_newsletter_id(client):
    briefing = make_newsletter(name="Morning briefing")
    subscriber = make_subscriber("asha@example.org", newsletters=[briefing])
    response = client.post(
        links.preferences_url(subscriber), {"newsletters": ["99999999999999999999"]}
    )
    assert response.status_code == 400
    assert Subscription.objects.filter(subscriber=subscriber, newsletter=briefing).exists()


# The providers' tracking webhooks: a body no provider sends is a 400, another provider's address
# (its key not set) a 404; never a 500, which would make a provider retry for days.
AUTH = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"hook:secret").decode()}


@pytest.fixture
def webhooks(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret", "MAILGUN_WEBHOOK_SIGNING_KEY": "k"}


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"x"', b"\xff\xfe", b"[{}]"])
@pytest.mark.parametrize("provider", ["brevo", "mailjet", "mailtrap", "amazon_ses", "mailgun"])
def test_a_tracking_post_no_provider_sends_is_a_400(client, webhooks, provider, body):
    response = client.post(
        f"/newsletters/anymail/{provider}/tracking/", body, content_type="application/json", **AUTH
    )
    assert response.status_code == 400


def test_a_bounce_naming_a_list_of_addresses_changes_nothing(client, webhooks):
    reader = make_subscriber("asha@example.org", newsletters=[make_newsletter()])
    body = json.dumps([{"event": "bounce", "email": ["asha@example.org"], "hard_bounce": True}])
    response = client.post(
        "/newsletters/anymail/mailjet/tracking/", body, content_type="application/json", **AUTH
    )
    assert response.status_code < 500
    reader.refresh_from_db()
    assert not reader.is_suppressed


@pytest.mark.parametrize("provider", ["mandrill", "mailersend"])
def test_a_provider_whose_key_is_not_set_has_no_webhook(client, webhooks, provider):
    response = client.post(
        f"/newsletters/anymail/{provider}/tracking/", b"[]", content_type="application/json"
    )
    assert response.status_code == 404
