"""Focal-point crops (issue 20): a teaser card is cut to one shape (3:2) around the picture's
focal point, so a face at the edge of a wide picture stays in the card; cut around the middle, it
would be lost. Checked on the pixels the browser shows."""

from io import BytesIO

import pytest
from PIL import Image as PillowImage
from PIL import ImageDraw

from articles.tests.factories import make_article, make_section
from images.services import image_create
from images.tests.factories import upload

pytestmark = pytest.mark.django_db(transaction=True)


def _wide_picture_with_a_face_at_the_left():
    """8:3, white, with a red "face" from 2% to 12% across and 35% to 65% down."""
    picture = PillowImage.new("RGB", (1600, 600), (255, 255, 255))
    ImageDraw.Draw(picture).rectangle((32, 210, 192, 390), fill=(220, 0, 0))
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def _red_share_of_the_teaser(page, url, headline):
    page.goto(url)
    card = page.locator(".teaser", has_text=headline).locator(".teaser__media img")
    card.scroll_into_view_if_needed()
    card.evaluate("img => img.decode()")
    box = card.bounding_box()
    assert abs(box["width"] / box["height"] - 1.5) < 0.02, "teaser cards are 3:2"
    shot = PillowImage.open(BytesIO(card.screenshot())).convert("RGB")
    pixels = list(shot.get_flattened_data())
    red = sum(1 for r, g, b in pixels if r > 180 and g < 80 and b < 80)
    return red / len(pixels)


@pytest.mark.parametrize(("focal_x", "face_shown"), [(7, True), (50, False)])
def test_the_face_stays_in_the_teaser_card(live_server, page, focal_x, face_shown):
    section = make_section(name="World", slug="world")
    picture = image_create(
        file=upload(_wide_picture_with_a_face_at_the_left()),
        alt_text="The minister at the left of the frame",
        caption="A wide picture.",
        credit="Newswire/Desk",
        focal_x=focal_x,
        focal_y=50,
    )
    make_article(section=section, headline="Minister speaks", lead_image=picture)
    page.set_viewport_size({"width": 1280, "height": 900})
    share = _red_share_of_the_teaser(page, f"{live_server.url}/world/", "Minister speaks")
    if face_shown:
        assert share > 0.03, f"the face is cut off ({share:.1%} red)"
    else:
        assert share < 0.005, f"control: the middle cut should lose the face ({share:.1%} red)"
