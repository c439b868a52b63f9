"""The breaking-news strip as a live island: on every page, kept current by static/js/islands.js.

Every change to an item invalidates it (signals.py); items that start or end on their own are
caught by its short lifetime, which never runs past the first live item's end."""

import math

from django.utils import timezone

from newsroom.islands import Island, register

from .strip import build_strip

# An upper bound: items that start on their own show within this many seconds.
STRIP_SECONDS = 15


def strip_state():
    strip, _items = build_strip(timezone.now())
    return {"strip": strip}


def strip_lifetime(context):
    strip = context["strip"]
    if not strip.entries:
        return STRIP_SECONDS
    first_end = min(entry.ends_at for entry in strip.entries)
    return max(1, min(STRIP_SECONDS, math.ceil((first_end - timezone.now()).total_seconds())))


ticker_island = register(
    Island(
        "ticker",
        state=strip_state,
        template="ticker/strip.html",
        poll=60,
        max_age=10,
        timeout=strip_lifetime,
        css_class="ticker-slot",
    )
)
