"""The picture chooser in the story form (issue 20): a reporter searches the library's thumbnails,
uploads a picture in a dialog on the same page (a refused file first, with its message), the new
picture is chosen at once, a body picture is picked from a search, and the story is saved with
both; at 375 px as at 1280 px, by keyboard where it matters, and axe finds nothing serious in
either dialog."""

from pathlib import Path

import pytest
from PIL import Image as PillowImage

from articles.models import Article
from articles.tests.factories import make_author, make_member, make_section
from images.chooser import PER_PAGE
from images.models import Image
from images.tests.factories import make_image
from newsroom.roles import REPORTER

from .conftest import assert_no_serious_axe_violations, login_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"


@pytest.fixture
def photo(tmp_path):
    path = Path(tmp_path) / "summit.jpg"
    PillowImage.new("RGB", (1600, 1000), (28, 92, 150)).save(path, quality=85)
    return path


@pytest.fixture
def fake_photo(tmp_path):
    path = Path(tmp_path) / "holiday.jpg"
    path.write_text("This is a letter, not a photograph. " * 40)
    return path


def _pick_autocomplete(page, field_id, text):
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def _active(page):
    return page.evaluate(
        "() => { const a = document.activeElement;"
        " return a.id || a.getAttribute('name') || a.textContent.trim(); }"
    )


def _loaded_width(image):
    """The picture's natural width once it has loaded (0 if it fails to)."""
    return image.evaluate(
        """img => img.complete ? img.naturalWidth : new Promise(done => {
            img.addEventListener("load", () => done(img.naturalWidth), {once: true});
            img.addEventListener("error", () => done(0), {once: true});
        })"""
    )


