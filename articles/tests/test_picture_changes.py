"""Changing a picture that published stories use needs the right to change those stories, and
every change of a library picture is in the audit log (issue 21, item 3)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleImage
from images.models import Image
from images.services import image_save
from images.tests.factories import make_image, picture_bytes, upload
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR, REPORTER
from newsroom.services import audit_entries_for

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return make_member("reporter", REPORTER)


@pytest.fixture
def editor():
    return make_member("editor", EDITOR)


def _change(client, image, **changes):
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source_url": "",
        "licence_note": "",
        **changes,
    }
    return client.post(reverse("admin:images_image_change", args=[image.pk]), data)


def _lead_of(image, reporter, **fields):
    return make_story(by=reporter, lead_image=image, **fields)


@pytest.mark.parametrize(
    "published",
    [
        {"status": Article.Status.PUBLISHED},
        {"status": Article.Status.PUBLISHED, "publish_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["live", "scheduled"],
)
def test_a_reporter_cannot_change_their_picture_once_a_published_story_leads_with_it(
    client, reporter, published
):
    image = make_image(actor=reporter, alt_text="Boats in the harbour", credit="Coast Agency")
    story = _lead_of(image, reporter, headline="Harbour reopens", **published)
    client.force_login(reporter)

    page = client.get(reverse("admin:images_image_change", args=[image.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "used by published stories" in html  # a clear refusal, naming the story
    assert story.headline in html

    response = _change(client, image, alt_text="Something else", credit="Nobody")
    assert response.status_code == 403
    response = _change(client, image, file=upload(picture_bytes(size=(300, 200))))
    assert response.status_code == 403
    image.refresh_from_db()
    assert (image.alt_text, image.credit, image.width) == (
        "Boats in the harbour",
        "Coast Agency",
        900,
    )


def test_a_picture_in_the_body_of_a_published_story_is_guarded_too(client, reporter):
    image = make_image(actor=reporter)
    story = make_story(by=reporter, status=Article.Status.PUBLISHED)
    ArticleImage.objects.create(article=story, image=image)
    client.force_login(reporter)
    assert _change(client, image, caption="Changed").status_code == 403


def test_the_service_refuses_too(reporter):
    image = make_image(actor=reporter)
    _lead_of(image, reporter, status=Article.Status.PUBLISHED)
    image.credit = "Nobody"
    with pytest.raises(PermissionDenied):
        image_save(image=image, actor=reporter)
    assert Image.objects.get(pk=image.pk).credit != "Nobody"


def test_a_reporter_still_changes_a_picture_only_drafts_use(client, reporter):
    image = make_image(actor=reporter)
    _lead_of(image, reporter, status=Article.Status.DRAFT)
    _lead_of(image, reporter, status=Article.Status.ARCHIVED)
    client.force_login(reporter)
    assert _change(client, image, credit="Coast Agency").status_code == 302
    assert Image.objects.get(pk=image.pk).credit == "Coast Agency"
    (entry,) = audit_entries_for(image).filter(action="changed")
    assert entry.actor == reporter
    assert "credit" in entry.note


def test_an_editor_changes_a_live_picture_and_the_change_is_audited(client, reporter, editor):
    image = make_image(actor=reporter)
    story = _lead_of(image, reporter, status=Article.Status.PUBLISHED, headline="Harbour reopens")
    client.force_login(editor)
    response = _change(client, image, file=upload(picture_bytes(size=(300, 200))), credit="Desk")
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.width, image.credit) == (300, "Desk")
    (entry,) = audit_entries_for(image).filter(action="changed")
    assert entry.actor == editor
    assert "file" in entry.note
    assert "credit" in entry.note
    assert story.headline in entry.note  # which live stories changed with it


def test_uploads_are_audited(client, reporter):
    client.force_login(reporter)
    response = client.post(
        reverse("admin:images_image_add"),
        {"file": upload(), "alt_text": "Boats", "caption": "", "credit": "Coast Agency"},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert [entry.actor for entry in audit_entries_for(image)] == [reporter]
    assert AuditEntry.objects.filter(object_id=image.pk, action="uploaded").exists()
