"""The demo ticker, from `ticker/demo_data/items.json`: live for 12 hours from each load."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article
from newsroom.demo import read_demo_data

from .models import TickerItem
from .services import ticker_item_create

DEMO_HOURS = 12


def load(command):
    items = read_demo_data("ticker", "items")
    now = timezone.now().replace(microsecond=0)
    editor = get_user_model().objects.filter(username="editor").first()
    articles = Article.objects.published().in_bulk(
        [data["article"] for data in items if data["article"]], field_name="slug"
    )
    created = 0
    # Oldest first, so the first in the list is the newest of its urgency on the strip.
    for offset, data in enumerate(reversed(items)):
        starts_at = now - timedelta(minutes=len(items) - offset)
        ends_at = now + timedelta(hours=DEMO_HOURS)
        item = TickerItem.objects.filter(text=data["text"]).first()
        if item is None:
            ticker_item_create(
                actor=editor,
                text=data["text"],
                urgency=data["urgency"],
                article=articles.get(data["article"]),
                starts_at=starts_at,
                ends_at=ends_at,
            )
            created += 1
        else:
            # Already there: put it back on the strip for another 12 hours.
            item.starts_at, item.ends_at = starts_at, ends_at
            item.full_clean()
            item.save(update_fields=["starts_at", "ends_at", "updated_at"])
    command.stdout.write(
        f"Ticker: {created} created, {TickerItem.objects.live().count()} live "
        f"for {DEMO_HOURS} hours."
    )
