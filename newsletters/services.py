"""Writes of the newsletters app: sign-up, confirmation, unsubscribes, preferences,
suppression. Every change of consent leaves a ConsentEvent in the same transaction."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.background import enqueue

from . import links
from .models import ConsentEvent, Delivery, Newsletter, Source, Subscriber, Subscription

logger = logging.getLogger(__name__)

# However often an address is typed into a sign-up form, it gets at most one e-mail from us in
# this time: a form cannot be used to flood someone else's inbox.
CONFIRMATION_INTERVAL = timedelta(minutes=10)


def normalise_email(email):
    email = (email or "").strip()
    validate_email(email)
    local, _at, domain = email.rpartition("@")
    # The domain is case-insensitive; most mailboxes treat the local part so as well, and one
    # row per address matters more than the rare mailbox that does not.
    return f"{local}@{domain}".lower()


def _event(subscription, action, *, at, source="", source_page="", wording="", client=None):
    client = client or {}
    ConsentEvent.objects.create(
        subscription=subscription,
        action=action,
        at=at,
        source=source,
        source_page=source_page[:300],
        wording=wording[:500],
        client_address=client.get("address") or None,
        user_agent=(client.get("user_agent") or "")[:300],
    )


def subscription_request(
    *, email, newsletters, source, source_page="", wording="", client=None, actor=None
):
    """A reader asks for `newsletters` at `email`. Whatever the address's state, the caller learns
    nothing (the reader's answer must not tell whether the address is known): a new or lapsed
    subscription waits for the e-mailed link; an address already on every list asked for gets a
    note with its preferences link instead; a suppressed address gets nothing. At most one
    e-mail per CONFIRMATION_INTERVAL."""
    email = normalise_email(email)
    if source not in Source.values:
        raise ValidationError(_("Unknown sign-up source."))
    newsletters = [newsletter for newsletter in newsletters if newsletter.is_active]
    if not newsletters:
        raise ValidationError(_("Choose at least one newsletter."))
    now = timezone.now()
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(email=email)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.is_suppressed:
            logger.info("sign-up for a suppressed address ignored")
            return
        pending = []
        for newsletter in newsletters:
            subscription, _created = Subscription.objects.get_or_create(
                subscriber=subscriber,
                newsletter=newsletter,
                defaults={"requested_at": now, "source": source, "source_page": source_page},
            )
            if subscription.status == Subscription.Status.CONFIRMED:
                continue
            subscription.status = Subscription.Status.PENDING
            subscription.requested_at = now
            subscription.source = source
            subscription.source_page = source_page[:300]
            subscription.save()
            _event(
                subscription,
                ConsentEvent.Action.REQUESTED,
                at=now,
                source=source,
                source_page=source_page,
                wording=wording,
                client=client,
            )
            pending.append(subscription.pk)
        recent = subscriber.last_confirmation_sent_at
        if recent is not None and now - recent < CONFIRMATION_INTERVAL:
            return
        subscriber.last_confirmation_sent_at = now
        subscriber.save(update_fields=["last_confirmation_sent_at"])
        from . import tasks

        if pending:
            transaction.on_commit(lambda: enqueue(tasks.send_confirmation, subscriber.pk, pending))
        else:
            transaction.on_commit(lambda: enqueue(tasks.send_already_subscribed, subscriber.pk))


def subscription_confirm(*, token, client=None):
    """The reader followed the confirmation link: the subscriptions it names that still wait are
    confirmed. Returns the newsletters now confirmed (or already confirmed by this link)."""
    subscriber_token, subscription_ids = links.read_confirm_token(token)
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(token=subscriber_token).first()
        if subscriber is None:
            raise links.BadLinkError("no such subscriber")
        confirmed = []
        subscriptions = subscriber.subscriptions.select_related("newsletter").filter(
            pk__in=subscription_ids
        )
        for subscription in subscriptions:
            if subscription.status == Subscription.Status.PENDING:
                subscription.status = Subscription.Status.CONFIRMED
                subscription.confirmed_at = now
                subscription.save(update_fields=["status", "confirmed_at"])
                _event(
                    subscription,
                    ConsentEvent.Action.CONFIRMED,
                    at=now,
                    source=subscription.source,
                    source_page=subscription.source_page,
                    client=client,
                )
            if subscription.status == Subscription.Status.CONFIRMED:
                confirmed.append(subscription.newsletter)
        return subscriber, confirmed


def _unsubscribe(subscription, *, now, source, client):
    subscription.status = Subscription.Status.UNSUBSCRIBED
    subscription.unsubscribed_at = now
    subscription.save(update_fields=["status", "unsubscribed_at"])
    _event(subscription, ConsentEvent.Action.UNSUBSCRIBED, at=now, source=source, client=client)
    _note_unsubscribe(subscription, now)


def subscription_unsubscribe(*, token, client=None, actor=None):
    """The reader's one-click (or one-press) unsubscribe from one newsletter: immediate, and it
    stays until they sign up again. Idempotent. Returns (subscriber, newsletter)."""
    subscriber_token, newsletter_id = links.read_unsubscribe_token(token)
    now = timezone.now()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .select_related("subscriber", "newsletter")
            .filter(subscriber__token=subscriber_token, newsletter_id=newsletter_id)
            .first()
        )
        if subscription is None:
            raise links.BadLinkError("no such subscription")
        if subscription.status != Subscription.Status.UNSUBSCRIBED:
            _unsubscribe(subscription, now=now, source=Source.EMAIL_LINK, client=client)
        return subscription.subscriber, subscription.newsletter


def _note_unsubscribe(subscription, now):
    """The latest issue of the list this reader received counts the unsubscribe."""
    latest = (
        subscription.subscriber.deliveries.filter(issue__newsletter_id=subscription.newsletter_id)
        .order_by("-pk")
        .first()
    )
    if latest is not None and latest.unsubscribed_at is None:
        latest.unsubscribed_at = now
        latest.save(update_fields=["unsubscribed_at"])


def preferences_update(*, subscriber, wanted, client=None, actor=None):
    """The preferences page (reached by a signed link sent to the address, so the reader has
    shown they hold it): subscribe to `wanted` newsletters at once, unsubscribe from the rest."""
    now = timezone.now()
    wanted_ids = {newsletter.pk for newsletter in wanted if newsletter.is_active}
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        current = {
            subscription.newsletter_id: subscription
            for subscription in subscriber.subscriptions.select_related("subscriber")
        }
        for newsletter_id, subscription in current.items():
            if (
                newsletter_id not in wanted_ids
                and subscription.status != Subscription.Status.UNSUBSCRIBED
            ):
                _unsubscribe(subscription, now=now, source=Source.PREFERENCES, client=client)
        if subscriber.is_suppressed:
            return subscriber
        for newsletter_id in wanted_ids:
            subscription = current.get(newsletter_id)
            if subscription is None:
                subscription = Subscription(
                    subscriber=subscriber, newsletter_id=newsletter_id, requested_at=now
                )
            elif subscription.status == Subscription.Status.CONFIRMED:
                continue
            subscription.status = Subscription.Status.CONFIRMED
            subscription.requested_at = now
            subscription.confirmed_at = now
            subscription.unsubscribed_at = None
            subscription.source = Source.PREFERENCES
            subscription.source_page = ""
            subscription.save()
            _event(
                subscription,
                ConsentEvent.Action.SUBSCRIBED,
                at=now,
                source=Source.PREFERENCES,
                wording=_("Ticked on the preferences page."),
                client=client,
            )
    return subscriber


def subscriber_suppress(*, email, reason, at=None):
    """A provider reported a hard bounce or a complaint: never mail the address again (until
    staff lift it). Returns True if an address we know was suppressed now."""
    try:
        email = normalise_email(email)
    except ValidationError:
        return False
    at = at or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None or subscriber.is_suppressed:
            return False
        subscriber.suppressed_at = at
        subscriber.suppression_reason = reason[:40]
        subscriber.save(update_fields=["suppressed_at", "suppression_reason"])
        for subscription in subscriber.subscriptions.exclude(
            status=Subscription.Status.UNSUBSCRIBED
        ):
            _event(subscription, ConsentEvent.Action.SUPPRESSED, at=at, wording=reason[:500])
    logger.info("address suppressed", extra={"reason": reason})
    return True


_DELIVERY_EVENT_FIELDS = {
    "bounced": "bounced_at",
    "rejected": "bounced_at",
    "complained": "complained_at",
    "unsubscribed": "unsubscribed_at",
}


def delivery_note_event(*, message_id, event_type, at=None):
    """Count a provider's report against the issue it is about (the dashboard's bounces,
    complaints, unsubscribes); a provider-side unsubscribe also unsubscribes that list."""
    field = _DELIVERY_EVENT_FIELDS.get(event_type)
    if not message_id or field is None:
        return False
    at = at or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("issue", "subscriber")
            .filter(message_id=message_id)
            .first()
        )
        if delivery is None:
            return False
        if getattr(delivery, field) is None:
            setattr(delivery, field, at)
            delivery.save(update_fields=[field])
        if event_type == "unsubscribed" and delivery.subscriber is not None:
            subscription = (
                Subscription.objects.select_for_update()
                .select_related("subscriber")
                .filter(subscriber=delivery.subscriber, newsletter_id=delivery.issue.newsletter_id)
                .exclude(status=Subscription.Status.UNSUBSCRIBED)
                .first()
            )
            if subscription is not None:
                _unsubscribe(subscription, now=at, source=Source.EMAIL_LINK, client=None)
    return True


def default_newsletters():
    return list(Newsletter.objects.filter(is_active=True, is_default=True))
