"""The picture chooser's two admin views: a page of thumbnails to search and page through, and the
upload that stores a new picture for the form to choose at once (images/chooser.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from images.chooser import PER_PAGE
from images.models import Image
from images.services import UPLOADS_AT_ONCE, upload_slot
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR, MODERATOR, REPORTER

from .factories import make_image, picture_bytes, png_header_only, upload

pytestmark = pytest.mark.django_db

CHOOSER = reverse("admin:images_image_chooser")
UPLOAD = reverse("admin:images_image_chooser_upload")


def member(username, *groups, first_name="", last_name=""):
    user = get_user_model().objects.create_user(
        username=username,
        password="pw-for-tests",
        is_staff=True,
        first_name=first_name,
        last_name=last_name,
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def reporter_client(client):
    client.force_login(member("asha", REPORTER, first_name="Asha", last_name="Verma"))
    return client


def pick_ids(html):
    """The picture ids offered on the chooser's page, in order."""
    import re

    return [int(found) for found in re.findall(r'data-chooser-pick data-id="(\d+)"', html)]


def send(client, *, file=None, alt_text="Boats at dawn", caption="", credit="Coast Agency"):
    data = {
        "chooser-upload-alt_text": alt_text,
        "chooser-upload-caption": caption,
        "chooser-upload-credit": credit,
    }
    if file is not None:
        data["chooser-upload-file"] = file
    return client.post(UPLOAD, data)


# --- Choosing -----------------------------------------------------------------------------------


def test_the_chooser_shows_thumbnails_with_caption_credit_and_uploader(reporter_client):
    uploader = member("ravi", EDITOR, first_name="Ravi", last_name="Nair")
    harbour = make_image(caption="Boats in the harbour", credit="Coast Agency", actor=uploader)
    html = reporter_client.get(CHOOSER).content.decode()
    assert pick_ids(html) == [harbour.pk]
    assert default_storage.url(harbour.renditions[0]["name"]) in html
    assert 'class="chooser-pick__thumb"' in html
    assert "Boats in the harbour" in html
    assert "Coast Agency" in html
    assert "uploaded by Ravi Nair" in html
    assert "1 picture in the library" in html
    # The reporter may add pictures, so the upload form is in the fragment, its fields named
    # apart from the story form's.
    assert 'name="chooser-upload-file"' in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("harbour", "harbour"),  # caption
        ("coast", "harbour"),  # credit
        ("fishermen", "harbour"),  # alt text
        ("priya", "court"),  # uploader's first name
        ("menon", "court"),  # uploader's last name
        ("pmenon", "court"),  # uploader's username
        ("crowd reuters", "court"),  # every word, each in any field
    ],
)
def test_search_looks_in_caption_credit_alt_text_and_uploader(reporter_client, query, found):
    priya = member("pmenon", REPORTER, first_name="Priya", last_name="Menon")
    pictures = {
        "harbour": make_image(
            caption="Boats in the harbour", credit="Coast Agency", alt_text="Fishermen mend nets"
        ),
        "court": make_image(
            caption="Crowd outside the court", credit="Reuters", alt_text="People", actor=priya
        ),
    }
    html = reporter_client.get(CHOOSER, {"q": query}).content.decode()
    assert pick_ids(html) == [pictures[found].pk]
    assert "1 picture matches" in html


def test_a_search_that_finds_nothing_says_so(reporter_client):
    make_image(caption="Boats in the harbour")
    html = reporter_client.get(CHOOSER, {"q": "elephant"}).content.decode()
    assert pick_ids(html) == []
    assert "0 pictures match “elephant”" in html
    assert "upload the picture" in html


