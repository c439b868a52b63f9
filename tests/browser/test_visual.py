"""Visual snapshots (issue 27): the home and article pages at 375 and 1280 px, compared with stored
PNGs, so a layout regression fails the suite.

Fixed data (the stories, sections and pictures below, drawn the same every time), a frozen clock
(the server's timezone.now and the browser's Date), animations off (reduced motion, Playwright's
`animations="disabled"`) and every lazy picture loaded before the shot. A shot matches when it has
the stored size and at most TOLERANCE of its pixels differ by more than PIXEL_THRESHOLD in a
channel (Pillow's ImageChops): font smoothing may move a few pixels, a moved block moves thousands.

A mismatch writes the shot and a difference picture to test-output/visual/. After a deliberate
change of the pages' look, store new pictures and commit them:

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest -n 0 tests/browser/test_visual.py

A missing stored picture fails the test (it is never made silently).

The shots depend on the faces fontconfig offers: they are taken with Debian's fonts-noto-core
installed (as .ci/run installs it for the Hindi pages), which changes the Latin fallbacks too.
"""

import os
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageChops, ImageDraw

from articles.tests.factories import make_article, make_author, make_section
from donations.tests.factories import make_appeal
from images.services import image_create
from ticker.tests.factories import make_item

from .conftest import OUTPUT_DIR

pytestmark = pytest.mark.django_db(transaction=True)

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
FROZEN = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)  # 09:30 in Delhi
TOLERANCE = 0.003  # at most 0.3% of the pixels
PIXEL_THRESHOLD = 48  # a channel differing by more than this counts the pixel as changed
WIDTHS = {375: 667, 1280: 900}


