"""Background tasks of the site itself: housekeeping run by the scheduler (settings.SCHEDULED_JOBS).

Each is a `django.tasks` task wrapped in `background.traced`, so its log lines carry a request id;
enqueue them with `background.enqueue(task)`."""

import logging
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.tasks import task
from django.utils import timezone

from .background import traced

logger = logging.getLogger("newsroom.tasks")

FINISHED_TASKS_KEPT_DAYS = 7


@task()
@traced
def heartbeat():
    """Proves a scheduler and a worker are alive: its successful results are the pulse."""
    return timezone.now().isoformat()


@task()
@traced
def clear_expired_sessions():
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    logger.info("expired sessions cleared", extra={"deleted": deleted})
    return deleted


@task()
@traced
def prune_finished_tasks():
    """Results of finished tasks older than a week (their rows would grow without end)."""
    from django_tasks_db.models import DBTaskResult

    from .models import ScheduledRun

    cutoff = timezone.now() - timedelta(days=FINISHED_TASKS_KEPT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    ScheduledRun.objects.filter(slot__lt=cutoff).delete()
    logger.info("finished tasks pruned", extra={"deleted": deleted})
    return deleted
