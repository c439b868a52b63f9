"""A Hindi story in Chromium (issue 24): axe at every impact, nothing clipped or wider than the
screen, the Devanagari lines given room, and screenshots at 375 and 1280 px for review."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.tests.factories import make_article, make_author, make_section
from donations.tests.factories import make_appeal
from images.tests.factories import make_image
from ticker.tests.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "केरल में भारी बारिश की चेतावनी, तटीय ज़िलों में स्कूल बंद"


@pytest.fixture
def hindi_story():
    make_appeal(
        goal=200_000,
        translations={
            "hi": {
                "title": "हमारी पत्रकारिता का साथ दें",
                "lead": "सबके लिए मुफ़्त।",
                "body": "स्वतंत्र पत्रकारिता पाठकों के सहयोग से चलती है।",
                "closing": "आज ही सहयोग करें।",
            }
        },
    )
    make_item(text="संसद का मानसून सत्र कल से शुरू होगा", language="hi", urgency="breaking")
    section = make_section(name="India", slug="india", translations={"hi": {"name": "देश"}})
    author = make_author(name="आशा राव", slug="asha-rao", handle="asha", bio="")
    english = make_article(section=section, authors=[author], headline="Rain warning for Kerala")
    make_article(
        section=section,
        authors=[author],
        language="hi",
        slug="दूसरी-ख़बर",
        headline="दिल्ली में बिजली की माँग ने रिकॉर्ड तोड़ा",
        tags=["मानसून"],
    )
    return make_article(
        section=section,
        authors=[author],
        language="hi",
        translation_group=english.translation_group,
        tags=["मानसून"],
        slug="केरल-में-भारी-बारिश-की-चेतावनी",
        headline=HEADLINE,
        standfirst="मौसम विभाग ने अगले तीन दिनों के लिए लाल चेतावनी जारी की है।",
        body=(
            "<p>तिरुवनंतपुरम (न्यूज़वायर) — केरल के तटीय ज़िलों में अगले तीन दिन भारी से बहुत भारी "
            "बारिश का अनुमान है। प्रशासन ने स्कूल बंद रखने और मछुआरों को समुद्र में न जाने की "
            "सलाह दी है।</p><h2>नदियों का जलस्तर बढ़ा</h2><p>पेरियार और पंबा नदियों का जलस्तर "
            "ख़तरे के निशान के क़रीब पहुँच गया है।</p>"
        ),
        lead_image=make_image(size=(1600, 1000), caption="कोच्चि के ऊपर घने बादल।"),
        publish_at=timezone.now() - timedelta(hours=1),
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_a_hindi_story_has_no_axe_findings_and_fits(
    live_server, page, hindi_story, output_dir, width
):
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + hindi_story.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "hi-IN"
    assert page.locator("h1").inner_text() == HEADLINE
    page.screenshot(path=output_dir / f"hindi-article-{width}.png", full_page=True)
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
    assert not violations, f"axe findings on the Hindi story at {width}px:\n{report}"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the Hindi story is {scroll_width}px wide at {width}px"


# Lines of Devanagari that Latin line heights would clip: headline, ticker, buttons, headings.
ROOMY = [
    ".story__headline",
    ".story__body h2",
    ".teaser__headline",
    ".ticker__item",
    ".appeal .btn",
    ".block-title",
]


# The line height as a multiple of the font size (a ticker item's text is its link).
LINE_HEIGHT_RATIO = """el => {
    const text = el.matches(".ticker__item") ? el.querySelector("a, span") || el : el;
    const style = getComputedStyle(text);
    return parseFloat(style.lineHeight) / parseFloat(style.fontSize);
}"""


def test_devanagari_lines_have_room_for_their_vowel_signs(live_server, page, hindi_story):
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(live_server.url + hindi_story.get_absolute_url())
    for selector in ROOMY:
        element = page.locator(selector).first
        ratio = element.evaluate(LINE_HEIGHT_RATIO)
        assert ratio >= 1.4, f"{selector}: line height {ratio:.2f} of its font size clips matras"
        # Nothing inside is cut off: the box is as tall as what it holds.
        clipped = element.evaluate("el => el.scrollHeight > el.clientHeight + 1")
        assert not clipped, f"{selector} clips its text"


def test_the_reader_switches_to_the_english_version(live_server, page, hindi_story):
    page.goto(live_server.url + hindi_story.get_absolute_url())
    page.get_by_role("navigation", name="भाषा").get_by_role("link", name="English").click()
    page.wait_for_url("**/india/**")
    assert page.locator("html").get_attribute("lang") == "en-IN"
    assert page.locator("h1").inner_text() == "Rain warning for Kerala"


def test_the_header_clock_keeps_speaking_hindi(live_server, page, hindi_story):
    page.clock.install()
    page.goto(live_server.url + hindi_story.get_absolute_url())
    # Past the next minute's turn: the script has written the time itself (in English, before
    # it knew the page's month names).
    page.clock.run_for(61_000)
    shown = page.locator("[data-clock]").inner_text()
    assert re.fullmatch(r"\d{1,2} \S+ \d{4}, (सुबह|दोपहर|शाम|रात) \d{1,2}:\d{2}", shown), shown
