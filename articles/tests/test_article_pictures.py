"""The article page's pictures: the lead with the story's own caption, renditions only (never
the original), and renditions made at most once for a picture stored without them."""

from unittest import mock

import pytest

from articles.tests.factories import make_article
from images import services
from images.models import Image
from images.tests.factories import make_image

pytestmark = pytest.mark.django_db


def test_article_page_shows_the_lead_with_its_own_caption_and_the_library_credit(client):
    image = make_image(caption="Library caption.", credit="Wire/Photographer")
    article = make_article(lead_image=image, lead_image_caption="Caption for this story.")
    html = client.get(article.get_absolute_url()).content.decode()
    lead = html[html.index('<figure class="figure figure--lead') :]
    lead = lead[: lead.index("</figure>")]
    assert "Caption for this story." in lead
    assert "Library caption." not in lead
    assert "Wire/Photographer" in lead
    assert 'fetchpriority="high"' in lead


def test_page_views_never_open_the_original_or_remake_renditions(client):
    image = make_image()
    article = make_article(lead_image=image, body="<p>One.</p>")
    names = [r["name"] for r in image.renditions]
    with (
        mock.patch("PIL.Image.open", side_effect=AssertionError("decoded on a page view")),
        mock.patch(
            "django.core.files.storage.FileSystemStorage.save",
            side_effect=AssertionError("stored on a page view"),
        ),
    ):
        for _ in range(2):
            response = client.get(article.get_absolute_url())
            assert response.status_code == 200
            assert names[-1] in response.content.decode()
    image.refresh_from_db()
    assert [r["name"] for r in image.renditions] == names


def test_an_image_without_renditions_gets_them_once_on_first_use(client):
    image = make_image()
    Image.objects.filter(pk=image.pk).update(renditions=[])
    article = make_article(lead_image=Image.objects.get(pk=image.pk))
    with mock.patch(
        "images.templatetags.images_tags.image_make_renditions",
        wraps=services.image_make_renditions,
    ) as maker:
        client.get(article.get_absolute_url())
        client.get(article.get_absolute_url())
    assert maker.call_count == 1
    assert Image.objects.get(pk=image.pk).renditions
