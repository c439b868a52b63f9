"""Forged or mangled sign-up and preference forms: a clear 400, nothing stored."""

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
