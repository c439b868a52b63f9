"""Background work of the image library (django.tasks; see newsroom/background.py)."""

from datetime import timedelta

from django.tasks import task

from newsroom.background import traced

from .services import image_files_remove_orphans


@task()
@traced
def remove_orphan_files(grace_minutes=60):
    """Delete library files no row refers to (services.image_files_remove_orphans); run daily by
    the scheduler (settings.SCHEDULED_JOBS), and by `manage.py remove_orphan_images` on demand."""
    return len(image_files_remove_orphans(grace=timedelta(minutes=grace_minutes)))
