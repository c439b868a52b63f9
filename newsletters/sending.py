"""Sending an issue: one Delivery row per reader, sent in batches by background tasks.

Idempotent per (issue, subscriber): the unique Delivery row is claimed (SENDING, committed)
before its message goes out and marked SENT after. A batch that fails to reach the mail server
puts the row back (QUEUED, with the next attempt's time) to be retried up to MAX_ATTEMPTS; a
worker that dies between the claim and the mark leaves SENDING, which is never sent again
(`sweep` marks it failed after STALE_AFTER): a reader may miss one issue, but never gets two.
"""

import email.policy
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers, make_msgid
from django.db import transaction
from django.db.models import F, Q
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from articles.seo import absolute_url
from newsroom.background import enqueue

from . import briefing, links, mail
from .models import Delivery, Issue, Subscription

logger = logging.getLogger("newsroom.tasks")

BATCH_SIZE = getattr(settings, "NEWSLETTER_BATCH_SIZE", 200)
MAX_ATTEMPTS = 4
# Waits before the 2nd, 3rd and 4th attempts: a mail server's short outage, then a longer one.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1))
STALE_AFTER = timedelta(hours=1)


class NewsletterMessage(EmailMultiAlternatives):
    """Headers are never folded into encoded words: a List-Unsubscribe address is one long
    "word", and a mail program must find it as it is (RFC 5322 allows lines of 998 characters;
    Python's default folds at 78 and would encode it)."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def _site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def list_headers(subscriber, newsletter):
    """RFC 2369 and RFC 8058: mail programs show an Unsubscribe button that POSTs, one click."""
    host = _site_host()
    return {
        "List-Unsubscribe": f"<{links.unsubscribe_url(subscriber, newsletter)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{newsletter.name} <{newsletter.slug}.{host}>",
    }


def create_deliveries(issue):
    """A QUEUED row for every reader the newsletter may mail now; safe to run again."""
    subscriber_ids = (
        Subscription.objects.deliverable()
        .filter(newsletter_id=issue.newsletter_id)
        .values_list("subscriber_id", flat=True)
        .order_by("subscriber_id")
    )
    batch = []
    for subscriber_id in subscriber_ids.iterator(chunk_size=2000):
        batch.append(Delivery(issue=issue, subscriber_id=subscriber_id))
        if len(batch) == 2000:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)


def _claim(issue_id, now):
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(issue_id=issue_id, status=Delivery.Status.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=now
        )
    return ids


def _message(issue, delivery):
    subscriber = delivery.subscriber
    unsubscribe = links.unsubscribe_url(subscriber, issue.newsletter)
    preferences = links.preferences_url(subscriber)
    pixel = ""
    if issue.newsletter.tracking_pixel:
        pixel = absolute_url(reverse("newsletters:opened", args=[links.open_token(delivery)]))
    appeal = absolute_url(reverse("newsletters:appeal", args=[links.appeal_token(delivery)]))
    personal = {
        "unsubscribe_url": unsubscribe,
        "preferences_url": preferences,
        "pixel_url": pixel,
        "appeal_url": appeal,
    }
    headers = list_headers(subscriber, issue.newsletter)
    # Our own Message-ID, kept on the delivery: bounce reports name it (a provider's own id,
    # from anymail, replaces it after sending).
    headers["Message-ID"] = make_msgid(domain=_site_host())
    message = NewsletterMessage(
        subject=issue.subject,
        body=briefing.personalise(issue.text, html=False, **personal),
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[subscriber.email],
        headers=headers,
    )
    message.attach_alternative(briefing.personalise(issue.html, **personal), "text/html")
    return message


def send_batch(issue_id, *, now=None):
    """Send one batch of an issue's deliveries; returns how many went out. Enqueues the next
    batch while some are due, and marks the issue sent when none is left."""
    now = now or timezone.now()
    issue = Issue.objects.select_related("newsletter").get(pk=issue_id)
    if issue.status != Issue.Status.SENDING:
        return 0
    ids = _claim(issue_id, now)
    sent = 0
    if ids:
        deliveries = Delivery.objects.filter(pk__in=ids).select_related("subscriber")
        deliverable = set(
            Subscription.objects.deliverable()
            .filter(
                newsletter_id=issue.newsletter_id,
                subscriber_id__in=[d.subscriber_id for d in deliveries],
            )
            .values_list("subscriber_id", flat=True)
        )
        connection = mailers[mail.mailer_alias()]
        with connection:
            for delivery in deliveries:
                if delivery.subscriber_id not in deliverable:
                    # Unsubscribed or suppressed since the issue was queued: at once means at once.
                    _finish(delivery, Delivery.Status.SKIPPED)
                    continue
                sent += _send_one(issue, delivery, connection, now)
    _continue(issue, now)
    return sent


def _send_one(issue, delivery, connection, now):
    message = _message(issue, delivery)
    try:
        connection.send_messages([message])
    except Exception as error:  # the mail server or provider refused or was unreachable
        logger.warning("newsletter delivery failed", extra={"error": str(error)[:200]})
        if delivery.attempts >= MAX_ATTEMPTS:
            _finish(delivery, Delivery.Status.FAILED, error=str(error))
        else:
            delivery.status = Delivery.Status.QUEUED
            delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
            delivery.error = str(error)[:500]
            delivery.save(update_fields=["status", "next_attempt_at", "error"])
        return 0
    status = getattr(message, "anymail_status", None)
    provider_id = status.message_id if status is not None else None
    if provider_id is None:
        provider_id = message.extra_headers["Message-ID"]
    delivery.message_id = str(provider_id)[:300]
    _finish(delivery, Delivery.Status.SENT, sent_at=timezone.now())
    return 1


def _finish(delivery, status, *, error="", sent_at=None):
    delivery.status = status
    delivery.error = error[:500]
    delivery.sent_at = sent_at
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "error", "sent_at", "next_attempt_at", "message_id"])


def _continue(issue, now):
    from . import tasks

    waiting = Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED)
    due = waiting.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    if due.exists():
        enqueue(tasks.send_issue_batch, issue.pk)
        return
    later = waiting.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    if later is not None:
        # Retries wait; the scheduler's sweep (every minute) picks them up when due, and a
        # backend that can defer a task gets one for that time as well.
        if default_task_backend.supports_defer:
            enqueue(tasks.send_issue_batch.using(run_after=later), issue.pk)
        return
    if not Delivery.objects.filter(issue=issue, status=Delivery.Status.SENDING).exists():
        Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, sent_at=timezone.now()
        )


def sweep(now=None):
    """Every minute (the scheduler): resume issues with deliveries due, close rows a dead worker
    left SENDING, and mark finished issues sent. Returns the issues it resumed."""
    now = now or timezone.now()
    Delivery.objects.filter(
        status=Delivery.Status.SENDING, next_attempt_at__lt=now - STALE_AFTER
    ).update(
        status=Delivery.Status.FAILED,
        error="The worker stopped while sending; not sent again, so as never to send twice.",
    )
    resumed = []
    for issue in Issue.objects.filter(status=Issue.Status.SENDING).select_related("newsletter"):
        if Delivery.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            issue=issue,
            status=Delivery.Status.QUEUED,
        ).exists():
            from . import tasks

            enqueue(tasks.send_issue_batch, issue.pk)
            resumed.append(issue.pk)
        else:
            _continue(issue, now)
    return resumed
