"""The demo ticker, from `ticker/demo_data/items.json`.

Each item was posted `posted_minutes_ago` before the load and, like an item a desk posts without
an end time, stays up for the site-wide default (Site settings, "ticker items last"), counted
from then. So the strip behaves as it will in production while the demo runs: the breaking items,
posted earliest, leave it first (with the default of 12 hours, within the first hour and a
quarter), then the urgent ones, and the strip is empty once the last item's time is up. Loading
again posts them afresh, at the same ages.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article
from newsroom.demo import read_demo_data

from .models import TickerItem, default_duration
from .services import ticker_item_create


def load(command):
    items = read_demo_data("ticker", "items")
    now = timezone.now().replace(microsecond=0)
    lifetime = default_duration()
    editor = get_user_model().objects.filter(username="editor").first()
    articles = Article.objects.published().in_bulk(
        [data["article"] for data in items if data["article"]], field_name="slug"
    )
    created = 0
    for data in items:
        starts_at = now - timedelta(minutes=data["posted_minutes_ago"])
        item = TickerItem.objects.filter(text=data["text"]).first()
        if item is None:
            ticker_item_create(
                actor=editor,
                text=data["text"],
                urgency=data["urgency"],
                article=articles.get(data["article"]),
                starts_at=starts_at,  # no end: the site-wide default, as for a real item
                language=data.get("language"),
            )
            created += 1
        else:
            # Already there (a second load): posted again at the same age, with the same lifetime.
            item.starts_at, item.ends_at = starts_at, starts_at + lifetime
            item.full_clean()
            item.save(update_fields=["starts_at", "ends_at", "updated_at"])
    live = TickerItem.objects.live(now)
    first_end = live.order_by("ends_at").values_list("ends_at", flat=True).first()
    ending = (
        f"; each ends {_duration(lifetime)} after it was posted, the first in "
        f"{_duration(first_end - now)}"
        if first_end
        else ""
    )
    command.stdout.write(f"Ticker: {created} created, {live.count()} live{ending}.")


def _duration(delta):
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"
