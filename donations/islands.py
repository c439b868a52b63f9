"""The appeal's raised-so-far bar and its recent supporters (on /support/) as live islands, one
per appeal: a paid gift renews only them (services.payment_event_process), never the page
cache."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from newsroom.islands import Island, invalidate_together, register

from .models import Appeal
from .selectors import appeal_supporters, appeal_totals

SUPPORTERS_SHOWN = 12


def progress_state(key):
    if not key.isdigit():
        return None
    appeal = Appeal.objects.filter(pk=int(key)).first()
    if appeal is None:
        return None
    return {"appeal": appeal, "totals": appeal_totals(appeal) if appeal.goal else None}


appeal_progress_island = register(
    Island(
        "appeal-progress",
        state=progress_state,
        template="donations/_appeal_progress.html",
        keyed=True,
        poll=60,
        max_age=30,
    )
)


def supporters_state(key):
    if not key.isdigit():
        return None
    appeal = Appeal.objects.filter(pk=int(key)).only("id").first()
    if appeal is None:
        return None
    return {"supporters": list(appeal_supporters(appeal, limit=SUPPORTERS_SHOWN))}


supporters_island = register(
    Island(
        "appeal-supporters",
        state=supporters_state,
        template="donations/_supporters.html",
        keyed=True,
        poll=60,
        max_age=30,
    )
)


def gift_paid(appeal_id):
    """What a paid gift changes for readers: the bar and the supporters, nothing else."""
    invalidate_together((appeal_progress_island, appeal_id), (supporters_island, appeal_id))


@receiver(post_save, sender=Appeal, dispatch_uid="donations-appeal-progress-island")
def appeal_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a new goal moves the bar too
        appeal_progress_island.invalidate(key=instance.pk)