def _small_targets(page, scope):
    return page.locator(scope).evaluate(
        """root => [...root.querySelectorAll('button, a[href], input:not([type=hidden])')]
            .filter(node => node.offsetParent !== null)
            .map(node => [node.textContent.trim() || node.name || node.id,
                          node.getBoundingClientRect().height])
            .filter(([, height]) => height < 44)"""
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reporter_chooses_and_uploads_pictures_in_the_dialog(
    live_server, page, photo, fake_photo, output_dir, width
):
    make_section(name="World", slug="world")
    reporter = make_member("asha", REPORTER)
    make_author(name="Asha Verma", handle="ashaverma", slug="asha-verma", user=reporter)
    harbour = make_image(caption="Boats in the harbour", credit="Coast Agency")
    for number in range(PER_PAGE):
        make_image(size=(60, 40), caption=f"Archive picture {number}")

    page.set_viewport_size({"width": width, "height": 800})
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.get_by_label("Headline:").fill("Ministers agree on a rescue network")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Eleven states will share distress calls.")

    page.locator("#id_language").select_option("hi")  # a story in Hindi

    # The lead image: the chooser opens on the same page, the search box ready for typing.
    opener = page.get_by_role("button", name="Choose a picture (lead image)")
    opener.click()
    chooser = page.locator("dialog.image-chooser-dialog")
    chooser.get_by_role("heading", name="Choose a picture").wait_for()
    assert _active(page) == "image-chooser-q"
    assert chooser.locator("[data-chooser-pick]").count() == PER_PAGE
    assert _loaded_width(chooser.locator("img.chooser-pick__thumb").first) > 0

    # Paging by keyboard: the next page's count gets the focus.
    chooser.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    chooser.get_by_text("page 2 of 2").wait_for()
    assert _active(page).startswith(f"{PER_PAGE + 1} pictures in the library")

    # Searching: only the harbour's picture.
    page.locator("#image-chooser-q").fill("coast agency")
    page.keyboard.press("Enter")
    chooser.get_by_text("1 picture matches “coast agency”").wait_for()
    assert chooser.locator("[data-chooser-pick]").count() == 1

    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        box = chooser.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width
        assert _small_targets(page, "dialog.image-chooser-dialog") == []
    assert_no_serious_axe_violations(page, f"the picture chooser at {width}px")
    page.screenshot(path=output_dir / f"picture-chooser-dialog-{width}.png")

    # Upload in a dialog of its own on the same page. Escape closes only that dialog.
    upload = page.locator("dialog.chooser-upload")
    chooser.get_by_role("button", name="Upload a new picture").click()
    upload.get_by_role("heading", name="Upload a new picture").wait_for()
    page.keyboard.press("Escape")
    upload.wait_for(state="hidden")
    assert chooser.is_visible()
    assert _active(page) == "Upload a new picture"
    # A fake file is refused with its reason.
    page.keyboard.press("Enter")
    upload.get_by_role("heading", name="Upload a new picture").wait_for()
    assert _active(page) == "id_chooser-upload-file"
    # Its caption is spell-checked in the story's language.
    assert upload.get_by_label("Caption").get_attribute("lang") == "hi"
    upload.get_by_label("Picture file").set_input_files(str(fake_photo))
    upload.get_by_label("Alt text").fill("Two ministers shake hands at a harbour")
    upload.get_by_label("Caption").fill("Two ministers at the summit.")
    upload.get_by_label("Credit").fill("Official Instagram/The White House")
    upload.get_by_role("button", name="Upload and choose").click()
    error = upload.locator("[data-error-for=file]")
    error.wait_for()
    assert "not a JPEG, PNG, WebP or GIF picture" in error.inner_text()
    assert _active(page) == "id_chooser-upload-file"
    assert upload.locator("#id_chooser-upload-file").get_attribute("aria-invalid") == "true"
    assert not Image.objects.filter(credit="Official Instagram/The White House").exists()
    if width == 375:
        assert _small_targets(page, "dialog.chooser-upload") == []
    assert_no_serious_axe_violations(page, f"the upload dialog with an error at {width}px")
    page.screenshot(path=output_dir / f"picture-chooser-upload-{width}.png")

    # The real photograph: stored, chosen at once, both dialogs closed, focus back on the field.
    upload.get_by_label("Picture file").set_input_files(str(photo))
    upload.get_by_role("button", name="Upload and choose").click()
    chooser.wait_for(state="hidden")
    uploaded = Image.objects.get(credit="Official Instagram/The White House")
    assert uploaded.uploaded_by == reporter
    lead = page.locator(".field-lead_image [data-image-chooser]")
    assert lead.locator("#id_lead_image").input_value() == str(uploaded.pk)
    assert "Two ministers at the summit." in lead.locator(".image-chooser__label").inner_text()
    assert _loaded_width(lead.locator("img.image-chooser__thumb")) > 0
    assert _active(page).startswith("Change picture")

    # A body picture: a new row, its own chooser, a search, a press of Enter on the picture.
    page.locator("#body_images-group .add-row a").click()
    row = page.locator("#body_images-group tr.dynamic-body_images").first
    row.get_by_role("button", name="Choose a picture").click()
    chooser.get_by_role("heading", name="Choose a picture").wait_for()
    page.locator("#image-chooser-q").fill("boats")
    page.keyboard.press("Enter")
    chooser.get_by_text("1 picture matches “boats”").wait_for()
    chooser.locator("[data-chooser-pick]").first.focus()
    page.keyboard.press("Enter")
    chooser.wait_for(state="hidden")
    assert row.locator("input[name='body_images-0-image']").input_value() == str(harbour.pk)
    row.locator("input[name='body_images-0-after_paragraph']").fill("1")

    # Escape closes the chooser without changing anything, and the focus returns.
    opener = lead.locator("[data-image-chooser-open]")
    opener.click()
    chooser.get_by_role("heading", name="Choose a picture").wait_for()
    page.keyboard.press("Escape")
    chooser.wait_for(state="hidden")
    assert _active(page).startswith("Change picture")
    assert lead.locator("#id_lead_image").input_value() == str(uploaded.pk)

    _pick_autocomplete(page, "id_section", "World")
    _pick_autocomplete(page, "id_authors", "Asha Verma")
    page.screenshot(path=output_dir / f"picture-chooser-{width}.png", full_page=True)
    page.get_by_role("region", name="Story actions").get_by_role(
        "button", name="Save and submit for review"
    ).click()
    page.locator(".messagelist").wait_for()
    story = Article.objects.get(headline="Ministers agree on a rescue network")
    assert story.status == Article.Status.IN_REVIEW
    assert story.lead_image == uploaded
    assert [placed.image for placed in story.body_images.all()] == [harbour]
    # The refused fake file is the one failed request the console reports.
    assert [error for error in page.console_errors if "400 (Bad Request)" not in error] == []


def test_the_chooser_says_so_when_the_library_cannot_be_reached(live_server, page):
    make_member("asha", REPORTER)
    login_to_admin(page, live_server, "asha", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.route("**/admin/images/image/chooser/**", lambda route: route.abort())
    page.get_by_role("button", name="Choose a picture (lead image)").click()
    chooser = page.locator("dialog.image-chooser-dialog")
    chooser.get_by_role("alert").filter(has_text="could not be reached").wait_for()
    assert _active(page) == "Close"
    page.keyboard.press("Enter")
    chooser.wait_for(state="hidden")
    assert _active(page).startswith("Choose a picture")
