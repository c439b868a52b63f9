"""Web Push alerts for readers who pressed "Follow" (a live story, or breaking news).

The keys are VAPID's (settings.VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY / VAPID_SUBJECT, from the
environment; `manage.py vapid_keys` makes a pair). Each alert is encrypted for the browser and
signed with our key by pywebpush, and posted to the endpoint the browser gave: its push service
delivers it to static/js/live-sw.js. No third-party script is involved on our pages.

- Fan-out: `tasks.send_entry_alert` splits the recipients into batches of BATCH, one task each.
- Expired subscriptions (the push service answers 404 or 410) are deleted.
- Rate limit: a browser gets at most one alert per MIN_INTERVAL, whatever it follows; alerts
  in between are skipped for it, not queued (the next one carries the news).
"""

import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from pywebpush import WebPushException, webpush

from articles.seo import absolute_url

from .models import Alert, LiveEntry, PushSubscription

logger = logging.getLogger(__name__)

BATCH = 500
MIN_INTERVAL = timedelta(minutes=2)
TIME_TO_LIVE = 60 * 60  # seconds a push service keeps an alert for a browser that is offline
GONE = {404, 410}


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0  # rate-limited
    pruned: int = 0  # expired, deleted
    failed: int = 0


def is_configured():
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def payload(entry):
    story = entry.coverage.article
    text = " ".join(strip_tags(entry.body or "").split()) or entry.quote or str(entry)
    return {
        "title": (
            f"Breaking: {story.headline}" if entry.alert == Alert.BREAKING else story.headline
        ),
        "body": Truncator(entry.title or text).chars(140),
        "url": absolute_url(entry.get_absolute_url()),
        "tag": f"live-{entry.coverage_id}",
    }


def recipients(entry):
    """The endpoints an entry's alert goes to (one per browser), oldest subscription first."""
    wanted = Q(topic=PushSubscription.Topic.STORY, coverage_id=entry.coverage_id)
    if entry.alert == Alert.BREAKING:
        wanted |= Q(topic=PushSubscription.Topic.BREAKING)
    return list(
        PushSubscription.objects.filter(wanted)
        .values_list("endpoint", flat=True)
        .distinct()
        .order_by("endpoint")
    )


def send_batch(entry_id, endpoints, *, now=None):
    """Send one entry's alert to these endpoints; returns an Outcome."""
    now = now or timezone.now()
    outcome = Outcome()
    entry = (
        LiveEntry.objects.select_related("coverage__article__section").filter(pk=entry_id).first()
    )
    if entry is None or not entry.alert or not is_configured():
        return outcome
    data = json.dumps(payload(entry))
    last_sent = dict(
        PushSubscription.objects.filter(endpoint__in=endpoints)
        .values("endpoint")
        .annotate(last=Max("last_sent_at"))
        .values_list("endpoint", "last")
    )
    keys = {
        row.endpoint: row
        for row in PushSubscription.objects.filter(endpoint__in=endpoints).order_by("created_at")
    }
    for endpoint in endpoints:
        subscription = keys.get(endpoint)
        if subscription is None:
            continue  # unsubscribed meanwhile
        last = last_sent.get(endpoint)
        if last is not None and now - last < MIN_INTERVAL:
            outcome.skipped += 1
            continue
        status = _send(subscription, data)
        if status in GONE:
            PushSubscription.objects.filter(endpoint=endpoint).delete()
            outcome.pruned += 1
        elif status is not None and 200 <= status < 300:
            PushSubscription.objects.filter(endpoint=endpoint).update(last_sent_at=now)
            outcome.sent += 1
        else:
            outcome.failed += 1
    logger.info(
        "live alert: entry=%s sent=%s skipped=%s pruned=%s failed=%s",
        entry_id,
        outcome.sent,
        outcome.skipped,
        outcome.pruned,
        outcome.failed,
    )
    return outcome


def _send(subscription, data):
    try:
        response = webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=data,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=TIME_TO_LIVE,
            timeout=10,
        )
    except WebPushException as error:
        response = error.response
        if response is None:
            logger.warning("live alert: push service unreachable: %s", error)
            return None
    except OSError as error:
        logger.warning("live alert: push service unreachable: %s", error)
        return None
    return response.status_code
