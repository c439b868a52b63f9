"""What a change to giving makes stale on cached pages (newsroom/cache.py).

An appeal's save or delete changes the appeal box on every story page: "site". An appeal also
starts and ends by the clock, with nothing saved: pages and the box's fragment are kept no longer
than that moment, and the first request after it bumps "site" once.
"""

import math
import time

from django.core.cache import cache

from newsroom.cache import SITE, invalidate, invalidate_on_change, limit_page_lifetime

from .models import Appeal

NEXT_APPEAL_CHANGE_KEY = "donations:next-appeal-change"
APPEAL_CHANGED_KEY = "donations:appeal-changed:{due}"


@limit_page_lifetime
def seconds_until_an_appeal_starts_or_ends():
    """Seconds until an appeal starts or ends (None if none will), read once and shared until
    then or until an appeal is saved."""
    now = time.time()
    due = cache.get(NEXT_APPEAL_CHANGE_KEY)
    if due and due <= now:
        if cache.add(APPEAL_CHANGED_KEY.format(due=due), 1, timeout=3600):
            invalidate(SITE)
        due = None
    if due is None:
        moment = Appeal.objects.next_change()
        due = moment.timestamp() if moment else 0
        # Kept past its moment, so that the first request after it still notices it.
        cache.set(NEXT_APPEAL_CHANGE_KEY, due, max(3600, math.ceil(due - now) + 3600))
    return due - now if due else None


def _appeal_changed(_appeal):
    cache.delete(NEXT_APPEAL_CHANGE_KEY)  # its times may have moved: read them again
    return [SITE]


def connect():
    # The appeal box is on every story page (its bar is an island of its own).
    invalidate_on_change(Appeal, _appeal_changed)
