"""A live story in a real browser: new entries wait behind a button, are announced politely, and
the focus goes to the newest when the reader asks; embedded posts load only on a click."""

import pytest
from playwright.sync_api import expect

from articles.tests.factories import make_article
from images.tests.factories import make_image
from live.tests.factories import make_coverage, make_entry
from tests.browser.conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_until(page, script):
    # (wait_for_function would evaluate a string, which the page's CSP rightly refuses)
    for _ in range(100):
        if page.evaluate(script):
            return True
        page.wait_for_timeout(100)
    return False


def test_new_entries_wait_behind_a_button_are_announced_and_take_the_focus(live_server, page):
    coverage = make_coverage(article=make_article(headline="Cyclone makes landfall"))
    make_entry(coverage=coverage, title="Winds of 120 km/h in Puri")
    page.clock.install()
    page.goto(live_server.url + coverage.article.get_absolute_url())
    entries = page.locator("[data-island='live']")
    expect(entries).to_contain_text("Winds of 120 km/h in Puri")
    button = page.locator("[data-live-new]")
    expect(button).to_be_hidden()

    fresh = make_entry(coverage=coverage, title="Power cut across Bhubaneswar")
    page.clock.run_for(21_000)
    expect(button).to_be_visible()
    expect(button).to_have_text("Show 1 new update")
    # Held back: nothing moved under the reader.
    assert "Power cut across Bhubaneswar" not in entries.inner_text()
    status = page.locator("[data-live-status]")
    assert status.get_attribute("aria-live") == "polite"
    page.clock.run_for(1_000)
    expect(status).to_contain_text("1 new update")
    assert_no_serious_axe_violations(page, "a live story with new updates waiting")

    button.focus()
    page.keyboard.press("Enter")
    expect(entries).to_contain_text("Power cut across Bhubaneswar")
    expect(button).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('data-entry')") == str(fresh.pk)
    assert page.console_errors == []


def test_an_edit_applies_in_place_without_the_button(live_server, page):
    coverage = make_coverage()
    entry = make_entry(coverage=coverage, title="Toll rises to 12")
    page.clock.install()
    page.goto(live_server.url + coverage.article.get_absolute_url())
    from live.services import entry_edit

    entry_edit(entry=entry, actor=None, title="Toll rises to 14")
    page.clock.run_for(21_000)
    expect(page.locator("[data-island='live']")).to_contain_text("Toll rises to 14")
    expect(page.locator("[data-live-new]")).to_be_hidden()


def test_an_embedded_post_loads_only_when_the_reader_asks(live_server, page):
    coverage = make_coverage()
    make_entry(coverage=coverage, embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    asked = []

    def fake_player(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>player</p>")

    page.route("https://www.youtube-nocookie.com/**", fake_player)
    page.goto(live_server.url + coverage.article.get_absolute_url())
    load = page.get_by_role("button", name="Load the post here")
    expect(load).to_be_visible()
    assert page.locator("iframe").count() == 0
    assert asked == []
    load.click()
    frame = page.locator("iframe.live-embed__frame")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert _wait_until(page, "() => document.activeElement.tagName === 'IFRAME'")
    assert asked
    assert asked[0].startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert page.console_errors == []


def test_a_reporter_posts_an_update_from_a_phone(live_server, page):
    from articles.tests.factories import make_member
    from live.models import LiveEntry
    from newsroom import roles
    from tests.browser.conftest import login_to_admin

    make_member("reporter-phone", roles.REPORTER)
    coverage = make_coverage(article=make_article(headline="Vote count in Bihar"))
    picture = make_image(caption="Counting begins in Patna", credit="PTI")
    make_image(caption="Queues outside a polling booth")
    page.set_viewport_size({"width": 375, "height": 800})
    login_to_admin(page, live_server, "reporter-phone", "pw-for-tests")
    page.goto(f"{live_server.url}/dashboard/live/{coverage.pk}/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_axe_violations(page, "the live entry form at 375 px")

    page.get_by_label("Title").fill("NDA ahead in 120 seats")
    editor.click()
    page.keyboard.type("Early trends from the Election Commission.")
    # A picture from the library, through the chooser's dialog on the same page.
    page.get_by_role("button", name="Choose a picture (picture)").click()
    chooser = page.locator("dialog.image-chooser-dialog")
    page.locator("#image-chooser-q").fill("counting")
    page.keyboard.press("Enter")
    chooser.get_by_text("1 picture matches “counting”").wait_for()
    assert chooser.bounding_box()["width"] <= 375
    chooser.locator("[data-chooser-pick]").first.click()
    chooser.wait_for(state="hidden")
    page.get_by_role("button", name="Post the update").click()
    expect(page.locator(".dashboard-message--success")).to_contain_text("NDA ahead in 120 seats")
    entry = LiveEntry.objects.get()
    assert entry.body == "<p>Early trends from the Election Commission.</p>"
    assert entry.image == picture
    assert page.console_errors == []
