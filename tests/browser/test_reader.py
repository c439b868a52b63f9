from datetime import timedelta

import pytest
from django.utils import timezone

from articles.tests.factories import make_article, make_author, make_section

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    section = make_section(name="World", slug="world")
    author = make_author(name="Newswire Desk", handle="newswire", slug="newswire")
    return make_article(
        section=section,
        authors=[author],
        tags=["Diplomacy"],
        headline="Ministers agree on a maritime rescue network",
        standfirst="Eleven coastal states will share distress calls.",
        body=(
            "<p>The agreement was signed on Tuesday.</p><blockquote><p>“No sailor should drown "
            "for want of a radio call,” she said.</p></blockquote>"
        ),
        publish_at=timezone.now() - timedelta(hours=2),
    )


def test_reader_opens_the_home_page_and_follows_the_lead_story(live_server, page, story):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=story.headline).first.click()
    page.wait_for_url(live_server.url + story.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == story.headline
    assert page.locator(".byline").get_by_role("link", name="@newswire").is_visible()
    assert page.locator("blockquote").is_visible()
    assert page.console_errors == []


@pytest.mark.parametrize("width", [375, 1280])
def test_article_page_does_not_scroll_sideways(live_server, page, story, width, output_dir):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + story.get_absolute_url())
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"page is {scroll_width}px wide at {width}px"
    page.screenshot(path=output_dir / f"article-{width}.png", full_page=True)


@pytest.mark.parametrize("path", ["home", "article", "section"])
def test_reader_pages_have_no_serious_accessibility_violations(live_server, page, story, path):
    url = {
        "home": "/",
        "article": story.get_absolute_url(),
        "section": story.section.get_absolute_url(),
    }[path]
    page.goto(live_server.url + url)
    assert_no_serious_axe_violations(page, url)


def test_every_control_is_reachable_by_keyboard_with_a_visible_focus(live_server, page, story):
    page.goto(live_server.url + story.get_absolute_url())
    focusable = page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href], button, input, select, textarea'))
              .filter(el => !el.disabled && el.offsetParent !== null).length"""
    )
    seen = set()
    for _ in range(focusable + 1):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const style = getComputedStyle(el);
                // one key per element: two links can share their first characters of markup
                window.seenIds = window.seenIds || new WeakMap();
                if (!window.seenIds.has(el)) {
                    window.seenCount = (window.seenCount || 0) + 1;
                    window.seenIds.set(el, window.seenCount);
                }
                return {key: el.outerHTML.slice(0, 120), id: window.seenIds.get(el),
                        outline: style.outlineStyle,
                        width: parseFloat(style.outlineWidth) || 0,
                        shadow: style.boxShadow}; }"""
        )
        if info["key"].startswith("<body"):
            continue
        seen.add(info["id"])
        has_ring = (info["outline"] != "none" and info["width"] > 0) or info["shadow"] != "none"
        assert has_ring, f"no visible focus ring on {info['key']}"
    assert len(seen) >= focusable - 1  # the skip link may be the only thing before the body
