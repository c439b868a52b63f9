"""Pictures of embargoed stories: not at their public media URLs until the embargo lifts; wire
clients entitled to the story fetch them through the API with their key (pictures.py)."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.models import ArticleImage
from images.tests.factories import make_image
from newsroom.storage import private_storage
from syndication import pictures
from syndication.models import HeldPicture
from syndication.tasks import release_held_pictures

from .factories import api, make_article, make_client, make_key, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def india():
    return make_section(name="India", slug="india")


@pytest.fixture
def subscriber(india):
    _key, secret = make_key(make_client(sections=[india], languages=["en"]))
    return api(secret)


def _files(image):
    image.refresh_from_db()
    return [image.file.name, *(rendition["name"] for rendition in image.renditions)]


def _public(image):
    return [default_storage.exists(name) for name in _files(image)]


def _publish(django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(**fields)


def _lift(article, django_capture_on_commit_callbacks, now):
    """The embargo's time has come: the deferred task (or the periodic job) runs."""
    with django_capture_on_commit_callbacks(execute=True):
        released = pictures.picture_holds_release_due(now=now)
    return released


def test_an_embargoed_storys_picture_is_off_its_public_address_until_the_embargo_lifts(
    india, django_capture_on_commit_callbacks
):
    image = make_image()
    assert all(_public(image))
    lifts = timezone.now() + timedelta(hours=2)
    article = _publish(
        django_capture_on_commit_callbacks, section=india, lead_image=image, embargo_until=lifts
    )
    # Held: no file behind any public media URL (the web server serves MEDIA_ROOT as it is).
    assert not any(_public(image))
    for name in _files(image):
        assert private_storage().exists(pictures.held_name(name))
    assert HeldPicture.objects.get(image=image).held_until == lifts

    # Before its time the sweep leaves it held.
    assert _lift(article, django_capture_on_commit_callbacks, timezone.now()) == []
    assert not any(_public(image))

    # At the embargo's end it is back, under the same names (the pages' addresses work).
    assert _lift(article, django_capture_on_commit_callbacks, lifts + timedelta(seconds=1)) == [
        image.pk
    ]
    assert all(_public(image))
    assert not HeldPicture.objects.exists()
    assert not any(private_storage().exists(pictures.held_name(name)) for name in _files(image))


def test_an_entitled_client_fetches_the_held_picture_with_its_key_and_nobody_else_does(
    india, subscriber, django_capture_on_commit_callbacks
):
    image = make_image()
    article = _publish(
        django_capture_on_commit_callbacks,
        section=india,
        lead_image=image,
        embargo_until=timezone.now() + timedelta(hours=2),
    )
    item = subscriber.get(f"/api/v1/items/{article.pk}").json()
    renditions = item["associations"][0]["renditions"]
    hrefs = {rendition["name"]: rendition["href"] for rendition in renditions}
    assert all("/api/v1/pictures/" in href for href in hrefs.values())

    original = subscriber.get(hrefs["original"])
    assert original.status_code == 200
    assert original["Content-Type"] == "image/jpeg"
    assert original["Cache-Control"] == "private, no-store"
    with private_storage().open(pictures.held_name(image.file.name), "rb") as held:
        assert b"".join(original.streaming_content) == held.read()
    smallest = renditions[0]
    assert subscriber.get(smallest["href"])["Content-Type"] == "image/webp"

    path = hrefs["original"].split("://", 1)[1].split("/", 1)[1]
    # No key, another section's client, a revoked key: nothing.
    from django.test import Client as HttpClient

    assert HttpClient().get(f"/{path}").status_code == 401
    _key, other_secret = make_key(make_client(sections=[make_section()], languages=["en"]))
    assert api(other_secret).get(f"/{path}").status_code == 404
    assert subscriber.get(f"/api/v1/pictures/{image.pk}/w99999").status_code == 404


def test_after_release_the_api_sends_clients_to_the_public_address(
    india, subscriber, django_capture_on_commit_callbacks
):
    image = make_image()
    lifts = timezone.now() + timedelta(hours=1)
    article = _publish(
        django_capture_on_commit_callbacks, section=india, lead_image=image, embargo_until=lifts
    )
    _lift(article, django_capture_on_commit_callbacks, lifts + timedelta(minutes=1))
    response = subscriber.get(f"/api/v1/pictures/{image.pk}/original")
    assert response.status_code == 302
    assert response["Location"].endswith(default_storage.url(image.file.name))
    assert default_storage.exists(image.file.name)


def test_lifting_the_embargo_early_releases_the_picture_at_once(
    india, django_capture_on_commit_callbacks
):
    image = make_image()
    article = _publish(
        django_capture_on_commit_callbacks,
        section=india,
        lead_image=image,
        embargo_until=timezone.now() + timedelta(hours=5),
    )
    assert not any(_public(image))
    with django_capture_on_commit_callbacks(execute=True):
        article.embargo_until = None
        article.save()
    assert all(_public(image))
    assert not HeldPicture.objects.exists()


