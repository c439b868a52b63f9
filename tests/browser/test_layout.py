"""The reader's page as laid out at a phone's width (375 px) and a desktop's (1280 px): how high
the first headline sits, the search button, the icons' names. (Issue 27.)"""

import pytest

from articles.tests.factories import make_article, make_section
from newsroom.models import SiteSettings
from ticker.tests.factories import make_item

# The reader pages and their story, as the light-scheme axe test has them.
from .test_accessibility import READER_PAGES, illustrated_story  # noqa: F401

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
    assert copy.locator("svg use").count() == 1
    if width == 1280:
        assert visible_text(copy) == "Copy link"  # and the accessible name contains it
        assert copy.locator(".badge__text").is_visible()
    else:
        # On a phone the share row is one line of icons: the words are in the name only.
        assert not copy.locator(".badge__text").is_visible()
    status = page.evaluate(
        """async () => (await fetch(document.querySelector('.icon use').getAttribute('href')
        .split('#')[0])).status"""
    )
    assert status == 200


@pytest.fixture
def illustrated_front(front_page):
    from datetime import timedelta

    from django.utils import timezone

    from donations.tests.factories import make_appeal
    from images.tests.factories import make_image

    make_appeal(goal=200_000)
    section = front_page.section
    sentence = (
        "The monsoon reached the Kerala coast two days early this year, and the weather "
        "office said the rains would spread north within the week. "
    )
    body = "".join(f"<p>{sentence * 3}Paragraph {n}.</p>" for n in range(4))
    # Pictures of different shapes: the teasers must still show one shape.
    for number, size in enumerate([(1600, 1000), (800, 1000), (1200, 500), (1000, 1000)]):
        make_article(
            section=section,
            headline=f"Story with a picture {number}",
            lead_image=make_image(size=size, credit="Newswire/Staff"),
            publish_at=timezone.now() - timedelta(minutes=number + 1),
        )
    return make_article(
        section=section,
        headline="Monsoon reaches Kerala two days early",
        body=body,
        tags=["Monsoon"],
        lead_image=make_image(size=(1600, 1000), caption="Clouds over Kochi."),
        publish_at=timezone.now(),
    )


def test_at_desktop_width_the_story_blocks_share_edges_and_a_readable_measure(
    live_server, page, illustrated_front
):
    page.goto(live_server.url + illustrated_front.get_absolute_url())
    edges = page.evaluate(
        """() => ['.story__headline', '.story__lead-figure', '.story__body', '.appeal',
                  '.related', '.comments'].map(selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return [selector, Math.round(box.left), Math.round(box.right)];
        })"""
    )
    lefts, rights = {left for _, left, _ in edges}, {right for _, _, right in edges}
    assert len(lefts) == 1, edges
    assert len(rights) == 1, edges
    rail = page.locator(".rail").bounding_box()
    assert rail["x"] > next(iter(rights))  # the rail is beside the story, not under it
    assert page.get_by_role("heading", name="Latest").is_visible()
    # Characters per full line of the body's longest paragraph.
    lines = page.evaluate(
        """() => {
            const paragraph = document.querySelector('.story__body p');
            const counts = {};
            const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                for (let i = 0; i < node.length; i++) {
                    const range = document.createRange();
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const rect = range.getClientRects()[0];
                    const line = rect && Math.round(rect.top);
                    if (rect) counts[line] = (counts[line] || 0) + 1;
                }
            }
            return Object.values(counts).slice(0, -1);  // the last line is short
        }"""
    )
    average = sum(lines) / len(lines)
    assert 60 <= average <= 75, lines


