"""Journeys 1 and 2: a reporter writes and submits in the admin, an editor publishes, a reader
reads it, each clicking and typing as a person would."""

import re
from pathlib import Path

import pytest
from PIL import Image as PillowImage

from articles.models import Article
from articles.tests.factories import make_author, make_member, make_section
from donations.tests.factories import make_appeal
from ticker.models import TickerItem

from .conftest import assert_no_serious_axe_violations, login_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"


@pytest.fixture
def photo(tmp_path):
    path = Path(tmp_path) / "summit.jpg"
    PillowImage.new("RGB", (1600, 1000), (28, 92, 150)).save(path, quality=85)
    return path


def _pick_autocomplete(page, field_id, text):
    """Choose `text` in one of the admin's autocomplete (select2) fields."""
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_reporter_writes_editor_publishes_reader_reads(live_server, browser, photo, output_dir):
    make_section(name="World", slug="world")
    reporter = make_member("asha", "Reporter")
    make_author(name="Asha Verma", handle="ashaverma", slug="asha-verma", user=reporter)
    make_member("desk", "Editor")
    make_appeal(goal=200_000)
    TickerItem.objects.create(text="Parliament adjourned after uproar", urgency="breaking")

    # 1. The reporter writes in the admin and submits for review.
    reporter_page = browser.new_page(viewport={"width": 1280, "height": 900})
    login_to_admin(reporter_page, live_server, "asha", PASSWORD)
    reporter_page.goto(f"{live_server.url}/admin/articles/article/add/")
    reporter_page.get_by_label("Headline:").fill("Ministers agree on a rescue network")
    reporter_page.get_by_label("Standfirst:").fill("Eleven states will share distress calls.")

    editor_box = reporter_page.locator(".ProseMirror[contenteditable=true]")
    editor_box.click()
    keyboard = reporter_page.keyboard
    keyboard.press("Control+Alt+2")
    keyboard.type("Why it matters")
    keyboard.press("Enter")
    keyboard.type("The ministers signed ")
    keyboard.press("Control+b")
    keyboard.type("a binding accord")
    keyboard.press("Control+b")
    keyboard.type(". Read the full text")
    for _ in range(len("full text")):
        keyboard.press("Shift+ArrowLeft")
    reporter_page.locator("button[title='insert link']").click()
    reporter_page.locator("dialog input[name=href]").fill("https://example.org/accord")
    reporter_page.locator("dialog button[type=submit]").click()
    keyboard.press("End")
    keyboard.type(".")
    keyboard.press("Enter")
    reporter_page.locator("button[title=blockquote]").click()
    keyboard.type("No sailor should drown for want of a radio call.")

    # The lead photograph, uploaded on the spot from the article form, in a dialog on the page.
    reporter_page.get_by_role("button", name="Choose a picture (lead image)").click()
    reporter_page.get_by_role("button", name="Upload a new picture").click()
    upload = reporter_page.locator("dialog.chooser-upload")
    upload.get_by_label("Picture file").set_input_files(str(photo))
    upload.get_by_label("Alt text").fill("Two ministers shake hands at a harbour")
    upload.get_by_label("Caption").fill("Two ministers at the summit.")
    upload.get_by_label("Credit").fill("Official Instagram/The White House")
    upload.get_by_role("button", name="Upload and choose").click()
    reporter_page.locator("dialog.image-chooser-dialog").wait_for(state="hidden")
    reporter_page.get_by_text("Two ministers at the summit. — Official Instagram").wait_for()

    _pick_autocomplete(reporter_page, "id_section", "World")
    _pick_autocomplete(reporter_page, "id_authors", "Asha Verma")
    reporter_page.get_by_label("Tags:").fill("Diplomacy, Shipping")
    # The main move, in the action bar at the top of the form (issue 20).
    reporter_page.get_by_role("region", name="Story actions").get_by_role(
        "button", name="Save and submit for review"
    ).click()
    reporter_page.wait_for_url("**/admin/articles/article/**")
    assert "In review" in reporter_page.locator(".messagelist").inner_text()

    article = Article.objects.get(headline="Ministers agree on a rescue network")
    assert article.status == Article.Status.IN_REVIEW
    assert "<h2>Why it matters</h2>" in article.body
    assert re.search(r"<strong>\s?a binding accord</strong>", article.body)
    assert 'href="https://example.org/accord"' in article.body
    assert "<blockquote>" in article.body
    assert sorted(article.tags.names()) == ["Diplomacy", "Shipping"]

    # 2. The editor publishes it.
    editor_page = browser.new_page(viewport={"width": 1280, "height": 900})
    login_to_admin(editor_page, live_server, "desk", PASSWORD)
    editor_page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    questions = []

    def confirm(dialog):
        questions.append(dialog.message)
        dialog.accept()

    editor_page.once("dialog", confirm)  # publishing asks first, naming the story
    editor_page.get_by_role("region", name="Story actions").get_by_role(
        "button", name="Save and publish now"
    ).click()
    editor_page.locator(".messagelist").filter(has_text="is now: Published").wait_for()
    assert questions[0].startswith("Publish “Ministers agree on a rescue network” now?")
    article.refresh_from_db()
    assert article.is_live

    # A reader opens the home page and follows the link.
    reader = browser.new_page(viewport={"width": 1280, "height": 900})
    reader.goto(live_server.url + "/")
    reader.get_by_role("link", name="Ministers agree on a rescue network").first.click()
    reader.wait_for_url(live_server.url + article.get_absolute_url())
    assert reader.get_by_role("heading", level=1).inner_text() == article.headline
    byline = reader.locator(".byline")
    assert byline.get_by_role("link", name="@ashaverma").is_visible()
    assert ", at " in byline.locator("time").first.inner_text()
    figure = reader.locator("figure").first
    caption = figure.locator("figcaption").text_content()  # the credit is set in capitals by CSS
    assert "Two ministers at the summit." in caption
    assert "Official Instagram/The White House" in caption
    assert figure.locator("img").get_attribute("alt") == "Two ministers shake hands at a harbour"
    assert "Parliament adjourned after uproar" in reader.locator(".ticker").first.inner_text()
    assert reader.get_by_role("heading", name="Support Our Journalism").is_visible()
    assert_no_serious_axe_violations(reader, "the published article")
    reader.screenshot(path=output_dir / "journey-article.png", full_page=True)
    for page in (reporter_page, editor_page, reader):
        page.context.close()
