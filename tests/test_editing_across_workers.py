"""Presence and edit conflicts hold across processes: two real gunicorn servers on one database
(the two_workers fixture of newsroom/tests/test_workers.py). One editor works through the first,
another through the second; each sees the other, and the second save from an old form gets the
conflict page, whichever worker served the first."""

import pytest

from newsroom.tests.test_workers import two_workers  # noqa: F401 - the fixture
from tests.multinode import Browser, read_form

pytestmark = pytest.mark.slow

USERS = """
from django.contrib.auth import get_user_model
users = get_user_model().objects
users.create_superuser("asha", "asha@example.com", "pw-asha", first_name="Asha", last_name="Rao")
users.create_superuser("vikram", "vikram@example.com", "pw-vikram")
"""


def _sign_in(url, username, password):
    browser = Browser()
    status, _page, response = browser.request(f"{url}/admin/login/")
    assert status == 200, (status, dict(response.headers), _page[:300])
    status, _page, _response = browser.post(
        f"{url}/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    assert status == 302, f"{username} could not sign in on {url}"
    return browser


def _article_id(browser, url):
    status, page, _response = browser.request(f"{url}/admin/articles/article/?q=Harbour")
    assert status == 200
    marker = "/admin/articles/article/"
    start = page.index(marker, page.index('id="result_list"')) + len(marker)
    return int(page[start : page.index("/", start)])


def test_presence_and_conflicts_across_two_workers(two_workers):  # noqa: F811 - the fixture
    (first, second), run = two_workers
    run(USERS)
    asha = _sign_in(first, "asha", "pw-asha")
    vikram = _sign_in(second, "vikram", "pw-vikram")
    article = _article_id(asha, first)
    change = f"/admin/articles/article/{article}/change/"

    _status, asha_page, _response = asha.request(first + change)
    _status, vikram_page, _response = vikram.request(second + change)
    assert "Being edited by Asha Rao since" in vikram_page  # opened on the other worker
    beat = first + f"/admin/articles/article/{article}/editing/heartbeat/"
    _status, answer, _response = asha.post(beat, {})
    assert "Being edited by vikram since" in answer

    asha_form = read_form(asha_page, "article_form")
    vikram_form = read_form(vikram_page, "article_form")
    asha_form["standfirst"] = ["Dockers return to work on Monday."]
    asha_form["_continue"] = ["Save and continue editing"]
    status, _page, _response = asha.post(first + change, asha_form)
    assert status == 302
    vikram_form["headline"] = ["Harbour strike ends: dockers back"]
    vikram_form["_continue"] = ["Save and continue editing"]
    status, page, _response = vikram.post(second + change, vikram_form)
    assert status == 409
    assert "Dockers return to work on Monday." in page
