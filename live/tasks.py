"""Background work of live coverage (django.tasks; see newsroom/background.py): push alerts."""

from django.tasks import task

from newsroom.background import enqueue, traced


@task()
@traced
def send_entry_alert(entry_id):
    """Fan an entry's alert out: one `send_alert_batch` task per BATCH browsers."""
    from . import push
    from .models import LiveEntry

    entry = LiveEntry.objects.filter(pk=entry_id).first()
    if entry is None or not entry.alert or not push.is_configured():
        return 0
    endpoints = push.recipients(entry)
    for start in range(0, len(endpoints), push.BATCH):
        enqueue(send_alert_batch, entry_id, endpoints[start : start + push.BATCH])
    return len(endpoints)


@task()
@traced
def send_alert_batch(entry_id, endpoints):
    from . import push

    outcome = push.send_batch(entry_id, endpoints)
    return {"sent": outcome.sent, "skipped": outcome.skipped, "pruned": outcome.pruned}
