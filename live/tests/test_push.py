"""Web Push alerts: readers follow; an entry chosen to alert is sent, VAPID-signed and encrypted,
to each follower's push service (here a local one started by the test); expired subscriptions
are removed; a browser is not alerted twice within the rate limit."""

import base64
import http.server
import json
import os
import threading
from datetime import timedelta

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.test import Client
from django.utils import timezone

from live.management.commands.vapid_keys import new_key_pair
from live.models import Alert, PushSubscription

from .factories import make_coverage, make_entry

pytestmark = pytest.mark.django_db


def _b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A push service on 127.0.0.1: records each request; /gone/... answers 410."""

    def __init__(self):
        self.requests = []
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.requests.append(
                    (self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                self.send_response(410 if self.path.startswith("/gone/") else 201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """A reader's browser: its own key pair and secret, as PushManager makes them."""

    def __init__(self, endpoint):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.keys = {"p256dh": _b64(public), "auth": _b64(self.auth)}

    def follow(self, coverage=None, topic="story"):
        return PushSubscription.objects.create(
            endpoint=self.endpoint,
            topic=topic,
            coverage=coverage if topic == "story" else None,
            **self.keys,
        )

    def read(self, body):
        return json.loads(
            http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm")
        )


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Alerts are enqueued once the entry is committed: run those callbacks as a commit would."""

    def post(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_entry(**fields)

    return post


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.close()


@pytest.fixture
def vapid(settings):
    public, private = new_key_pair()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    settings.VAPID_SUBJECT = "mailto:desk@example.org"
    return public


def _check_vapid(headers, public_key, audience):
    scheme, _, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == public_key
    header, claims, signature = fields["t"].split(".")
    raw = _unb64(signature)
    verifier = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64(public_key))
    verifier.verify(
        encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
        f"{header}.{claims}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    claims = json.loads(_unb64(claims))
    assert claims["aud"] == audience
    assert claims["sub"] == "mailto:desk@example.org"
    assert claims["exp"] > timezone.now().timestamp()


def test_an_alerting_entry_reaches_its_followers_signed_and_encrypted(push_service, vapid, commits):
    coverage = make_coverage()
    reader = Browser(f"{push_service.url}/push/reader-1")
    reader.follow(coverage)
    stranger = Browser(f"{push_service.url}/push/other-story")
    stranger.follow(make_coverage())

    entry = commits(coverage=coverage, title="Dam gates opened", alert=Alert.FOLLOWERS)

    assert [path for path, _headers, _body in push_service.requests] == ["/push/reader-1"]
    _path, headers, body = push_service.requests[0]
    _check_vapid(headers, vapid, push_service.url)
    assert headers["content-encoding"] == "aes128gcm"
    message = reader.read(body)
    assert message["title"] == coverage.article.headline
    assert message["body"] == "Dam gates opened"
    assert message["url"].endswith(f"#entry-{entry.pk}")
    assert PushSubscription.objects.get(endpoint=reader.endpoint).last_sent_at is not None


def test_only_entries_chosen_to_alert_are_sent(push_service, vapid, commits):
    coverage = make_coverage()
    Browser(f"{push_service.url}/push/reader").follow(coverage)
    commits(coverage=coverage, title="Quiet update")
    assert push_service.requests == []


def test_breaking_entries_also_reach_breaking_news_followers_once_per_browser(
    push_service, vapid, commits
):
    coverage = make_coverage()
    both = Browser(f"{push_service.url}/push/both")
    both.follow(coverage)
    both.follow(topic="breaking")
    breaking_only = Browser(f"{push_service.url}/push/breaking-only")
    breaking_only.follow(topic="breaking")
    commits(coverage=coverage, title="Earthquake of magnitude 6.1", alert=Alert.BREAKING)
    paths = sorted(path for path, _headers, _body in push_service.requests)
    assert paths == ["/push/both", "/push/breaking-only"]
    assert breaking_only.read(push_service.requests[-1][2])["title"].startswith("Breaking: ")


def test_expired_subscriptions_are_removed(push_service, vapid, commits):
    coverage = make_coverage()
    Browser(f"{push_service.url}/gone/old-browser").follow(coverage)
    Browser(f"{push_service.url}/push/current").follow(coverage)
    commits(coverage=coverage, title="Update", alert=Alert.FOLLOWERS)
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        f"{push_service.url}/push/current"
    ]


def test_a_browser_is_not_alerted_twice_within_the_rate_limit(push_service, vapid, commits):
    coverage = make_coverage()
    Browser(f"{push_service.url}/push/reader").follow(coverage)
    commits(coverage=coverage, title="First", alert=Alert.FOLLOWERS)
    commits(coverage=coverage, title="Second, a minute later", alert=Alert.FOLLOWERS)
    assert len(push_service.requests) == 1
    PushSubscription.objects.update(last_sent_at=timezone.now() - timedelta(minutes=3))
    commits(coverage=coverage, title="Third", alert=Alert.FOLLOWERS)
    assert len(push_service.requests) == 2


def test_nothing_is_sent_without_vapid_keys(push_service, settings, commits):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    coverage = make_coverage()
    Browser(f"{push_service.url}/push/reader").follow(coverage)
    commits(coverage=coverage, title="Update", alert=Alert.FOLLOWERS)
    assert push_service.requests == []


# --- Following, from the page ---------------------------------------------------------------


def _follow(client, body, url="/live/follow/"):
    return client.post(url, json.dumps(body), content_type="application/json")


def _subscription(topic="story", story=None):
    browser = Browser("https://push.example.net/send/abc123")
    return {"endpoint": browser.endpoint, "keys": browser.keys, "topic": topic, "story": story}


def test_a_reader_follows_a_live_story_with_a_token_from_the_csrf_endpoint(vapid):
    coverage = make_coverage()
    client = Client(enforce_csrf_checks=True)
    body = _subscription(story=coverage.article_id)
    assert _follow(client, body).status_code == 403  # no token, nothing stored
    token = client.get("/csrf-token/").json()["token"]
    response = client.post(
        "/live/follow/", json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201
    assert "alerts for this story" in response.json()["message"]
    stored = PushSubscription.objects.get()
    assert (stored.topic, stored.coverage, stored.endpoint) == ("story", coverage, body["endpoint"])
    # Pressing again changes nothing; "stop" removes it.
    again = client.post(
        "/live/follow/", json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert again.status_code == 200
    assert PushSubscription.objects.count() == 1
    client.post(
        "/live/unfollow/", json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"endpoint": "http://push.example.net/x"}, "https"),
        ({"endpoint": 42}, "missing"),
        ({"keys": {"p256dh": "short", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "p256dh"),
        ({"topic": "everything"}, "Follow a live story"),
        ({"story": "1"}, "which story"),
    ],
)
def test_a_bad_subscription_is_a_400_with_a_message(client, change, message):
    coverage = make_coverage()
    body = {**_subscription(story=coverage.article_id), **change}
    response = _follow(client, body)
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not PushSubscription.objects.exists()


def test_an_ended_story_cannot_be_followed_but_breaking_news_can(client):
    from live.services import coverage_end

    coverage = make_coverage()
    coverage_end(coverage=coverage, summary="<p>Over.</p>", actor=None)
    assert _follow(client, _subscription(story=coverage.article_id)).status_code == 400
    assert _follow(client, "not json").status_code == 400
    assert _follow(client, _subscription(topic="breaking")).status_code == 201


def test_follow_buttons_are_on_a_live_page_only_with_keys(client, settings, vapid):
    coverage = make_coverage()
    html = client.get(coverage.article.get_absolute_url()).content.decode()
    assert f'data-push-key="{vapid}"' in html
    assert "Follow this story" in html
    settings.VAPID_PUBLIC_KEY = ""
    make_entry(coverage=coverage)  # a change, so the page renders again
    assert (
        "data-live-follow" not in client.get(coverage.article.get_absolute_url()).content.decode()
    )
