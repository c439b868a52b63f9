import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from newsroom.background import enqueue_due_jobs


class Command(BaseCommand):
    help = (
        "Enqueue the periodic jobs (settings.SCHEDULED_JOBS) as they fall due. Safe to run on "
        "every machine: each job's slot is enqueued once, whichever scheduler gets it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tick", type=float, default=1.0, help="seconds between looks (default 1)"
        )
        parser.add_argument("--once", action="store_true", help="look once, then exit")

    def handle(self, *, tick, once, verbosity, **options):
        if tick <= 0:
            raise CommandError("--tick must be more than 0 seconds")
        stopping = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stopping.set())
        while True:
            if not once:
                close_old_connections()  # as between requests: a dropped connection is renewed
            enqueued = enqueue_due_jobs()
            if verbosity > 1 and enqueued:
                self.stdout.write(f"enqueued: {', '.join(enqueued)}")
            if once or stopping.wait(tick):
                break
