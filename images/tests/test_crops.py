"""3:2 renditions for teaser cards (issue 27): cut around the focal point when a picture is stored
or its point moves, kept on the row, named by content and point, and what teasers download."""

import random
from datetime import timedelta
from io import BytesIO
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import Image as PillowImage

from images import services
from images.models import Image
from images.services import crop_box, image_files_remove_orphans, image_save

from .factories import make_image, upload

pytestmark = pytest.mark.django_db

RED, BLUE = (200, 20, 20), (20, 20, 200)


def halves(size=(1800, 600), first=RED, second=BLUE, sideways=False):
    """A JPEG whose left (or top) half is `first` and the other half `second`."""
    picture = PillowImage.new("RGB", size, second)
    width, height = size
    box = (0, 0, width, height // 2) if sideways else (0, 0, width // 2, height)
    picture.paste(first, box)
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def noise(size):
    """A picture that compresses badly, so a file's bytes follow its pixels."""
    generator = random.Random(27)
    picture = PillowImage.frombytes("RGB", size, generator.randbytes(size[0] * size[1] * 3))
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def middle_colour(name):
    with default_storage.open(name) as stored, PillowImage.open(stored) as picture:
        return picture.convert("RGB").getpixel((picture.width // 2, picture.height // 2))


def close_to(colour, wanted):
    return all(abs(a - b) < 40 for a, b in zip(colour, wanted, strict=True))


@pytest.mark.parametrize(
    ("size", "focal", "box"),
    [
        ((1800, 600), (50, 50), (450, 0, 1350, 600)),  # wide: the sides go
        ((1800, 600), (0, 50), (0, 0, 900, 600)),  # held at the left edge
        ((1800, 600), (100, 50), (900, 0, 1800, 600)),
        ((600, 900), (50, 10), (0, 0, 600, 400)),  # tall: top and bottom go
        ((600, 900), (50, 70), (0, 430, 600, 830)),
        ((900, 600), (20, 80), (0, 0, 900, 600)),  # already 3:2: all of it
    ],
)
def test_the_cut_is_the_largest_3_2_box_around_the_focal_point(size, focal, box):
    assert crop_box(*size, *focal) == box


def test_a_stored_picture_gets_3_2_webp_renditions_recorded_on_its_row():
    image = make_image(size=(1800, 600))
    assert [(c["width"], c["height"]) for c in image.crops] == [
        (480, 320),
        (800, 533),
        (900, 600),
    ]
    assert Image.objects.get(pk=image.pk).crops == image.crops
    for crop in image.crops:
        assert crop["focal"] == [50, 50]
        with default_storage.open(crop["name"]) as stored, PillowImage.open(stored) as picture:
            assert picture.format == "WEBP"
            assert picture.size == (crop["width"], crop["height"])


@pytest.mark.parametrize(
    ("focal", "colour"), [((10, 50), RED), ((90, 50), BLUE)], ids=["left", "right"]
)
def test_the_cut_keeps_the_focal_point_in_view(focal, colour):
    image = services.image_create(
        file=upload(halves()), alt_text="Halves", credit="Test", focal_x=focal[0], focal_y=focal[1]
    )
    assert close_to(middle_colour(image.crops[-1]["name"]), colour)


def test_moving_the_focal_point_cuts_again_and_removes_the_old_cut(
    django_capture_on_commit_callbacks,
):
    image = services.image_create(
        file=upload(halves(size=(600, 1800), sideways=True)), alt_text="Halves", credit="Test"
    )
    old = [crop["name"] for crop in image.crops]
    image.focal_y = 5
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image)
    image.refresh_from_db()
    assert image.crops_are_current
    assert close_to(middle_colour(image.crops[-1]["name"]), RED)  # the top half
    assert not any(default_storage.exists(name) for name in old)
    # Saving again without moving it decodes nothing.
    with mock.patch("PIL.Image.open", side_effect=AssertionError("decoded again")):
        image.caption = "A new caption"
        image_save(image=image)


def test_the_orphan_sweep_keeps_the_3_2_renditions():
    image = make_image(size=(900, 900))
    assert image_files_remove_orphans(grace=timedelta(0)) == []
    assert all(default_storage.exists(crop["name"]) for crop in image.crops)


def render(template, **context):
    return Template("{% load images_tags %}" + template).render(Context(context))


def test_a_teaser_downloads_the_3_2_cut_and_an_article_the_whole_frame():
    image = services.image_create(file=upload(noise((800, 1200))), alt_text="Tall", credit="T")
    teaser = render('{% figure image sizes="teaser" %}', image=image)
    story = render("{% figure image %}", image=image)
    for crop in image.crops:
        assert f"{default_storage.url(crop['name'])} {crop['width']}w" in teaser
    assert 'width="800" height="533"' in teaser
    assert image.renditions[0]["name"] not in teaser
    assert image.crops[0]["name"] not in story
    # What a phone's 480-px card fetches: a third of the bytes of the whole portrait frame.
    cut = default_storage.size(image.crops[0]["name"])
    whole = default_storage.size(image.renditions[0]["name"])
    assert cut < whole * 0.6


def test_a_picture_stored_before_3_2_renditions_gets_them_once_on_first_use():
    image = make_image(size=(900, 700))
    Image.objects.filter(pk=image.pk).update(crops=[])
    image.refresh_from_db()
    with mock.patch(
        "images.templatetags.images_tags.image_make_crops", wraps=services.image_make_crops
    ) as made:
        render('{% figure image sizes="teaser" %}', image=image)
        render('{% figure image sizes="teaser" %}', image=Image.objects.get(pk=image.pk))
    assert made.call_count == 1
    assert Image.objects.get(pk=image.pk).crops_are_current
