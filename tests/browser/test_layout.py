"""The reader's page as laid out at a phone's width (375 px) and a desktop's (1280 px): how high
the first headline sits, the search button, the icons' names. (Issue 27.)"""

import pytest

from articles.tests.factories import make_article, make_section
from newsroom.models import SiteSettings
from ticker.tests.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 667}


def visible_text(locator):
    """The text a sighted reader sees in an element (not what is only for screen readers)."""
    return locator.evaluate(
        """element => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            let text = "";
            while (walker.nextNode()) {
                if (!walker.currentNode.parentElement.closest(".visually-hidden")) {
                    text += walker.currentNode.textContent;
                }
            }
            return text.trim();
        }"""
    )


@pytest.fixture
def front_page():
    make_item(text="Heavy rain closes schools in Chennai", urgency="breaking")
    site = SiteSettings.current()
    site.facebook_url = "https://www.facebook.com/newswire.example"
    site.x_url = "https://x.com/newswire_example"
    site.instagram_url = "https://www.instagram.com/newswire.example"
    site.youtube_url = "https://www.youtube.com/@newswire.example"
    site.save()
    # Enough sections that the bar cannot show them all on a phone.
    for name in ["India", "World", "Business", "Sport", "Science", "Technology", "Opinion"]:
        section = make_section(name=name, slug=name.lower())
    return make_article(section=section, headline="Monsoon arrives over Kerala")


def test_on_a_phone_header_ticker_and_sections_take_at_most_160_px(live_server, page, front_page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + front_page.section.get_absolute_url())
    ticker = page.locator(".ticker").bounding_box()
    header = page.locator(".site-header").bounding_box()
    assert header["y"] + header["height"] <= ticker["y"] + 1
    assert ticker["y"] + ticker["height"] <= 160
    # The ticker runs across the screen: its moving window is most of the width.
    viewport = page.locator(".ticker__viewport").bounding_box()
    assert viewport["width"] >= 0.6 * PHONE["width"]
    headline = page.locator("main h1").bounding_box()
    assert headline["y"] < 200


def test_the_sections_bar_shows_that_it_scrolls_on_a_phone(live_server, page, front_page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    bar = page.locator(".sections__list")
    assert bar.evaluate("element => element.scrollWidth > element.clientWidth")
    # The hint is a shadow painted at the edge that has more (background layers fixed to the box).
    backgrounds = bar.evaluate("element => getComputedStyle(element).backgroundAttachment")
    assert "scroll" in backgrounds
    assert "local" in backgrounds


def test_on_a_phone_search_hides_behind_a_button(live_server, page, front_page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    box = page.get_by_role("searchbox", name="Search stories").first
    assert not box.is_visible()
    # The header's toggle comes before the box's own submit button, also named Search.
    button = page.get_by_role("button", name="Search", exact=True).first
    assert button.evaluate("element => element.hasAttribute('data-search-toggle')")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert box.is_visible()
    assert page.evaluate("document.activeElement.id") == "header-q"
    box.fill("rain")
    box.press("Enter")
    page.wait_for_url("**/search/?q=rain")


def test_at_desktop_width_the_search_box_shows_without_a_button(live_server, page, front_page):
    page.goto(live_server.url + "/")
    assert page.get_by_role("searchbox", name="Search stories").first.is_visible()
    assert not page.locator("[data-search-toggle]").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_network_icons_are_drawn_from_the_sprite_and_named_in_words(
    live_server, page, front_page, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + front_page.get_absolute_url())
    for name in ["Facebook", "X", "Instagram", "YouTube"]:
        link = page.get_by_role("link", name=f"Newswire on {name}", exact=True)
        assert link.is_visible()
        assert "icons.svg#" in link.locator("svg use").get_attribute("href")
        # The icon is drawn (the sprite loaded and has the symbol), not an empty box.
        assert link.locator("svg").bounding_box()["width"] >= 14
        assert visible_text(link) == ""  # no letters standing in for a logo
    for name in ["Facebook", "X", "WhatsApp", "LinkedIn"]:
        link = page.get_by_role("link", name=f"Share on {name} (opens in a new tab)")
        assert link.locator("svg use").count() == 1
    copy = page.get_by_role("link", name="Copy link to this article")
    assert visible_text(copy) == "Copy link"  # and the accessible name contains it
    status = page.evaluate(
        """async () => (await fetch(document.querySelector('.icon use').getAttribute('href')
        .split('#')[0])).status"""
    )
    assert status == 200
