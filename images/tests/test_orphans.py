"""Issue 21, item 11: the same picture is stored once, and files no row refers to are cleaned up
(after a grace period that lets uploads in progress finish)."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from images.models import Image
from images.services import image_delete, image_save
from images.tasks import remove_orphan_files

from .factories import make_image, picture_bytes, upload
from .test_validation import METADATA

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60


def _files_on_storage():
    found = []
    for top in ("images/originals", "images/renditions"):
        root = os.path.join(default_storage.location, top)
        for folder, _dirs, files in os.walk(root):
            found += [
                os.path.relpath(os.path.join(folder, f), default_storage.location) for f in files
            ]
    return sorted(found)


def _age(name, seconds):
    path = default_storage.path(name)
    then = time.time() - seconds
    os.utime(path, (then, then))


def _upload_twice():
    content = picture_bytes(size=(1000, 700))
    first = image_save(image=Image(**METADATA), new_file=upload(content))
    files_after_first = _files_on_storage()
    second = image_save(image=Image(**METADATA), new_file=upload(content))
    return first, second, files_after_first


def test_the_same_picture_uploaded_twice_is_stored_once():
    first, second, files_after_first = _upload_twice()
    assert second.pk != first.pk
    assert second.file.name == first.file.name
    assert second.renditions == first.renditions
    assert second.crops == first.crops  # the same picture with the same focal point
    assert _files_on_storage() == files_after_first  # nothing new written
    assert len(files_after_first) == 1 + len(first.renditions) + len(first.crops)


def test_shared_files_stay_until_the_last_image_using_them_goes(
    django_capture_on_commit_callbacks,
):
    first, second, files = _upload_twice()
    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image=first)
    assert _files_on_storage() == files
    second.refresh_from_db()
    assert default_storage.exists(second.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image=second)
    assert _files_on_storage() == []


def test_replacing_a_shared_picture_keeps_it_for_the_other_image(
    django_capture_on_commit_callbacks,
):
    first, second, files = _upload_twice()
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=second, new_file=upload(picture_bytes(size=(600, 400))))
    for name in files:
        assert default_storage.exists(name)
    first.refresh_from_db()
    assert first.file.name in files


def _orphans():
    return [
        default_storage.save("images/originals/ab/killed-upload.jpg", ContentFile(b"half")),
        default_storage.save("images/renditions/999/abc-480.webp", ContentFile(b"webp")),
    ]


def test_the_command_removes_old_orphans_and_keeps_young_ones_and_used_files():
    kept = make_image()
    used = _files_on_storage()
    old_orphans = _orphans()
    for name in [*old_orphans, *used]:
        _age(name, 2 * DAY)
    young = default_storage.save("images/originals/cd/uploading-now.jpg", ContentFile(b"x"))

    dry = StringIO()
    call_command("remove_orphan_images", "--dry-run", stdout=dry)
    assert "2 orphan file(s) would be removed" in dry.getvalue()
    assert all(default_storage.exists(name) for name in old_orphans)

    output = StringIO()
    call_command("remove_orphan_images", stdout=output)
    assert "2 orphan file(s) removed" in output.getvalue()
    assert _files_on_storage() == sorted([*used, young])
    kept.refresh_from_db()
    assert default_storage.exists(kept.file.name)


def test_the_task_does_the_same_work():
    make_image()
    orphans = _orphans()
    for name in orphans:
        _age(name, 2 * DAY)
    result = remove_orphan_files.enqueue()
    assert result.return_value == 2
    assert not any(default_storage.exists(name) for name in orphans)


def test_the_scheduler_runs_the_cleanup_daily(settings):
    from django.utils.module_loading import import_string

    job = settings.SCHEDULED_JOBS["remove-orphan-images"]
    assert import_string(job["task"]) is remove_orphan_files
    assert job["every"] == DAY