def test_the_chooser_pages_through_the_library_newest_first(reporter_client):
    images = [make_image(size=(60, 40)) for _ in range(PER_PAGE + 3)]
    newest_first = [image.pk for image in reversed(images)]
    first = reporter_client.get(CHOOSER).content.decode()
    assert pick_ids(first) == newest_first[:PER_PAGE]
    assert f"{PER_PAGE + 3} pictures in the library, page 1 of 2." in " ".join(first.split())
    assert "page=2" in first
    assert "Next page" in first
    assert "Previous page" not in first
    second = reporter_client.get(CHOOSER, {"page": "2"}).content.decode()
    assert pick_ids(second) == newest_first[PER_PAGE:]
    assert "Previous page" in second
    assert "Next page" not in second
    # A page that does not exist shows the last; nonsense shows the first. Never an error.
    assert pick_ids(reporter_client.get(CHOOSER, {"page": "99"}).content.decode()) == pick_ids(
        second
    )
    assert pick_ids(reporter_client.get(CHOOSER, {"page": "x"}).content.decode()) == pick_ids(first)


def test_the_paging_links_keep_the_search(reporter_client):
    for number in range(PER_PAGE + 1):
        make_image(size=(60, 40), caption=f"Monsoon {number}")
    make_image(size=(60, 40), caption="Desert")
    html = reporter_client.get(CHOOSER, {"q": "monsoon"}).content.decode()
    assert f"{CHOOSER}?q=monsoon&amp;chosen=&amp;page=2" in html


def test_the_current_choice_is_marked(reporter_client):
    one, two = make_image(), make_image()
    html = reporter_client.get(CHOOSER, {"chosen": str(one.pk)}).content.decode()
    assert f'data-id="{one.pk}"' in html
    marked = html.split(f'data-id="{one.pk}"', 1)[1].split(">", 1)[0]
    assert 'aria-current="true"' in marked
    other = html.split(f'data-id="{two.pk}"', 1)[1].split(">", 1)[0]
    assert "aria-current" not in other


def test_a_picture_without_alt_text_or_credit_says_so_in_the_chooser(reporter_client):
    make_image(alt_text="", credit="")
    html = reporter_client.get(CHOOSER).content.decode()
    assert "No alt text, credit" in html


def test_the_chooser_costs_the_same_queries_for_one_picture_and_a_full_page(reporter_client):
    make_image(size=(60, 40))
    reporter_client.get(CHOOSER)  # the session and the user are warm, as in the dialog
    with CaptureQueriesContext(connection) as one:
        assert reporter_client.get(CHOOSER, {"q": "picture"}).status_code == 200
    uploaders = [member(f"photographer{n}", REPORTER) for n in range(5)]
    for number in range(PER_PAGE + 5):
        make_image(size=(60, 40), actor=uploaders[number % 5])
    with CaptureQueriesContext(connection) as many:
        response = reporter_client.get(CHOOSER, {"q": "picture"})
    assert len(pick_ids(response.content.decode())) == PER_PAGE
    assert len(many) == len(one), [query["sql"] for query in many.captured_queries]


def test_hostile_search_text_is_escaped_and_cut(reporter_client):
    make_image(caption="Boats")
    response = reporter_client.get(CHOOSER, {"q": '<script>alert(1)</script>"' + "x" * 5000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    assert "x" * 300 not in html


# --- Who may choose and upload ------------------------------------------------------------------


def test_only_staff_who_may_see_the_library_get_the_chooser(client):
    assert client.get(CHOOSER).status_code == 302  # signed out: to the sign-in page
    client.force_login(member("mod", MODERATOR))
    response = client.get(CHOOSER)
    assert response.status_code == 403
    assert "may not choose pictures" in response.content.decode()
    assert send(client, file=upload()).status_code == 403
    assert not Image.objects.exists()


def test_someone_who_may_only_view_pictures_chooses_but_cannot_upload(client):
    viewer = member("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_image"))
    client.force_login(viewer)
    make_image()
    html = client.get(CHOOSER).content.decode()
    assert len(pick_ids(html)) == 1
    assert "chooser-upload-file" not in html
    assert "Upload a new picture" not in html
    response = send(client, file=upload())
    assert response.status_code == 403
    assert response.json()["message"] == "You may not add pictures to the library."
    assert Image.objects.count() == 1


def test_the_upload_needs_the_forms_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member("asha", REPORTER))
    assert send(strict, file=upload()).status_code == 403
    assert not Image.objects.exists()


