"""The strip readers see, built in one query and kept in the cache until the ticker changes."""

import gzip
import hashlib
import math
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from newsroom.cache import process_memory

from .models import TickerItem

STRIP_CACHE_KEY = "ticker:strip"
# An upper bound only: every change to an item clears the cache at once (see signals.py). The
# bound matters for items that start on their own; items that end shorten it (see below).
STRIP_CACHE_SECONDS = 15
# Characters of headline per step of marquee duration (see the ticker--pace-N rules in site.css).
CHARACTERS_PER_PACE_STEP = 100
MAX_PACE = 10


@dataclass(frozen=True)
class StripEntry:
    text: str
    url: str
    urgency: str
    urgency_label: str


@dataclass(frozen=True)
class Strip:
    entries: tuple
    generated_at: object

    @cached_property
    def version(self):
        """Changes whenever what readers would see changes; the endpoint's ETag."""
        if not self.entries:
            return "empty"
        digest = hashlib.sha256(repr(self.entries).encode()).hexdigest()
        return digest[:20]

    @property
    def title(self):
        breaking = any(entry.urgency == TickerItem.Urgency.BREAKING for entry in self.entries)
        return "Breaking" if breaking else "Latest"

    @property
    def pace(self):
        characters = sum(len(entry.text) for entry in self.entries)
        return max(1, min(MAX_PACE, math.ceil(characters / CHARACTERS_PER_PACE_STEP)))

    @property
    def generated_timestamp(self):
        return int(self.generated_at.timestamp())


def build_strip(now=None):
    now = now or timezone.now()
    items = list(TickerItem.objects.for_strip(now))
    entries = tuple(
        StripEntry(
            text=item.text,
            url=item.link_url,
            urgency=item.urgency,
            urgency_label=str(item.get_urgency_display()),
        )
        for item in items
    )
    return Strip(entries=entries, generated_at=now), items


def current_strip():
    """The strip: from this worker's memory if read in the last PAGE_CACHE_LOCAL_SECONDS, else
    from the shared cache, else built (one query) and shared."""
    strip = process_memory.get_value(STRIP_CACHE_KEY)
    if strip is not None:
        return strip
    strip = cache.get(STRIP_CACHE_KEY)
    if strip is None:
        now = timezone.now()
        strip, items = build_strip(now)
        timeout = STRIP_CACHE_SECONDS
        if items:
            # Do not keep an item on the strip past its end.
            first_end = min(item.ends_at for item in items)
            timeout = max(1, min(timeout, math.ceil((first_end - now).total_seconds())))
        cache.set(STRIP_CACHE_KEY, strip, timeout)
    process_memory.put_value(STRIP_CACHE_KEY, strip)
    return strip


def _forget():
    cache.delete(STRIP_CACHE_KEY)
    process_memory.forget_value(STRIP_CACHE_KEY)


def forget_strip():
    _forget()
    # Again after the commit, in case a reader rebuilt it from the old rows in between.
    transaction.on_commit(_forget)


# The last HTML this worker rendered for each template, as {template: (strip, html, gzipped)}:
# the strip needs nothing from the request, so it is rendered without context processors, and
# rendered (and compressed, for the endpoint) once per strip.
_rendered = {}


def _render(strip, template_name):
    last = _rendered.get(template_name)
    if last is not None and last[0] == strip:
        return last
    html = render_to_string(template_name, {"strip": strip})
    last = (strip, html, gzip.compress(html.encode(), compresslevel=6, mtime=0))
    _rendered[template_name] = last  # replaced whole: safe across threads
    return last


def render_strip(strip, template_name):
    return _render(strip, template_name)[1]


def render_strip_gzipped(strip, template_name):
    """The same HTML, gzip-compressed (UTF-8): no secret in it, so safe to compress once."""
    return _render(strip, template_name)[2]
