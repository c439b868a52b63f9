"""Subscriptions no browser sends (control characters, lone surrogates in the JSON): 400 with a
message, nothing stored."""

import json

import pytest

from live.models import PushSubscription

from .test_push import _subscription


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint",
    [
        "https://push.example.net/send/\ud800",
        "https://push.example.net/send/\x00abc",
        "https://push.example.net/send/a b",
        "https://push.example.net/send/\u202eabc",
        "https://push.example.net/send/\x1b[31m",
    ],
)
def test_an_endpoint_with_characters_no_address_has_is_refused(client, endpoint):
    body = {**_subscription(topic="breaking"), "endpoint": endpoint}
    response = client.post("/live/follow/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "push address" in response.json()["message"]
    assert not PushSubscription.objects.exists()