# --- Uploading ----------------------------------------------------------------------------------


def test_an_upload_is_stored_with_renditions_and_handed_back_to_be_chosen(reporter_client):
    response = send(
        reporter_client,
        file=upload(picture_bytes(size=(1200, 800))),
        caption="Boats at the harbour wall",
    )
    assert response.status_code == 201
    image = Image.objects.get()
    assert (image.alt_text, image.credit, image.caption) == (
        "Boats at dawn",
        "Coast Agency",
        "Boats at the harbour wall",
    )
    assert image.uploaded_by.username == "asha"
    assert [rendition["width"] for rendition in image.renditions] == [480, 800, 1200]
    answer = response.json()
    assert answer["id"] == image.pk
    assert answer["label"] == str(image)
    assert answer["thumbnail"] == {
        "url": default_storage.url(image.renditions[0]["name"]),
        "width": 480,
        "height": 320,
    }
    assert answer["missing"] == []
    assert AuditEntry.objects.filter(action="uploaded", object_id=str(image.pk)).exists()


@pytest.mark.parametrize(
    ("file", "field", "message"),
    [
        (None, "file", "This field is required."),
        (upload(b"", name="empty.jpg"), "file", "The submitted file is empty."),
        (
            upload(b"I am not a picture, only text." * 20, name="photo.jpg"),
            "file",
            "This file is not a JPEG, PNG, WebP or GIF picture.",
        ),
        (
            upload(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            "file",
            "SVG files are not accepted",
        ),
        (
            upload(png_header_only(6000, 5000), name="bomb.png", content_type="image/png"),
            "file",
            "6000 x 5000 pixels (30.0 megapixels); the limit is 25 megapixels",
        ),
        (
            upload(picture_bytes()[:600], name="cut.jpg"),
            "file",
            "The picture is damaged or incomplete",
        ),
    ],
    ids=["missing", "empty", "text", "svg", "too-many-pixels", "cut-off"],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_stored(
    reporter_client, file, field, message
):
    if file is not None:
        file.seek(0)
    response = send(reporter_client, file=file)
    assert response.status_code == 400
    answer = response.json()
    assert message in " ".join(answer["errors"][field])
    assert "not added" in answer["message"]
    assert not Image.objects.exists()
    assert not default_storage.exists("images/originals")


def test_a_file_over_the_size_limit_is_refused(reporter_client, settings):
    settings.IMAGES_MAX_UPLOAD_BYTES = 10_000
    response = send(reporter_client, file=upload(picture_bytes(size=(1200, 800))))
    assert response.status_code == 400
    assert "the largest picture accepted is 9.8" in response.json()["errors"]["file"][0]
    assert not Image.objects.exists()


def test_alt_text_and_credit_are_asked_for_at_upload(reporter_client):
    response = send(reporter_client, file=upload(), alt_text=" ", credit="")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"alt_text", "credit"}
    assert not Image.objects.exists()


def test_the_upload_accepts_only_a_post(reporter_client):
    assert reporter_client.get(UPLOAD).status_code == 405


def test_a_malformed_upload_body_is_a_400_not_an_error(reporter_client):
    response = reporter_client.post(
        UPLOAD,
        data=b"--broken\r\nContent-Disposition: form-data; name=\r\n\r\n",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    assert not Image.objects.exists()


def test_a_third_upload_at_once_is_answered_429(reporter_client):
    user = get_user_model().objects.get(username="asha")
    slots = [upload_slot(user) for _ in range(UPLOADS_AT_ONCE)]
    for slot in slots:
        slot.__enter__()
    try:
        response = send(reporter_client, file=upload())
    finally:
        for slot in slots:
            slot.__exit__(None, None, None)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "already have 2 pictures uploading" in response.json()["message"]
    assert not Image.objects.exists()
    assert send(reporter_client, file=upload()).status_code == 201
