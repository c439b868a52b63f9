from datetime import time
from itertools import count

from django.utils import timezone

from newsletters.models import Newsletter, Source, Subscriber, Subscription

_sequence = count(1)


def make_newsletter(**fields):
    number = next(_sequence)
    fields.setdefault("name", f"Newsletter {number}")
    fields.setdefault("slug", f"newsletter-{number}")
    if fields.get("kind") == Newsletter.Kind.BRIEFING:
        fields.setdefault("send_time", time(7, 0))
    return Newsletter.objects.create(**fields)


def make_subscriber(email=None, *, newsletters=(), status=Subscription.Status.CONFIRMED):
    number = next(_sequence)
    subscriber = Subscriber.objects.create(email=email or f"reader{number}@example.org")
    now = timezone.now()
    for newsletter in newsletters:
        Subscription.objects.create(
            subscriber=subscriber,
            newsletter=newsletter,
            status=status,
            requested_at=now,
            confirmed_at=now if status == Subscription.Status.CONFIRMED else None,
            source=Source.FOOTER,
        )
    return subscriber
