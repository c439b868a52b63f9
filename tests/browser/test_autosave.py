"""The writer closes the tab without saving: the page asks first, the text was kept on the server
while they typed, and reopening the story offers it back."""

import pytest

from articles.models import Article, Autosave, EditingSession
from articles.tests.factories import make_member, make_story
from newsroom.roles import EDITOR

from .conftest import login_to_admin, wait_for_live_server_requests

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"


def test_closing_without_saving_asks_and_reopening_offers_the_text(live_server, page, output_dir):
    make_member("asha", EDITOR)
    story = make_story(headline="Monsoon reaches Kerala")
    change_url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.clock.install()
    page.goto(change_url)

    headline = page.get_by_label("Headline")
    headline.click()
    headline.press("End")
    headline.type(" early")
    page.clock.run_for(6_000)  # one autosave interval
    status = page.locator("[data-autosave-status]")
    status.filter(has_text="Unsaved changes kept at").wait_for()
    assert Autosave.objects.get().values["headline"] == "Monsoon reaches Kerala early"
    assert Article.objects.get().headline == "Monsoon reaches Kerala"  # readers see no change

    # Closing the tab with unsaved changes asks first.
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    context = page.context
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert dialogs == ["beforeunload"]

    reopened = context.new_page()
    reopened.goto(change_url)
    offer = reopened.get_by_role("alert").filter(has_text="You have unsaved changes")
    assert offer.is_visible()
    reopened.screenshot(path=str(output_dir / "autosave-restore-offer.png"), full_page=False)
    offer.get_by_role("link", name="Restore my unsaved changes").click()
    assert reopened.get_by_label("Headline").input_value() == "Monsoon reaches Kerala early"
    reopened.get_by_role("button", name="Save and continue editing").click()
    reopened.locator(".messagelist").filter(has_text="was changed successfully").wait_for()
    assert Article.objects.get().headline == "Monsoon reaches Kerala early"
    assert not Autosave.objects.exists()
    _leave(reopened, f"{live_server.url}/admin/")


def test_leaving_after_typing_asks_and_staying_keeps_the_text(live_server, page):
    make_member("asha", EDITOR)
    story = make_story(headline="Metro line opens")
    change_url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.goto(change_url)
    page.get_by_label("Standfirst").fill("Commuters cheer the first train.")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the navigation is cancelled
        page.goto(f"{live_server.url}/admin/", timeout=3_000)
    assert dialogs == ["beforeunload"]
    assert page.url == change_url
    assert page.get_by_label("Standfirst").input_value() == "Commuters cheer the first train."
    page.remove_listener("dialog", stay)
    page.once("dialog", lambda dialog: dialog.accept())
    _leave(page, f"{live_server.url}/admin/")


def _leave(page, url):
    """Go elsewhere, wait until the live server has answered everything the page sent on leaving
    (its goodbye is a beacon the browser sends on its own), then check the goodbye ended the editing
    session. Polling the database meanwhile would lock SQLite's shared in-memory tables under the
    server's write."""
    page.goto(url)
    wait_for_live_server_requests()
    assert not EditingSession.objects.exists(), "the page never said goodbye"
