"""Publish now and unpublish ask first, naming the story; cancelling changes nothing."""

import pytest

from articles.models import Article
from articles.tests.factories import make_member, make_story
from newsroom.roles import EDITOR

from .conftest import login_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"


def test_publish_and_unpublish_ask_first(live_server, page):
    make_member("asha", EDITOR)
    story = make_story(headline="Cyclone warning for Odisha")
    change_url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.goto(change_url)
    questions = []

    def say_no(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", say_no)
    page.get_by_role("region", name="Story actions").get_by_role(
        "button", name="Save and publish now"
    ).click()
    assert len(questions) == 1
    assert questions[0].startswith("Publish “Cyclone warning for Odisha” now?")
    assert page.url == change_url
    assert Article.objects.get().status == Article.Status.DRAFT

    def say_yes(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", say_yes)
    page.get_by_role("region", name="Story actions").get_by_role(
        "button", name="Save and publish now"
    ).click()
    page.locator(".messagelist").filter(has_text="is now: Published").wait_for()
    assert Article.objects.get().is_live

    page.once("dialog", say_no)
    page.get_by_role("button", name="Save and unpublish / archive").click()
    assert questions[-1].startswith("Unpublish “Cyclone warning for Odisha”?")
    assert Article.objects.get().is_live
    assert page.console_errors == []
