"""Every page answers with the security headers, and works under them (no inline script or style).

To cover a new page, add a row to PAGES: (name, who visits, a function of the fixtures -> URL).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from articles.tests.factories import make_article, make_author, make_section, make_staff
from newsroom.models import SiteSettings

from .html_audit import audit_html

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]

READER, STAFF = "reader", "staff"

PAGES = [
    ("home", READER, lambda site: "/"),
    ("section", READER, lambda site: site["article"].section.get_absolute_url()),
    ("article", READER, lambda site: site["article"].get_absolute_url()),
    ("author", READER, lambda site: site["author"].get_absolute_url()),
    ("tag", READER, lambda site: "/tag/diplomacy/"),
    ("about", READER, lambda site: "/about/"),
    ("not found", READER, lambda site: "/no-such-section/no-such-story/"),
    ("admin login", READER, lambda site: "/admin/login/"),
    ("admin index", STAFF, lambda site: "/admin/"),
    (
        "admin article change",
        STAFF,
        lambda site: f"/admin/articles/article/{site['article'].pk}/change/",
    ),
    ("admin article add", STAFF, lambda site: "/admin/articles/article/add/"),
    ("dashboard", STAFF, lambda site: "/dashboard/"),
    ("dashboard queue", STAFF, lambda site: "/dashboard/queue/"),
    ("dashboard comments", STAFF, lambda site: "/dashboard/comments/"),
    ("dashboard ticker", STAFF, lambda site: "/dashboard/ticker/"),
    ("dashboard appeal", STAFF, lambda site: "/dashboard/appeal/"),
    ("dashboard audit", STAFF, lambda site: "/dashboard/audit/"),
]


@pytest.fixture
def site():
    SiteSettings.objects.update_or_create(pk=1, defaults={"about": "We report from New Delhi."})
    author = make_author(name="Asha Rao", slug="asha-rao", handle="asharao")
    article = make_article(
        section=make_section(name="World", slug="world"), authors=[author], tags=["Diplomacy"]
    )
    staff = make_staff(username="editor", is_superuser=True)
    return {"article": article, "author": author, "staff": staff}


def _get(client, site, who, url_for):
    if who == STAFF:
        client.force_login(site["staff"])
    return client.get(url_for(site))


def _csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(("name", "who", "url_for"), PAGES, ids=[row[0] for row in PAGES])
def test_page_sends_the_security_headers(client, site, name, who, url_for):
    response = _get(client, site, who, url_for)
    assert response.status_code == (404 if name == "not found" else 200)

    csp = _csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert all(value == "'self'" or value.startswith("'nonce-") for value in csp["script-src"]), (
        csp["script-src"]
    )
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    # Development and test settings: HSTS only in production (asserted below).
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize(("name", "who", "url_for"), PAGES, ids=[row[0] for row in PAGES])
def test_page_works_under_the_policy(client, site, name, who, url_for):
    """No inline script without the nonce, no inline style, no event handler attributes."""
    response = _get(client, site, who, url_for)
    html = response.content.decode()
    assert audit_html(html).problems == []
    if "nonce=" in html:
        nonce = _csp_directives(response)["script-src"][1].removeprefix("'nonce-").rstrip("'")
        assert f'nonce="{nonce}"' in html
    assert "<style" not in html


def _production_settings():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-" + "k3Rv8" * 10,
        ALLOWED_HOSTS="news.example",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_production_sends_hsts_on_every_https_page(client, site):
    production = _production_settings()
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True

    production["SECURE_PROXY_SSL_HEADER"] = tuple(production["SECURE_PROXY_SSL_HEADER"])
    with override_settings(**production):
        plain = client.get("/")
        assert plain.status_code == 301
        assert plain["Location"].startswith("https://")
        client.force_login(site["staff"])
        for _name, _who, url_for in PAGES:
            response = client.get(url_for(site), secure=True)
            assert response.headers["Strict-Transport-Security"] == (
                f"max-age={production['SECURE_HSTS_SECONDS']}; includeSubDomains; preload"
            )
