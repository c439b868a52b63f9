"""A task for `make multinode` only: long enough to be running when its worker gets SIGTERM."""

import time

from django.tasks import task


@task()
def slow(seconds):
    time.sleep(seconds)
    return "finished"
