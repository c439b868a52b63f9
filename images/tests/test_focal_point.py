"""The focal point (issue 20): set on the picture, it places every cut-down version (teaser cards,
all one shape) so the point that matters stays in view."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from images.forms import ImageForm
from images.models import Image

from .factories import make_image

pytestmark = pytest.mark.django_db


def test_a_picture_starts_focused_on_its_middle():
    image = make_image(size=(64, 40))
    assert (image.focal_x, image.focal_y) == (50, 50)
    assert image.focal_classes == "focal-x-5 focal-y-5"


@pytest.mark.parametrize(
    ("point", "classes"), [((0, 100), "focal-x-0 focal-y-10"), ((33, 67), "focal-x-3 focal-y-7")]
)
def test_the_figure_carries_the_focal_point_as_classes(point, classes):
    image = make_image(size=(64, 40))
    image.focal_x, image.focal_y = point
    html = Template("{% load images_tags %}{% figure image %}").render(Context({"image": image}))
    assert f'<img class="{classes}"' in html
    assert "style=" not in html


def test_the_focal_point_stays_in_the_frame():
    image = make_image(size=(64, 40))
    image.focal_x = 101
    with pytest.raises(ValidationError):
        image.full_clean()


def test_the_library_form_sets_it(admin_client):
    image = make_image(size=(64, 40))
    url = reverse("admin:images_image_change", args=[image.pk])
    html = admin_client.get(url).content.decode()
    assert "data-focal-picker" in html
    assert "images/focal.js" in html
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "focal_x": "12",
        "focal_y": "30",
        "source_url": "",
        "licence_note": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:1500]
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (12, 30)
    bad = ImageForm(data={**data, "focal_x": "150"}, instance=image)
    assert not bad.is_valid()
    assert "focal_x" in bad.errors
    assert Image.objects.get(pk=image.pk).focal_x == 12
