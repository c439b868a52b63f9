"""Issue 21, item 15: HEAD where GET works, no obsolete Permissions-Policy feature, and a Host
header whose port cannot exist is refused before anything (share links, redirects) uses it."""

import pytest
from django.urls import reverse

from articles.tests.factories import make_article
from donations.tests.factories import make_appeal, make_donation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_for",
    [
        lambda: reverse("donations:support"),
        lambda: make_donation().get_absolute_url(),
        lambda: reverse("islands:island", args=["ticker"]),
    ],
    ids=["support", "thanks", "ticker strip"],
)
def test_head_answers_like_get(client, url_for):
    make_appeal()
    url = url_for()
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert client.get(url).status_code == 200


def test_permissions_policy_has_no_obsolete_features(client):
    policy = client.get("/").headers["Permissions-Policy"]
    assert "interest-cohort" not in policy
    assert "camera=()" in policy


@pytest.mark.parametrize("port", ["99999999", "65536", "0", "00000"])
def test_a_host_with_an_impossible_port_is_refused(client, port):
    article = make_article()
    response = client.get(article.get_absolute_url(), HTTP_HOST=f"127.0.0.1:{port}")
    assert response.status_code == 400
    assert f"127.0.0.1:{port}".encode() not in response.content


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "127.0.0.1:65535", "localhost", "[::1]:443"])
def test_a_host_with_a_possible_port_is_served(client, host):
    article = make_article()
    assert client.get(article.get_absolute_url(), HTTP_HOST=host).status_code == 200
