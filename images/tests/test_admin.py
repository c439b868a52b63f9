import pytest
from django.urls import reverse

from .factories import make_image

pytestmark = pytest.mark.django_db


def test_image_list_shows_thumbnails_and_searches_caption_and_credit(admin_client):
    harbour = make_image(caption="Boats in the harbour", credit="Coast Agency")
    court = make_image(
        caption="Crowd outside the court", credit="Official Instagram/The White House"
    )
    url = reverse("admin:images_image_changelist")
    html = admin_client.get(url).content.decode()
    assert html.count('class="images-thumb"') == 2
    assert harbour.renditions[0]["name"] in html
    html = admin_client.get(url, {"q": "harbour"}).content.decode()
    assert "Boats in the harbour" in html
    assert "Crowd outside the court" not in html
    html = admin_client.get(url, {"q": "White House"}).content.decode()
    assert court.caption in html
    assert harbour.caption not in html


def test_change_form_previews_the_picture_with_caption_and_credit(admin_client):
    image = make_image(caption="Boats in the harbour", credit="Coast Agency", alt_text="Boats")
    html = admin_client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()
    assert 'class="images-preview"' in html
    assert 'alt="Boats"' in html
    assert "Coast Agency" in html
    assert "900 x 600 px" in html


def test_article_form_picks_images_by_autocomplete(admin_client):
    image = make_image(caption="Boats in the harbour", credit="Coast Agency")
    make_image(caption="Crowd outside the court")
    html = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="lead_image"' in html
    assert "admin-autocomplete" in html
    assert "body_images-TOTAL_FORMS" in html
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_image",
            "term": "coast",
        },
    )
    results = response.json()["results"]
    assert [result["id"] for result in results] == [str(image.pk)]
