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


def test_library_search_finds_the_uploader_by_name(admin_client, django_user_model):
    photographer = django_user_model.objects.create_user(
        "pmenon", first_name="Priya", last_name="Menon", is_staff=True
    )
    make_image(caption="Crowd outside the court", actor=photographer)
    make_image(caption="Boats in the harbour")
    url = reverse("admin:images_image_changelist")
    html = admin_client.get(url, {"q": "priya"}).content.decode()
    assert "Crowd outside the court" in html
    assert "Boats in the harbour" not in html


def test_replacing_the_file_remakes_the_renditions_and_removes_the_old_files(
    admin_client, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from images.models import Image

    from .factories import picture_bytes, upload

    image = make_image(size=(900, 600))
    old_names = [image.file.name, *(r["name"] for r in image.renditions)]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:images_image_change", args=[image.pk]),
            {
                "file": upload(picture_bytes(size=(500, 1000))),
                "alt_text": image.alt_text,
                "caption": image.caption,
                "credit": image.credit,
                "source_url": "",
                "licence_note": "",
            },
        )
    assert response.status_code == 302
    image = Image.objects.get(pk=image.pk)
    assert (image.width, image.height) == (500, 1000)
    assert [r["width"] for r in image.renditions] == [480, 500]
    assert all(default_storage.exists(r["name"]) for r in image.renditions)
    assert not any(default_storage.exists(name) for name in old_names)


def test_upload_on_the_spot_from_the_article_form_popup(admin_client):
    from images.models import Image

    from .factories import upload

    response = admin_client.post(
        reverse("admin:images_image_add") + "?_to_field=id&_popup=1",
        {
            "_popup": "1",
            "_to_field": "id",
            "file": upload(),
            "alt_text": "Boats",
            "caption": "",
            "credit": "Coast Agency",
            "source_url": "",
            "licence_note": "",
        },
    )
    assert response.status_code == 200
    image = Image.objects.get()
    assert "popup_response" in response.content.decode()
    assert str(image.pk) in response.content.decode()