@pytest.mark.parametrize("width", [375, 1280])
def test_teaser_pictures_have_one_shape_and_the_kicker_sits_above_the_headline(
    live_server, page, illustrated_front, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + illustrated_front.section.get_absolute_url())
    ratios = page.evaluate(
        """() => [...document.querySelectorAll('.teaser__media img')].map(image => {
            const box = image.getBoundingClientRect();
            return box.width / box.height;
        })"""
    )
    assert len(ratios) == 5
    assert all(abs(ratio - 1.5) < 0.02 for ratio in ratios), ratios
    # The credit is on the picture, not between it and the section's name.
    teaser = page.locator(".teaser").filter(has_text="Story with a picture 1")
    picture = teaser.locator("img").bounding_box()
    credit = teaser.locator(".figure__credit").bounding_box()
    assert picture["y"] <= credit["y"]
    assert credit["y"] + credit["height"] <= picture["y"] + picture["height"] + 1
    assert picture["x"] <= credit["x"]
    assert credit["x"] + credit["width"] <= picture["x"] + picture["width"] + 1
    page.goto(live_server.url + "/")
    lead = page.locator(".teaser--lead")
    kicker = lead.locator(".kicker").bounding_box()
    lead_picture = lead.locator("img").bounding_box()
    assert kicker["y"] >= lead_picture["y"] + lead_picture["height"]
    assert kicker["y"] + kicker["height"] <= lead.locator(".teaser__headline").bounding_box()["y"]


def test_a_story_counts_one_read_after_a_few_seconds_on_screen(
    live_server, page, illustrated_front
):
    from articles.models import StoryReads

    page.clock.install()
    page.goto(live_server.url + illustrated_front.get_absolute_url())
    with page.expect_request("**/reads/*/") as beacon:
        page.clock.run_for(4000)
    assert beacon.value.method == "POST"
    page.wait_for_load_state("networkidle")
    assert StoryReads.objects.get(article=illustrated_front).count == 1


