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
