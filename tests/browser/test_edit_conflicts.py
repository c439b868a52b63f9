"""Two people in two real browser sessions edit one story: the second saver gets the conflict
page, chooses, and nothing either typed is lost; each sees the other on the change form."""

import pytest

from articles.models import Article
from articles.tests.factories import make_member, make_story
from newsroom.roles import EDITOR

from .conftest import login_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"


@pytest.fixture
def second_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-IN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_second_saver_chooses_and_nothing_is_lost(live_server, page, second_page, output_dir):
    make_member("asha", EDITOR, first_name="Asha", last_name="Rao")
    make_member("vikram", EDITOR, first_name="Vikram", last_name="Das")
    article = make_story(headline="Rains lash Mumbai", standfirst="Trains stopped.")
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    login_to_admin(page, live_server, "asha", PASSWORD)
    login_to_admin(second_page, live_server, "vikram", PASSWORD)
    page.goto(change_url)
    second_page.goto(change_url)
    # Vikram opened it second: the form names Asha as editing it.
    assert "Being edited by Asha Rao since" in second_page.locator("#editing-presence").inner_text()

    page.get_by_label("Standfirst").fill("Local trains stopped; schools shut.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(change_url)

    second_page.get_by_label("Headline").fill("Heavy rain lashes Mumbai")
    second_page.get_by_label("Standfirst").fill("Trains stopped across the city.")
    second_page.get_by_role("button", name="Save and continue editing").click()
    heading = second_page.get_by_role("heading", level=1)
    assert "Someone else saved" in heading.inner_text()
    conflict = second_page.locator("#conflict-standfirst")
    assert "changed by you and by them" in conflict.inner_text()
    assert "Local trains stopped; schools shut." in conflict.inner_text()
    second_page.screenshot(path=str(output_dir / "edit-conflict-page.png"), full_page=True)

    # Vikram writes a standfirst of his own from both texts; his headline stands.
    conflict.get_by_label("Use the text below").check()
    conflict.get_by_label("Your text, to edit").fill(
        "Local trains stopped across the city; schools shut."
    )
    second_page.get_by_role("button", name="with these choices").click()
    second_page.wait_for_url(change_url)
    article.refresh_from_db()
    assert article.headline == "Heavy rain lashes Mumbai"
    assert article.standfirst == "Local trains stopped across the city; schools shut."
    assert Article.objects.count() == 1
    assert page.console_errors == []
