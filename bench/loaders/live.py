"""The benchmark's live coverage (see bench/loaders): the newest published story is covered live
with a day's worth of entries (one pinned), so the live island the bench polls has the size of a
real one, and a few older stories carry ended coverage with its summary."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, LiveStatus
from live.models import LiveCoverage, LiveEntry

ENTRIES_LIVE = 60
ENDED_STORIES = 5
ENTRIES_ENDED = 12
TEXTS = [
    "<p>Water levels at the Brahmaputra gauge in Dhubri rose another 12 cm in the last hour.</p>",
    "<p>The state disaster response force has moved two more teams to the worst-hit blocks.</p>",
    "<p>Train services between Guwahati and Lumding remain suspended, the railway said.</p>",
    "<p>Relief camps now shelter about 41,000 people, according to the district office.</p>",
]


def _entries(coverage, count, start):
    return [
        LiveEntry(
            coverage=coverage,
            title=f"Update {n + 1}" if n % 3 == 0 else "",
            body=TEXTS[n % len(TEXTS)],
            quote="We are doing everything we can." if n % 7 == 3 else "",
            quote_source="District commissioner" if n % 7 == 3 else "",
            pinned=n == 0,
            posted_at=start + timedelta(minutes=12 * n),
        )
        for n in range(count)
    ]


def load(*, articles, stdout):
    now = timezone.now().replace(microsecond=0)
    published = sorted(
        (a for a in articles if a.publish_at is not None and a.publish_at <= now),
        key=lambda a: (a.publish_at, a.pk),
        reverse=True,
    )
    if not published:
        return
    live_story, ended_stories = published[0], published[1 : 1 + ENDED_STORIES]
    start = now - timedelta(minutes=12 * ENTRIES_LIVE)
    coverages = [LiveCoverage(article=live_story, started_at=start)] + [
        LiveCoverage(
            article=story,
            started_at=story.publish_at,
            ended_at=story.publish_at + timedelta(hours=6),
            summary="<p>The coverage has ended; this is what happened.</p>",
        )
        for story in ended_stories
    ]
    LiveCoverage.objects.bulk_create(coverages)
    entries = _entries(coverages[0], ENTRIES_LIVE, start)
    for coverage in coverages[1:]:
        entries += _entries(coverage, ENTRIES_ENDED, coverage.started_at)
    LiveEntry.objects.bulk_create(entries, batch_size=5000)
    Article.objects.filter(pk=live_story.pk).update(live_status=LiveStatus.LIVE)
    Article.objects.filter(pk__in=[story.pk for story in ended_stories]).update(
        live_status=LiveStatus.ENDED
    )
    stdout(f"  live: 1 story live with {ENTRIES_LIVE} entries, {len(ended_stories)} ended")
