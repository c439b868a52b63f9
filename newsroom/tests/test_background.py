import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.http import HttpResponse
from django.tasks import TaskResultStatus, task
from django.urls import path
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsroom import background, tasks
from newsroom.logging import RequestIdFilter, request_id_context
from newsroom.models import ScheduledRun

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOBS = {
    "pulse": {"task": "newsroom.tasks.heartbeat", "every": 60},
    "sessions": {"task": "newsroom.tasks.clear_expired_sessions", "every": 3600},
}
NOON = datetime(2026, 12, 3, 12, 0, 30, tzinfo=UTC)


@pytest.fixture
def queue(settings, monkeypatch):
    settings.TASKS = DATABASE_BACKEND
    settings.SCHEDULED_JOBS = JOBS
    # The worker closes connections between tasks, as Django does between requests; the test's
    # transaction lives on its connection, so it is kept open here (as Django's test client does).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db
def test_each_slot_of_each_job_is_enqueued_once(queue):
    assert sorted(background.enqueue_due_jobs(NOON)) == ["pulse", "sessions"]
    assert background.enqueue_due_jobs(NOON + timedelta(seconds=20)) == []
    # The next minute is the pulse's next slot; the hourly job's slot is the same hour.
    assert background.enqueue_due_jobs(NOON + timedelta(seconds=40)) == ["pulse"]

    runs = ScheduledRun.objects.order_by("slot", "job")
    assert [(run.job, run.slot.minute) for run in runs] == [
        ("pulse", 0),
        ("sessions", 0),
        ("pulse", 1),
    ]
    assert {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)} == {
        run.task_id for run in runs
    }


@pytest.mark.django_db
def test_a_worker_runs_what_the_scheduler_enqueued(queue):
    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now())
    Session.objects.create(
        session_key="current", session_data="", expire_date=timezone.now() + timedelta(days=1)
    )
    background.enqueue_due_jobs()
    run_worker()

    assert DBTaskResult.objects.count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]


@pytest.mark.django_db
def test_task_log_lines_carry_the_enqueuing_request_id(queue, caplog):
    with request_id_context("request-from-the-web-1"):
        background.enqueue(tasks.heartbeat)
    with caplog.at_level(logging.INFO, logger="newsroom.tasks"):
        run_worker()

    lines = [r for r in caplog.records if r.name == "newsroom.tasks"]
    assert [r.getMessage() for r in lines] == ["task started", "task finished"]
    assert {r.request_id for r in lines} == {"request-from-the-web-1"}


def test_a_forged_request_id_is_not_carried_into_task_logs(caplog):
    with caplog.at_level(logging.INFO, logger="newsroom.tasks"):
        tasks.heartbeat.call(request_id="bad id\nwith a new line")
    ids = {r.request_id for r in caplog.records if r.name == "newsroom.tasks"}
    assert len(ids) == 1
    assert "\n" not in ids.pop()


class Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []
        self.addFilter(RequestIdFilter())

    def emit(self, record):
        self.records.append(record)


def view_that_logs(request):
    logging.getLogger("some.library").warning("something happened")
    return HttpResponse("ok")


urlpatterns = [path("log/", view_that_logs)]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_every_log_line_during_a_request_carries_its_id(client):
    capture = Capture()
    library = logging.getLogger("some.library")
    library.addHandler(capture)
    try:
        client.get("/log/", headers={"X-Request-ID": "abcdef123456"})
        client.get("/log/")
    finally:
        library.removeHandler(capture)
    assert [r.getMessage() for r in capture.records] == ["something happened"] * 2
    assert capture.records[0].request_id == "abcdef123456"
    assert len(capture.records[1].request_id) == 32  # one made up for a request that had none


@pytest.mark.django_db
def test_scheduler_command_once(queue):
    call_command("run_scheduler", once=True)
    assert set(ScheduledRun.objects.values_list("job", flat=True)) == {"pulse", "sessions"}
    with pytest.raises(CommandError, match="--tick"):
        call_command("run_scheduler", tick=0)


def test_expired_sessions_task_on_the_immediate_backend(db):
    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now())
    result = background.enqueue(tasks.clear_expired_sessions)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert not Session.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent inserts need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enqueue_each_slot_once(queue):
    schedulers = 4
    start = threading.Barrier(schedulers)
    enqueued = []

    def scheduler():
        try:
            start.wait()
            enqueued.extend(background.enqueue_due_jobs(NOON))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(schedulers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(enqueued) == ["pulse", "sessions"]
    assert DBTaskResult.objects.count() == 2
    assert ScheduledRun.objects.count() == 2


def test_job_slots():
    assert background.job_slot(60, NOON) == NOON.replace(second=0)
    assert background.job_slot(3600, NOON) == NOON.replace(minute=0, second=0)


def test_a_task_without_traced_is_enqueued_as_it_is():
    result = background.enqueue(plain, 2)
    assert result.return_value == 4


@task()
def plain(number):
    return number * 2
