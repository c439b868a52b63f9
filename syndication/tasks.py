"""Background tasks of syndication: webhook deliveries (webhooks.py)."""

from django.tasks import task

from newsroom.background import enqueue, traced

from . import webhooks


@task()
@traced
def deliver_webhook(delivery_id):
    return webhooks.deliver(delivery_id)


@task()
@traced
def retry_webhooks():
    """Periodic (settings.SCHEDULED_JOBS): enqueue the failed deliveries whose wait is over."""
    due = webhooks.due_deliveries()
    for delivery_id in due:
        enqueue(deliver_webhook, str(delivery_id))
    return len(due)


@task()
@traced
def poll_wires():
    """Periodic (settings.SCHEDULED_JOBS): read the partner feeds that are due; returns how many
    stories were new."""
    from . import services

    return sum(services.wire_poll(source=source) for source in services.wire_sources_due())


@task()
@traced
def release_held_pictures():
    """Deferred to an embargo's end, and periodic (settings.SCHEDULED_JOBS) as the fallback:
    pictures whose embargo is over go back to their public addresses (pictures.py)."""
    from .pictures import picture_holds_release_due

    return len(picture_holds_release_due())


@task()
@traced
def prune_records():
    """Daily (settings.SCHEDULED_JOBS): the usage log and finished webhook deliveries past
    their keeping time (services.syndication_records_prune)."""
    from .services import syndication_records_prune

    return sum(syndication_records_prune())