def scene(sky, ground, size=(1200, 800)):
    """A picture drawn the same every time: sky, ground and a sun."""
    picture = PillowImage.new("RGB", size, sky)
    draw = ImageDraw.Draw(picture)
    width, height = size
    draw.rectangle((0, height * 2 // 3, width, height), fill=ground)
    draw.ellipse(
        (width // 5, height // 6, width // 5 + height // 4, height // 6 + height // 4),
        fill=(250, 210, 90),
    )
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile("scene.jpg", buffer.getvalue(), "image/jpeg")


def picture(sky, ground, caption, **fields):
    return image_create(
        file=scene(sky, ground),
        alt_text=caption,
        caption=caption,
        credit="Newswire/Staff",
        **fields,
    )


@pytest.fixture
def frozen_clock():
    with mock.patch("django.utils.timezone.now", return_value=FROZEN):
        yield FROZEN


@pytest.fixture
def fixed_newsroom(frozen_clock):
    """The same newsroom every time: three sections, eight stories, four pictures, an appeal and a
    ticker line."""
    make_appeal(goal=200_000)
    make_item(
        text="Heavy rain closes schools in Chennai",
        urgency="breaking",
        starts_at=FROZEN - timedelta(minutes=10),
        ends_at=FROZEN + timedelta(hours=2),
    )
    india = make_section(name="India", slug="india")
    world = make_section(name="World", slug="world")
    business = make_section(name="Business", slug="business")
    asha = make_author(name="Asha Rao", slug="asha-rao", handle="newswire", bio="Covers rain.")
    vikram = make_author(name="Vikram Sen", slug="vikram-sen", handle="vikramsen")
    body = "".join(
        f"<p>Paragraph {n}: the India Meteorological Department said the south-west monsoon "
        "set in over Kerala, three days before its normal date, bringing heavy showers to the "
        "coast and the Western Ghats, with more expected over the coming week.</p>"
        for n in range(1, 7)
    )
    stories = [
        (
            india,
            asha,
            "Monsoon arrives over Kerala three days early",
            (90, 140, 200),
            (40, 120, 60),
        ),
        (world, vikram, "Leaders meet in Geneva on climate finance", (160, 170, 190), (90, 90, 90)),
        (business, asha, "Rupee steadies as exports recover", (200, 160, 110), (120, 80, 40)),
        (india, vikram, "Chennai metro opens its second line", (120, 180, 220), (70, 70, 110)),
        (world, asha, "Harbour in Colombo reopens after repairs", None, None),
        (business, vikram, "Tea auctions close higher in Kolkata", None, None),
        (india, asha, "Schools in Pune to start an hour later", None, None),
        (world, vikram, "Flights resume at Kathmandu after fog", None, None),
    ]
    lead = None
    for number, (section, author, headline, sky, ground) in enumerate(stories):
        image = picture(sky, ground, f"Picture for: {headline}.") if sky else None
        article = make_article(
            section=section,
            authors=[author],
            tags=["Monsoon"] if section is india else [],
            headline=headline,
            slug=f"story-{number + 1}",
            standfirst=f"What happened and why it matters: {headline.lower()}.",
            body=body,
            lead_image=image,
            publish_at=FROZEN - timedelta(minutes=20 + 37 * number),
        )
        lead = lead or article
    return lead


def loaded_shot(page, url, width):
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    page.emulate_media(reduced_motion="reduce", color_scheme="light")
    page.clock.set_fixed_time(FROZEN)
    page.goto(url)
    # Every picture, below the fold too, so the shot never catches one half-loaded.
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(function (image) {"
        " image.loading = 'eager'; })"
    )
    # (A promise, not wait_for_function: its polling evaluates strings, which the CSP refuses.)
    page.evaluate(
        "() => Promise.all(Array.from(document.images).map((image) => image.complete ? null :"
        " new Promise((done) => { image.addEventListener('load', done);"
        " image.addEventListener('error', done); })))"
    )
    page.wait_for_load_state("networkidle")
    # Blocks below the first screen are drawn only when scrolled near (content-visibility: auto),
    # and a full-page shot does not scroll: draw them all, as each looks once on screen.
    page.evaluate(
        "() => document.querySelectorAll('body *').forEach(function (element) {"
        " if (getComputedStyle(element).contentVisibility === 'auto') {"
        " element.style.contentVisibility = 'visible'; } })"
    )
    return page.screenshot(full_page=True, animations="disabled", caret="hide")


def differing_share(expected, actual):
    """The share of pixels of two same-size pictures that differ by more than PIXEL_THRESHOLD."""
    difference = ImageChops.difference(expected, actual)
    changed = difference.convert("L").point(lambda value: 255 if value > PIXEL_THRESHOLD else 0)
    return changed.histogram()[255] / (actual.width * actual.height), difference


def match_snapshot(png, name):
    actual = PillowImage.open(BytesIO(png)).convert("RGB")
    stored = SNAPSHOTS / f"{name}.png"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        actual.save(stored, optimize=True)
        return
    if not stored.exists():
        pytest.fail(
            f"no stored snapshot {stored}: make it with UPDATE_SNAPSHOTS=1 (module docstring)"
        )
    expected = PillowImage.open(stored).convert("RGB")
    out = OUTPUT_DIR / "visual"
    if expected.size != actual.size:
        out.mkdir(parents=True, exist_ok=True)
        actual.save(out / f"{name}-actual.png")
        pytest.fail(f"{name}: the page is {actual.size}, the stored snapshot {expected.size}")
    share, difference = differing_share(expected, actual)
    if share > TOLERANCE:
        out.mkdir(parents=True, exist_ok=True)
        actual.save(out / f"{name}-actual.png")
        difference.point(lambda value: 255 if value > PIXEL_THRESHOLD else 0).save(
            out / f"{name}-difference.png"
        )
        pytest.fail(
            f"{name}: {share:.2%} of the pixels differ (at most {TOLERANCE:.2%}); see {out}"
        )


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", ["home", "article"])
def test_the_page_looks_as_stored(live_server, page, fixed_newsroom, name, width):
    url = "/" if name == "home" else fixed_newsroom.get_absolute_url()
    match_snapshot(loaded_shot(page, live_server.url + url, width), f"{name}-{width}")


def test_the_comparison_catches_a_moved_block_and_forgives_smoothing():
    base = PillowImage.new("RGB", (400, 300), (250, 250, 250))
    ImageDraw.Draw(base).rectangle((40, 40, 200, 120), fill=(20, 20, 20))
    smoothed = base.copy()
    smoothed.putpixel((40, 40), (120, 120, 120))  # an edge pixel drawn a little differently
    moved = PillowImage.new("RGB", (400, 300), (250, 250, 250))
    ImageDraw.Draw(moved).rectangle((40, 60, 200, 140), fill=(20, 20, 20))
    assert differing_share(base, smoothed)[0] <= TOLERANCE
    assert differing_share(base, moved)[0] > TOLERANCE
