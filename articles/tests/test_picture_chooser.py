"""The story form chooses its lead image and body pictures with the library's chooser (thumbnails,
search, upload in a dialog: images/widgets.py), not a select box with a popup window."""

import re

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, ArticleImage
from images.tests.factories import make_image

from .factories import make_article, make_member, make_section

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


@pytest.fixture
def reporter(client):
    user = make_member("asha", "Reporter")
    client.force_login(user)
    return user


def chooser_fields(html):
    return re.findall(r'<div class="image-chooser" data-image-chooser[^>]*>', html)


def test_the_new_story_form_offers_the_chooser_for_the_lead_and_body_pictures(client, reporter):
    html = client.get(ADD).content.decode()
    # The lead image, and the empty row "Add another" copies for a body picture.
    assert len(chooser_fields(html)) == 2
    assert f'data-chooser-url="{reverse("admin:images_image_chooser")}"' in html
    assert '<input type="hidden" name="lead_image" value="" id="id_lead_image"' in html
    assert 'name="body_images-__prefix__-image"' in html
    assert "Choose a picture" in html
    assert "images/chooser.js" in html
    assert "images/chooser.css" in html
    # No select box of captions, no popup window to add one.
    assert 'id="add_id_lead_image"' not in html
    assert 'data-field-name="lead_image"' not in html
    assert "admin:images_image_add" not in html
    assert "_popup=1" not in html


def test_a_chosen_lead_image_shows_its_thumbnail_and_what_it_lacks(client, reporter):
    picture = make_image(caption="Boats in the harbour", credit="", alt_text="")
    story = make_article(
        status=Article.Status.DRAFT, lead_image=picture, created_by=reporter, publish_at=None
    )
    html = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    field = html.split('id="id_lead_image"', 1)[1].split("image-chooser__buttons", 1)[0]
    assert default_storage.url(picture.renditions[0]["name"]) in field
    assert "Boats in the harbour" in field
    assert "Needs alt text, credit before the story is published." in field
    assert "Change picture" in html


def test_the_picture_chosen_in_the_dialog_is_saved_with_the_story(client, reporter):
    picture = make_image()
    section = make_section()
    response = client.post(
        ADD,
        {
            "headline": "Harbour reopens",
            "slug": "harbour-reopens",
            "body": "<p>Boats are back.</p>",
            "section": section.pk,
            "lead_image": str(picture.pk),
            "body_images-TOTAL_FORMS": "1",
            "body_images-INITIAL_FORMS": "0",
            "body_images-0-image": str(picture.pk),
            "body_images-0-caption": "",
            "body_images-0-after_paragraph": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    story = Article.objects.get(slug="harbour-reopens")
    assert story.lead_image == picture
    assert list(story.body_images.values_list("image", flat=True)) == [picture.pk]


def test_a_made_up_picture_number_is_refused_by_the_form(client, reporter):
    response = client.post(
        ADD,
        {
            "headline": "Harbour reopens",
            "slug": "harbour-reopens",
            "body": "<p>Boats are back.</p>",
            "section": make_section().pk,
            "lead_image": "999999",
            "body_images-TOTAL_FORMS": "0",
            "body_images-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()


def _change_form_queries(client, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Read now: the next request empties the connection's log the list is read from.
    return [query["sql"] for query in queries.captured_queries]


def test_the_story_form_loads_its_body_pictures_in_one_query_however_many(client):
    client.force_login(make_member("desk", "Editor"))
    story = make_article(lead_image=make_image(size=(60, 40)))
    ArticleImage.objects.create(article=story, image=make_image(size=(60, 40)), after_paragraph=1)
    one = _change_form_queries(client, story)
    for paragraph in range(2, 7):
        ArticleImage.objects.create(
            article=story, image=make_image(size=(60, 40)), after_paragraph=paragraph
        )
    many = _change_form_queries(client, story)
    html = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert len(chooser_fields(html)) == 1 + 6 + 1  # lead, six placed, the empty row
    picture_queries = [sql for sql in many if 'FROM "images_image"' in sql]
    assert len(many) == len(one), "\n".join(many)
    assert len(picture_queries) == 2, picture_queries  # the lead image, and all the body pictures
