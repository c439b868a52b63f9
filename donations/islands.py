"""The appeal's raised-so-far bar as a live island, one per appeal: a paid gift renews only it
(services.payment_event_process), never the page cache."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from newsroom.islands import Island, register

from .models import Appeal
from .selectors import appeal_totals


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


@receiver(post_save, sender=Appeal, dispatch_uid="donations-appeal-progress-island")
def appeal_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a new goal moves the bar too
        appeal_progress_island.invalidate(key=instance.pk)
