import pytest

from images import demo as images_demo
from images.models import Image
from newsroom.demo import read_demo_data

pytestmark = pytest.mark.django_db


class _Command:
    class stdout:  # noqa: N801 - stands in for a management command's stdout
        @staticmethod
        def write(text):
            pass


def test_demo_draws_every_picture_credited_and_is_safe_to_run_twice(demo_newsroom):
    pictures = read_demo_data("images", "pictures")
    assert Image.objects.count() == len(pictures)
    for image in Image.objects.all():
        assert image.credit
        assert image.alt_text
        # Tests draw the pictures 480 wide (conftest.DEMO_PICTURE_SIZE): one rendition each.
        assert [r["width"] for r in image.renditions] == [480]
    assert demo_newsroom.rows_after_second_load["images.Image"] == len(pictures)
    images_demo.load(_Command)  # found again by their words: nothing drawn or stored
    assert Image.objects.count() == len(pictures)


def test_a_demo_picture_is_found_by_name_even_after_staff_edit_its_words(demo_newsroom):
    first, second = read_demo_data("images", "pictures")[:2]
    image = images_demo.demo_picture(first["name"])
    assert image.caption == first["caption"]
    assert images_demo.demo_picture(second["name"]).pk != image.pk
    Image.objects.filter(pk=image.pk).update(caption="Edited by the desk")
    assert images_demo.demo_picture(first["name"]).pk == image.pk  # found by its drawing
    assert images_demo.demo_picture("no-such-picture") is None
    images_demo.load(_Command)  # an edited picture is left alone, not drawn again
    assert Image.objects.count() == len(read_demo_data("images", "pictures"))
