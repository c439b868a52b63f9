"""The benchmark's ticker (see bench/loaders): a strip of live items, a few of them linked to
stories, and a long tail of expired ones the strip's query must skip."""

from datetime import timedelta

from django.utils import timezone

from ticker.models import TickerItem

LIVE = 8
EXPIRED_PER_THOUSAND_ARTICLES = 20


def load(*, articles, stdout):
    now = timezone.now().replace(microsecond=0)
    urgencies = [choice.value for choice in TickerItem.Urgency]
    published = [a for a in articles if a.publish_at is not None and a.publish_at <= now]
    items = [
        TickerItem(
            text=f"Live update {n}: rail services resume on the western line",
            article=published[n] if n % 2 == 0 and n < len(published) else None,
            urgency=urgencies[n % len(urgencies)],
            pinned=n == 0,
            starts_at=now - timedelta(minutes=10 * (n + 1)),
            ends_at=now + timedelta(days=30),  # outlives any benchmark run
        )
        for n in range(LIVE)
    ]
    expired = max(1, len(articles) * EXPIRED_PER_THOUSAND_ARTICLES // 1000)
    items += [
        TickerItem(
            text=f"Earlier update {n}",
            urgency=urgencies[n % len(urgencies)],
            starts_at=now - timedelta(hours=n + 13),
            ends_at=now - timedelta(hours=n + 1),
        )
        for n in range(expired)
    ]
    TickerItem.objects.bulk_create(items, batch_size=5000)
    stdout(f"  ticker: {LIVE} live items, {expired:,} expired")
