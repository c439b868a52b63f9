"""Accessibility and layout checks the issue names, on pages with real content."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import make_article, make_author, make_section
from donations.tests.factories import make_appeal
from images.tests.factories import make_image
from newsroom.models import SiteSettings
from ticker.tests.factories import make_item

from .conftest import assert_no_serious_axe_violations, login_to_admin

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def illustrated_story():
    make_appeal(goal=200_000)
    make_item(text="Heavy rain closes schools in Chennai", urgency="breaking")
    # The header's follow-us badges show only for the networks the site has an address for.
    site = SiteSettings.current()
    site.facebook_url = "https://www.facebook.com/newswire.example"
    site.x_url = "https://x.com/newswire_example"
    site.instagram_url = "https://www.instagram.com/newswire.example"
    site.youtube_url = "https://www.youtube.com/@newswire.example"
    site.save()
    section = make_section(name="India", slug="india")
    author = make_author(name="Asha Rao", slug="asha-rao", handle="newswire", bio="Covers rain.")
    make_article(section=section, authors=[author], tags=["Monsoon"], headline="Second story")
    return make_article(
        section=section,
        authors=[author],
        tags=["Monsoon"],
        headline="Monsoon arrives over Kerala",
        lead_image=make_image(size=(1600, 1000), caption="Clouds over Kochi."),
        publish_at=timezone.now() - timedelta(hours=1),
    )


READER_PAGES = {
    "home": lambda story: "/",
    "article": lambda story: story.get_absolute_url(),
    "section": lambda story: story.section.get_absolute_url(),
    "author": lambda story: story.authors.get().get_absolute_url(),
    "tag": lambda story: reverse("articles:tag", args=["monsoon"]),
    "search": lambda story: "/search/?q=monsoon",
    "search form": lambda story: "/search/",
    "support": lambda story: "/support/",
    "newsletters": lambda story: reverse("newsletters:index"),
    "my giving": lambda story: "/support/my-giving/",
    "about": lambda story: reverse("newsroom:about"),
    "corrections": lambda story: reverse("articles:corrections"),
    "not found": lambda story: "/india/no-such-story/",
}


@pytest.mark.parametrize("name", READER_PAGES)
@pytest.mark.parametrize("width", [375, 1280])
def test_no_reader_page_scrolls_sideways(live_server, page, illustrated_story, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + READER_PAGES[name](illustrated_story))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name} is {scroll_width}px wide at {width}px"


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_pages_have_no_axe_findings_at_all(live_server, page, illustrated_story, name):
    """Every rule at every impact (heading-order is "moderate"), and the experimental
    label-content-name-mismatch: a badge or link whose accessible name leaves out its visible
    text cannot be activated by speech ("click Instagram")."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live_server.url + READER_PAGES[name](illustrated_story))
    options = {
        "resultTypes": ["violations"],
        "rules": {"label-content-name-mismatch": {"enabled": True}},
    }
    violations = Axe().run(page, options=options).response["violations"]
    report = "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in violations
    )
    assert not violations, f"axe findings on the {name} page:\n{report}"


def test_article_change_form_has_no_serious_axe_violations(live_server, page, django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-for-tests")
    story = make_article(headline="Port strike ends")
    login_to_admin(page, live_server, "chief", "pw-for-tests")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.locator(".ProseMirror[contenteditable=true]").wait_for()
    assert_no_serious_axe_violations(page, "the article change form")


def test_the_ticker_can_be_paused_from_the_keyboard(live_server, page, illustrated_story):
    page.goto(live_server.url + illustrated_story.get_absolute_url())
    button = page.locator("[data-ticker-pause]").first
    button.wait_for(state="visible")  # ticker.js shows it once the page is idle
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-ticker-pause')"):
            break
    else:
        pytest.fail("the ticker's pause button is not reachable with Tab")
    assert button.get_attribute("aria-pressed") == "false"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    state = page.evaluate(
        "getComputedStyle(document.querySelector('.ticker__track')).animationPlayState"
    )
    assert state == "paused"


def test_the_lead_image_space_is_reserved_before_it_loads(live_server, browser, illustrated_story):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    # Hold every image back: the layout must already have the figure's final height.
    page.route("**/*.webp", lambda route: None)
    page.goto(live_server.url + illustrated_story.get_absolute_url(), wait_until="commit")
    page.locator("figure img").first.wait_for(state="attached")
    image = page.locator("figure img").first
    box = image.bounding_box()
    width, height = int(image.get_attribute("width")), int(image.get_attribute("height"))
    assert box["height"] == pytest.approx(box["width"] * height / width, abs=2)
    assert box["height"] > 100
    context.close()
