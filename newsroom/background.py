"""Background work on Django's own `django.tasks`, and periodic jobs that run once.

The backend is django-tasks-db (settings.TASKS): a task is a row in PostgreSQL, and any number of
`manage.py db_worker` processes, on any number of machines, claim rows with SELECT ... FOR UPDATE
SKIP LOCKED, so each task runs on one worker only.

Periodic jobs (settings.SCHEDULED_JOBS) are enqueued by `manage.py run_scheduler`, which may run
on every machine: each job's time is cut into slots of its interval, and a slot is enqueued only by
the scheduler that inserts its `ScheduledRun` row (unique on job and slot), in the same
transaction as the task's own row. A second scheduler's insert fails on the unique key, so a slot
is never enqueued twice; the row and the task commit together, so a slot that has a row always has
its task. While any scheduler is running, every slot is enqueued.

Task log lines carry the request id of the request that enqueued them (`enqueue`, `traced`).
"""

import functools
import logging
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from .logging import REQUEST_ID, current_request_id, request_id_context

logger = logging.getLogger("newsroom.tasks")


def traced(function):
    """Under `@task`: the task takes a `request_id` keyword (given by `enqueue`), which its log
    lines then carry, and logs its start and end."""

    @functools.wraps(function)
    def run(*args, request_id=None, **kwargs):
        if not (isinstance(request_id, str) and REQUEST_ID.match(request_id)):
            request_id = uuid.uuid4().hex
        with request_id_context(request_id):
            started = time.monotonic()
            logger.info("task started", extra={"task": function.__qualname__})
            try:
                result = function(*args, **kwargs)
            except Exception:
                logger.exception("task failed", extra={"task": function.__qualname__})
                raise
            logger.info(
                "task finished",
                extra={
                    "task": function.__qualname__,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return result

    run.takes_request_id = True
    return run


def enqueue(task, *args, **kwargs):
    """`task.enqueue(...)`, with the current request's id (or a new one) passed on to a task
    written with `traced` (any other task is enqueued as it is)."""
    if getattr(task.func, "takes_request_id", False):
        kwargs["request_id"] = current_request_id() or uuid.uuid4().hex
    return task.enqueue(*args, **kwargs)


def job_slot(every_seconds, now=None):
    """The start of the slot `now` falls in, for a job run every `every_seconds` seconds."""
    now = now or datetime.now(UTC)
    timestamp = int(now.timestamp())
    return datetime.fromtimestamp(timestamp - timestamp % every_seconds, UTC)


def enqueue_due_jobs(now=None):
    """Enqueue each scheduled job whose current slot no scheduler has enqueued yet.

    Returns the names of the jobs this call enqueued. Safe to call from many processes at once."""
    from .models import ScheduledRun

    enqueued = []
    for name, job in settings.SCHEDULED_JOBS.items():
        slot = job_slot(int(job["every"]), now)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=name, slot=slot)
                result = enqueue(import_string(job["task"]))
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler has this slot
        logger.info("job enqueued", extra={"job": name, "slot": slot.isoformat()})
        enqueued.append(name)
    return enqueued
