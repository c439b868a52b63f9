"""Background work of the image library, for django.tasks.

The project sets no TASKS backend yet, so Django's default (ImmediateBackend) runs an enqueued
task at once in the caller; the `remove_orphan_images` command does the same work from cron.
"""

from datetime import timedelta

from django.tasks import task

from .services import image_files_remove_orphans


@task
def remove_orphan_files(grace_minutes=60):
    """Delete library files no row refers to (see services.image_files_remove_orphans)."""
    return len(image_files_remove_orphans(grace=timedelta(minutes=grace_minutes)))
