"""An editor prepares an update to a live story, previews it at the story's address, and publishes
it; a reader sees the published version until then."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, PendingUpdate
from articles.tests.factories import make_member, make_story
from newsroom.roles import EDITOR

from .conftest import login_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"


def test_stage_preview_and_publish_an_update(live_server, page, browser, output_dir):
    make_member("asha", EDITOR)
    story = make_story(
        headline="Cyclone warning for Odisha",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )
    story_url = f"{live_server.url}{story.get_absolute_url()}"
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")

    page.get_by_label("Headline").fill("Cyclone Dana to make landfall in Odisha")
    bar = page.get_by_role("region", name="Story actions")
    bar.get_by_role("button", name="Save as pending update").click()
    page.locator(".messagelist").filter(has_text="kept as a pending update").wait_for()
    assert page.get_by_label("Headline").input_value() == "Cyclone Dana to make landfall in Odisha"
    assert PendingUpdate.objects.filter(article=story).exists()

    # A reader (no session) still gets the published story.
    reader = browser.new_page()
    reader.goto(story_url)
    assert reader.get_by_role("heading", level=1).inner_text() == "Cyclone warning for Odisha"

    # The preview opens at the story's address for staff.
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview the update").click()
    preview = popup.value
    preview.wait_for_load_state()
    assert preview.url == f"{story_url}?update=pending"
    assert (
        preview.get_by_role("heading", level=1).inner_text()
        == "Cyclone Dana to make landfall in Odisha"
    )
    assert preview.get_by_text("Preview of a pending update").is_visible()
    preview.screenshot(path=str(output_dir / "staged-update-preview.png"), full_page=True)
    preview.goto("about:blank")
    preview.close()

    page.get_by_role("link", name="Publish, schedule or discard the update").click()
    assert page.get_by_role("cell", name="Cyclone warning for Odisha").is_visible()
    questions = []

    def say_yes(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", say_yes)
    page.get_by_role("button", name="Publish the update now").click()
    page.locator(".messagelist").filter(has_text="readers see it now").wait_for()
    assert questions
    assert questions[0].startswith("Publish the update to “Cyclone warning")
    assert not PendingUpdate.objects.filter(article=story).exists()

    reader.goto(story_url)
    assert (
        reader.get_by_role("heading", level=1).inner_text()
        == "Cyclone Dana to make landfall in Odisha"
    )
    assert reader.get_by_text("Updated").is_visible()
    reader.goto("about:blank")
    reader.close()
    assert page.console_errors == []
