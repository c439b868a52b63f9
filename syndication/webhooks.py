"""Push to clients that want it: a signed POST to the client's webhook address for every version
it may take (publish, update, correct, kill).

- **Signed.** Headers `Webhook-Id` (the delivery's id, the same on every retry: the client's
  idempotency key), `Webhook-Timestamp` (Unix seconds) and `Webhook-Signature: v1=<hex>`, the
  HMAC-SHA256 of `<id>.<timestamp>.<body>` under the client's webhook secret. A client checks
  the signature with its copy of the secret and refuses old timestamps (replays).
- **Once per client and version.** A `WebhookDelivery` row is unique on (client, version), made
  when the version is released; the task that sends it locks the row and does nothing if it is
  already delivered, so a task run twice posts once.
- **Retried with backoff.** A failure (no answer in 10 s, or not a 2xx) sets the next attempt
  30 s, 1, 2, 4, 8 ... minutes later (`backoff`); the periodic job `syndication-webhooks`
  (settings.SCHEDULED_JOBS) enqueues the deliveries that are due. After MAX_ATTEMPTS it gives up
  and the admin shows why.
"""

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import outbound

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 30
TIMEOUT_SECONDS = 10
USER_AGENT = "Newsroom-Wire-Webhooks/1"


def signature(secret, delivery_id, timestamp, body):
    message = f"{delivery_id}.{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def backoff(attempts):
    """Seconds to wait after the `attempts`-th failed attempt: 30 s, 60 s, 120 s, ..."""
    return FIRST_RETRY_SECONDS * 2 ** max(0, attempts - 1)


def body_of(delivery):
    version = delivery.version
    return json.dumps(
        {
            "id": str(delivery.pk),
            "event": f"story.{version.action}",
            "item": version.payload,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def post(url, body, headers):
    """(status code, error text): one POST, never raising for the network's sake."""
    if not url.lower().startswith(("https://", "http://")):
        return None, "The webhook address must start with https:// or http://."
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        # Only to the public internet, redirects included (outbound.py).
        with outbound.open_public(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def deliveries_for(versions):
    """Make the deliveries of newly released versions (once per client and version) and return
    the new ones' ids."""
    from .models import Client, WebhookDelivery

    clients = list(Client.objects.active().exclude(webhook_url="").prefetch_related("sections"))
    rows = []
    for client in clients:
        section_ids = {section.pk for section in client.sections.all()}
        for version in versions:
            if version.section_id in section_ids and version.language in (client.languages or []):
                rows.append(WebhookDelivery(client=client, version=version))
    if not rows:
        return []
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return list(
        WebhookDelivery.objects.filter(
            version__in=versions, status=WebhookDelivery.Status.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )


def deliver(delivery_id, *, now=None):
    """Send one delivery if it is still due; returns its status afterwards."""
    from .models import WebhookDelivery

    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("client", "version")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return delivery.status if delivery else None
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return delivery.status
        client = delivery.client
        if not client.is_active or not client.webhook_url:
            delivery.status = WebhookDelivery.Status.GAVE_UP
            delivery.last_error = "The client no longer takes webhooks."
            delivery.save()
            return delivery.status
        body = body_of(delivery)
        timestamp = str(int(now.timestamp()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "Webhook-Id": str(delivery.pk),
            "Webhook-Timestamp": timestamp,
            "Webhook-Signature": signature(client.webhook_secret, delivery.pk, timestamp, body),
        }
        status_code, error = post(client.webhook_url, body, headers)
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.last_status_code = status_code
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.last_error = ""
            delivery.next_attempt_at = None
        else:
            delivery.last_error = error or f"HTTP {status_code}"
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = WebhookDelivery.Status.GAVE_UP
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = now + timedelta(seconds=backoff(delivery.attempts))
            logger.warning(
                "webhook delivery failed",
                extra={
                    "client": client.pk,
                    "delivery": str(delivery.pk),
                    "error": delivery.last_error,
                },
            )
        delivery.save()
    return delivery.status


def due_deliveries(now=None):
    from .models import WebhookDelivery

    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
