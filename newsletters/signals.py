"""Bounce and complaint reports from the e-mail provider, through django-anymail's tracking
webhooks (`/newsletters/anymail/<esp>/tracking/`). Anymail checks each request's authenticity
before it sends the signal: the shared secret (ANYMAIL["WEBHOOK_SECRET"], HTTP basic auth) and,
where the provider signs its posts, the provider's signature (Mailgun's signing key, Amazon
SNS's certificate, Postmark's and others' documented schemes). An unauthenticated post never
reaches this receiver."""

import logging

from anymail.signals import tracking
from django.dispatch import receiver

from . import services

logger = logging.getLogger(__name__)

# Anymail's normalised event types that mean "never mail this address again".
SUPPRESSING_EVENTS = {"bounced", "complained", "rejected"}


@receiver(tracking, dispatch_uid="newsletters.suppress_on_bounce")
def suppress_on_bounce(sender, event, esp_name, **kwargs):
    if event.event_type == "unsubscribed":
        # The provider handled the List-Unsubscribe itself: the list of that message.
        services.delivery_note_event(message_id=event.message_id, event_type="unsubscribed")
        return
    if event.event_type not in SUPPRESSING_EVENTS or not isinstance(event.recipient, str):
        return  # nobody named, or a recipient no provider sends (a list, a number)
    if event.event_type == "bounced" and _is_soft(event):
        return
    services.subscriber_suppress(
        email=event.recipient, reason=f"{esp_name}: {event.event_type}", at=event.timestamp
    )
    services.delivery_note_event(message_id=event.message_id, event_type=event.event_type)


def _is_soft(event):
    """A temporary failure (a full mailbox) is not a reason to stop; anymail marks those as
    'deferred' for most providers, but a few report them as bounces with a 4xx description."""
    description = (event.description or "").lower()
    return description.startswith("4") or "soft" in description
