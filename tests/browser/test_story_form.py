"""The story form on a phone and on a desk (issue 20): at 375 px nothing scrolls sideways, the
role's main workflow action is on screen without scrolling and stays in view while the writer
scrolls, its buttons are at least 44 px tall, the headline box is full width and the body editor
starts tall; axe finds nothing serious on the form as a reporter sees it."""

import pytest

from articles.models import Article
from articles.tests.factories import make_member, make_story
from newsroom.roles import EDITOR, REPORTER

from .conftest import assert_no_serious_axe_violations, login_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"


def _in_view(page, selector):
    return page.locator(selector).evaluate(
        "node => { const box = node.getBoundingClientRect();"
        " return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0; }"
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reporter_sees_submit_at_the_top_and_nothing_scrolls_sideways(live_server, page, width):
    reporter = make_member("asha", REPORTER)
    story = make_story(by=reporter, headline="Monsoon reaches Kerala three days early")
    page.set_viewport_size({"width": width, "height": 800})
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.locator(".ProseMirror[contenteditable=true]").wait_for()

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the form is {scroll_width}px wide at {width}px"

    primary = page.locator(".story-actions__primary")
    assert primary.inner_text() == "Save and submit for review"
    assert _in_view(page, ".story-actions__primary")
    assert primary.bounding_box()["height"] >= 44
    assert page.locator(".story-actions__save").bounding_box()["height"] >= 44

    # Still in view far down the form.
    page.evaluate("() => window.scrollTo(0, 3000)")
    assert page.evaluate("() => window.scrollY") > 500
    assert _in_view(page, ".story-actions__primary")

    headline = page.locator("#id_headline").bounding_box()
    fieldset = page.locator(".field-headline").bounding_box()
    assert headline["width"] >= fieldset["width"] * 0.85
    assert (
        page.locator(".field-body .ProseMirror[contenteditable=true]").bounding_box()["height"]
        >= 300
    )


def test_the_top_button_submits_the_story(live_server, page):
    reporter = make_member("asha", REPORTER)
    story = make_story(by=reporter)
    page.set_viewport_size({"width": 375, "height": 800})
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.locator(".ProseMirror[contenteditable=true]").wait_for()
    page.locator(".story-actions__primary").click()
    page.wait_for_load_state()
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW


def test_an_editor_sees_publish_at_the_top(live_server, page):
    make_member("desk", EDITOR)
    story = make_story(by=None, status=Article.Status.IN_REVIEW)
    login_to_admin(page, live_server, "desk", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    assert page.locator(".story-actions__primary").inner_text() == "Save and publish now"


def test_the_form_as_a_reporter_sees_it_has_no_serious_axe_findings(live_server, page):
    reporter = make_member("asha", REPORTER)
    story = make_story(by=reporter)
    page.set_viewport_size({"width": 375, "height": 800})
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.locator(".ProseMirror[contenteditable=true]").wait_for()
    assert_no_serious_axe_violations(page, "the story form at 375 px")
