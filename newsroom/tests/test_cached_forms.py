"""Forms on cached pages (newsroom/cached_forms.py): the token endpoint and the failure page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_token_endpoint_gives_a_token_and_its_cookie_and_is_never_cached():
    reader = Client(enforce_csrf_checks=True)
    response = reader.get("/csrf-token/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert len(response.json()["token"]) == 64
    assert "csrftoken" in response.cookies
    assert reader.post("/csrf-token/").status_code in {403, 405}  # GET only


def test_a_form_without_its_token_gets_a_page_in_the_readers_words():
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(
        "/admin/login/",
        {"username": "someone", "password": "secret"},
        headers={"referer": "http://testserver/admin/login/"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form was not sent" in html
    assert "Nothing was saved." in html
    assert '<a href="http://testserver/admin/login/">Go back to the form</a>' in html
    assert "CSRF verification failed" not in html  # not Django's technical page


def test_the_failure_page_links_back_only_to_this_site():
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(
        "/admin/login/", {"username": "x"}, headers={"referer": "https://evil.example/form"}
    )
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()
