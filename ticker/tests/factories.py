from datetime import timedelta
from itertools import count

from django.utils import timezone

from ticker.models import TickerItem

_sequence = count(1)


def make_item(**fields):
    """A live item unless told otherwise, saved without the services' checks."""
    number = next(_sequence)
    now = timezone.now()
    fields.setdefault("text", f"Ticker line {number}")
    fields.setdefault("starts_at", now - timedelta(minutes=10))
    fields.setdefault("ends_at", now + timedelta(hours=1))
    return TickerItem.objects.create(**fields)
