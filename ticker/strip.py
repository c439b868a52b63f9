"""The strip readers see, built in one query; kept as a live island (ticker/islands.py)."""

import hashlib
import math
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import LiveStatus

from .models import TickerItem

# Characters of headline per step of marquee duration (see the ticker--pace-N rules in site.css).
CHARACTERS_PER_PACE_STEP = 100
MAX_PACE = 10


@dataclass(frozen=True)
class StripEntry:
    text: str
    url: str
    urgency: str
    urgency_label: str
    ends_at: object
    live: bool = False  # about a story covered live (Article.live_status): labelled "Live"


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
        return _("Breaking") if breaking else _("Latest")

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
            ends_at=item.ends_at,
            live=item.article is not None and item.article.live_status == LiveStatus.LIVE,
        )
        for item in items
    )
    return Strip(entries=entries, generated_at=now), items
