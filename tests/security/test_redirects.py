"""Open redirects: next= and gateway return URLs lead only back to this site."""

import pytest
from django.test import RequestFactory

from newsroom.urls_safety import safe_next

FOREIGN = [
    "https://evil.example/",
    "http://evil.example/path",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://testserver.evil.example/",
    "https://evil.example@testserver/",
    "http:/\\/evil.example/",
]


@pytest.fixture
def request_():
    return RequestFactory().get("/support/")


@pytest.mark.parametrize("url", FOREIGN)
def test_foreign_targets_go_to_the_fallback(request_, url):
    assert safe_next(request_, url, "/support/thanks/") == "/support/thanks/"


@pytest.mark.parametrize(
    "url", ["/world/some-story/", "/support/?amount=500", "http://testserver/x/"]
)
def test_our_own_pages_are_kept(request_, url):
    assert safe_next(request_, url, "/") == url


def test_the_site_url_host_counts_as_ours(request_, settings):
    settings.SITE_URL = "https://news.example"
    assert safe_next(request_, "https://news.example/support/thanks/", "/") == (
        "https://news.example/support/thanks/"
    )


def test_production_requires_https_for_absolute_targets(request_, settings):
    settings.PRODUCTION = True
    assert safe_next(request_, "http://testserver/support/", "/") == "/"
    assert safe_next(request_, "/support/", "/") == "/support/"


def test_empty_and_missing_targets_use_the_fallback(request_):
    assert safe_next(request_, "", "/") == "/"
    assert safe_next(request_, None, "articles:home") == "/"


@pytest.mark.django_db
def test_gateway_return_urls_lead_back_to_our_own_host(monkeypatch, settings):
    """Stripe's success and cancel URLs and Razorpay's callback are our pages on our host."""
    import stripe

    from donations.gateways import RazorpayGateway, StripeGateway
    from donations.tests.factories import make_donation

    donation = make_donation()
    request = RequestFactory().post("/support/", HTTP_HOST="testserver")
    sent = {}

    class Sessions:
        def create(self, params, options):
            sent.update(params)
            return type("Session", (), {"url": "https://checkout.stripe.com/x", "id": "cs_1"})

    class FakeStripe:
        def __init__(self, key):
            self.v1 = type("V1", (), {"checkout": type("C", (), {"sessions": Sessions()})})

    monkeypatch.setattr(stripe, "StripeClient", FakeStripe)
    StripeGateway().begin_checkout(donation, request=request)
    links = {}

    class Links:
        def create(self, data):
            links.update(data)
            return {"short_url": "https://rzp.io/l/x", "id": "plink_1"}

    monkeypatch.setattr(
        RazorpayGateway, "client", lambda self: type("R", (), {"payment_link": Links()})
    )
    RazorpayGateway().begin_checkout(donation, request=request)
    for url in (sent["success_url"], sent["cancel_url"], links["callback_url"]):
        assert url.startswith("http://testserver/support/")
        assert safe_next(request, url, "/fallback/") == url


@pytest.mark.django_db
def test_a_forged_host_cannot_steer_the_return_urls(client):
    """The return URLs are built from the request's host, which Django checks first."""
    response = client.post("/support/", {"amount": "250"}, HTTP_HOST="evil.example")
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_comment_post_ignores_a_next_parameter(client):
    from articles.tests.factories import make_article

    article = make_article()
    response = client.post(
        f"/comments/{article.pk}/post/?next=https://evil.example/",
        {
            "name": "Asha",
            "email": "asha@example.org",
            "body": "Good.",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/comments/{article.pk}/held/"