def test_printing_a_story_leaves_out_navigation_and_prints_its_address(
    live_server, page, illustrated_front
):
    page.goto(live_server.url + illustrated_front.get_absolute_url())
    page.emulate_media(media="print")
    for selector in [".sections", ".ticker", ".appeal", ".comments", ".rail", ".share", ".topbar"]:
        assert not page.locator(selector).first.is_visible(), selector
    address = page.locator(".story__address")
    assert address.is_visible()
    assert address.inner_text().endswith(illustrated_front.get_absolute_url())
    assert page.locator(".story__body").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_appeal_amounts_are_a_tidy_grid_and_once_or_monthly_is_one_choice(
    live_server, page, illustrated_front, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + illustrated_front.get_absolute_url())
    appeal = page.locator(".appeal")
    once = appeal.locator(".appeal__amounts[data-frequency='one_time']")
    monthly = appeal.locator(".appeal__amounts[data-frequency='monthly']")
    assert once.is_visible()
    assert not monthly.is_visible()
    page.get_by_text("Monthly", exact=True).click()
    assert monthly.is_visible()
    assert not once.is_visible()
    boxes = [link.bounding_box() for link in monthly.locator(".appeal__amount").all()]
    amounts, other = boxes[:-1], boxes[-1]
    # Equal buttons, in columns that line up; "Other" spans the row under them.
    assert len({round(box["width"]) for box in amounts}) == 1
    assert len({round(box["x"]) for box in amounts}) <= 4
    lefts = sorted({round(box["x"]) for box in amounts})
    rights = sorted({round(box["x"] + box["width"]) for box in amounts})
    assert round(other["x"]) == lefts[0]
    assert round(other["x"] + other["width"]) == rights[-1]
    # Each label fits in its button.
    assert monthly.locator(".appeal__amount").evaluate_all(
        "links => links.every(link => link.scrollWidth <= link.clientWidth)"
    )


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_pages_in_the_dark_colour_scheme_have_no_axe_findings(
    live_server,
    browser,
    illustrated_story,  # noqa: F811 (the fixture imported above)
    name,
):
    """The same check as test_accessibility's (every rule, every impact) with the reader's system
    set to dark: the dark palette's contrast included."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(live_server.url + READER_PAGES[name](illustrated_story))
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 19, 20)"  # the dark palette is in force
    options = {
        "resultTypes": ["violations"],
        "rules": {"label-content-name-mismatch": {"enabled": True}},
    }
    violations = Axe().run(page, options=options).response["violations"]
    context.close()
    report = "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in violations
    )
    assert not violations, f"axe findings on the {name} page in dark mode:\n{report}"


def test_on_a_phone_the_share_label_and_buttons_make_one_row(live_server, page, illustrated_front):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + illustrated_front.get_absolute_url())
    share = page.locator(".story .share")
    boxes = [share.locator(".share__label").bounding_box()] + [
        link.bounding_box() for link in share.locator(".share__list a").all()
    ]
    assert len(boxes) == 7  # the label, five networks and "Copy link"
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) <= 2, boxes
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in boxes[1:]), boxes
    assert boxes[-1]["x"] + boxes[-1]["width"] <= PHONE["width"] - 8
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def busy_front(front_page):
    """A front page with a full "Latest" column (eleven stories: the lead and ten more)."""
    from datetime import timedelta

    from django.utils import timezone

    from images.tests.factories import make_image

    section = front_page.section
    for number in range(10):
        make_article(
            section=section,
            headline=f"Rain story number {number} in a headline of ordinary length for a wire",
            lead_image=make_image(size=(1200, 800)) if number == 0 else None,
            publish_at=timezone.now() - timedelta(hours=number + 1),
        )
    return front_page


def test_at_desktop_width_the_lead_and_latest_are_balanced(live_server, page, busy_front):
    from articles.models import StoryReads

    def bottoms():
        page.goto(live_server.url + "/")
        return page.evaluate(
            """() => ['.home-top__lead', '.home-top__most-read', '.home-top .latest'].map(
                selector => document.querySelector(selector).getBoundingClientRect())
                .map(box => [Math.round(box.top), Math.round(box.bottom)])"""
        )

    page.set_viewport_size({"width": 1280, "height": 900})
    # No "Most read" yet: the column beside the lead ends near the lead's foot, not far below.
    lead, most_read, latest = bottoms()
    assert most_read[1] - most_read[0] == 0
    assert abs(latest[1] - lead[1]) <= 0.2 * (lead[1] - lead[0]), (lead, latest)
    # Once stories are read, "Most read" fills the space under the lead and Latest shows all ten.
    from django.core.cache import cache
    from django.utils import timezone

    from articles.models import Article

    for article in Article.objects.all()[:5]:
        StoryReads.objects.create(article=article, day=timezone.localdate(), count=3)

    from newsroom import islands

    cache.clear()
    islands.forget_local_copies()  # the live server's own copy of the island, as a second later
    lead, most_read, latest = bottoms()
    assert most_read[1] - most_read[0] > 100
    assert page.locator(".home-top .latest .teaser-list > li:visible").count() == 10
    assert abs(latest[1] - most_read[1]) <= 0.25 * (most_read[1] - lead[0]), (
        lead,
        most_read,
        latest,
    )
    # On a phone nothing is left out: the column is under the lead, all ten.
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    assert page.locator(".home-top .latest .teaser-list > li:visible").count() == 10


def test_blocks_below_the_first_screen_are_drawn_only_when_scrolled_near(
    live_server, page, busy_front
):
    """content-visibility: auto (speed on phones): the first layout covers the first screen."""
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + busy_front.section.get_absolute_url())
    items = page.locator(".teaser-list--wide > li")
    assert items.count() == 11
    rendered = "element => element.checkVisibility({contentVisibilityAuto: true})"
    assert items.nth(0).locator("a").first.evaluate(rendered)
    last_link = items.nth(10).locator(".teaser__headline a")
    assert not last_link.evaluate(rendered)
    last_link.scroll_into_view_if_needed()
    # Drawn at the next frames once near the screen.
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    assert last_link.evaluate(rendered)
    # While skipped, still there for screen readers and the keyboard.
    page.goto(live_server.url + busy_front.section.get_absolute_url())
    name = last_link.text_content().strip()
    assert page.get_by_role("link", name=name).count() == 1