def test_a_picture_a_public_story_already_shows_is_not_held(
    india, django_capture_on_commit_callbacks
):
    image = make_image()
    _publish(django_capture_on_commit_callbacks, section=india, lead_image=image)
    _publish(
        django_capture_on_commit_callbacks,
        section=india,
        lead_image=image,
        embargo_until=timezone.now() + timedelta(hours=1),
    )
    assert all(_public(image))
    assert not HeldPicture.objects.exists()


def test_a_body_picture_is_held_and_the_latest_embargo_decides(
    india, django_capture_on_commit_callbacks
):
    image = make_image()
    soon, later = timezone.now() + timedelta(hours=1), timezone.now() + timedelta(hours=3)
    first = _publish(django_capture_on_commit_callbacks, section=india, embargo_until=soon)
    with django_capture_on_commit_callbacks(execute=True):
        ArticleImage.objects.create(article=first, image=image)
    _publish(
        django_capture_on_commit_callbacks, section=india, lead_image=image, embargo_until=later
    )
    assert HeldPicture.objects.get(image=image).held_until == later
    # The first embargo ends; the second story still has it under embargo.
    with django_capture_on_commit_callbacks(execute=True):
        pictures.picture_holds_update(image_ids=[image.pk], now=soon + timedelta(minutes=1))
    assert not any(_public(image))


def test_the_periodic_job_is_the_release(india, django_capture_on_commit_callbacks, monkeypatch):
    image = make_image()
    _publish(
        django_capture_on_commit_callbacks,
        section=india,
        lead_image=image,
        embargo_until=timezone.now() + timedelta(hours=1),
    )
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(pictures.timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        release_held_pictures.enqueue()
    assert all(_public(image))


def test_a_client_may_fetch_only_pictures_its_stories_carry_now(
    india, subscriber, django_capture_on_commit_callbacks
):
    from articles.services import article_kill
    from articles.tests.factories import make_member
    from newsroom import roles

    first, second = make_image(), make_image()
    article = _publish(
        django_capture_on_commit_callbacks,
        section=india,
        lead_image=first,
        embargo_until=timezone.now() + timedelta(hours=2),
    )
    assert subscriber.get(f"/api/v1/pictures/{first.pk}/original").status_code == 200
    # The story changes its picture: the old one is no longer the client's to take.
    with django_capture_on_commit_callbacks(execute=True):
        article.lead_image = second
        article.save()
    assert subscriber.get(f"/api/v1/pictures/{first.pk}/original").status_code == 404
    assert subscriber.get(f"/api/v1/pictures/{second.pk}/original").status_code == 200
    # Killed: nothing of it any more.
    with django_capture_on_commit_callbacks(execute=True):
        article_kill(
            actor=make_member("desk", roles.EDITOR), article=article, note="Legal: the court order."
        )
    assert subscriber.get(f"/api/v1/pictures/{second.pk}/original").status_code == 404


def test_staff_of_the_syndication_role_see_a_held_picture_through_a_signed_link(
    india, client, django_capture_on_commit_callbacks
):
    from articles.tests.factories import make_member
    from newsroom import roles

    image = make_image()
    _publish(
        django_capture_on_commit_callbacks,
        section=india,
        lead_image=image,
        embargo_until=timezone.now() + timedelta(hours=2),
    )
    held = HeldPicture.objects.get(image=image)
    client.force_login(make_member("wiredesk", roles.SYNDICATION))
    page = client.get(f"/admin/syndication/heldpicture/{held.pk}/change/")
    assert page.status_code == 200
    link = page.content.decode().split('href="/private/', 1)[1].split('"', 1)[0]
    response = client.get(f"/private/{link}")
    assert response.status_code == 200
    with private_storage().open(pictures.held_name(image.file.name), "rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_one_release_is_scheduled_per_embargo_end_not_per_save(
    india, django_capture_on_commit_callbacks, monkeypatch
):
    scheduled = []
    monkeypatch.setattr(pictures, "_schedule_release", scheduled.append)
    lifts = timezone.now() + timedelta(hours=2)
    article = _publish(
        django_capture_on_commit_callbacks,
        section=india,
        lead_image=make_image(),
        embargo_until=lifts,
    )
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            article.headline += "!"
            article.save()
    assert scheduled == [lifts]
    later = lifts + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        article.embargo_until = later
        article.save()
    assert scheduled == [lifts, later]


def test_with_a_real_queue_the_release_waits_for_the_embargos_end(
    india, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    lifts = timezone.now() + timedelta(hours=2)
    _publish(
        django_capture_on_commit_callbacks,
        section=india,
        lead_image=make_image(),
        embargo_until=lifts,
    )
    releases = DBTaskResult.objects.filter(task_path="syndication.tasks.release_held_pictures")
    assert [task.run_after for task in releases] == [lifts]
