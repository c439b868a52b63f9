"""Background work of the stories (run by the scheduler, settings.SCHEDULED_JOBS)."""

import logging

from django.tasks import task

from newsroom.background import traced

from . import staging

logger = logging.getLogger("articles.tasks")


@task()
@traced
def publish_due_updates():
    """Pending updates to live stories whose scheduled time has come (articles.staging)."""
    published = staging.updates_publish_due()
    if published:
        logger.info("scheduled updates published", extra={"published": published})
    return published
