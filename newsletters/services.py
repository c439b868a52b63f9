"""Writes of the newsletters app: sign-up, confirmation, unsubscribes, preferences,
suppression. Every change of consent leaves a ConsentEvent in the same transaction."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from newsroom.background import enqueue
from newsroom.languages import current_language
from newsroom.services import audit_record

from . import links
from .models import (
    ConsentEvent,
    Delivery,
    Issue,
    IssueArticle,
    Newsletter,
    Source,
    Subscriber,
    Subscription,
)

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
    *,
    email,
    newsletters,
    source,
    source_page="",
    wording="",
    client=None,
    actor=None,
    language=None,
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
        # The page's language: the e-mails that follow, and the pages they open, are in it.
        language = language or current_language()
        if subscriber.language != language:
            subscriber.language = language
            subscriber.save(update_fields=["language"])
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
            Subscription.objects.select_for_update(of=("self",))
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
            Delivery.objects.select_for_update(of=("self",))
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
                Subscription.objects.select_for_update(of=("self",))
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


# Issues ---------------------------------------------------------------------------------------


def _place_articles(issue, articles):
    IssueArticle.objects.filter(issue=issue).delete()
    IssueArticle.objects.bulk_create(
        IssueArticle(issue=issue, article=article, position=position)
        for position, article in enumerate(articles)
    )


def briefing_assemble(*, newsletter, day=None, now=None, actor=None):
    """Assemble the daily briefing of `day` (a local date; default today) once: its top stories,
    the appeal if the newsletter carries it. Returns (issue, created). Sent at once when the
    newsletter is sent automatically; otherwise it waits, as a draft, for an editor."""
    from . import briefing

    now = now or timezone.now()
    day = day or timezone.localdate(now)
    with transaction.atomic():
        newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        existing = Issue.objects.filter(newsletter=newsletter, edition_date=day).first()
        if existing is not None:
            return existing, False
        articles = briefing.briefing_articles(newsletter, now=now)
        issue = Issue(
            newsletter=newsletter,
            edition_date=day,
            subject=_("%(name)s: %(date)s")
            % {"name": newsletter.name, "date": date_format(day, "l, F j")},
            include_appeal=newsletter.include_appeal,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        issue.full_clean()
        issue.save()
        _place_articles(issue, articles)
        audit_record(actor=actor, action="assembled", obj=issue, to_state=issue.status)
    if newsletter.send_automatically and articles:
        issue_send(issue=issue, actor=None)
        issue.refresh_from_db()
    return issue, True


def breaking_create(*, article=None, headline="", url="", actor):
    """A Breaking issue from a story (or a ticker item's headline and link), as a draft for the
    editor to preview and send: the first press. Refuses a story readers cannot see; for a story
    that already has an unsent Breaking draft, returns that draft."""
    newsletter = (
        Newsletter.objects.filter(kind=Newsletter.Kind.BREAKING, is_active=True)
        .order_by("pk")
        .first()
    )
    if newsletter is None:
        raise ValidationError(_("There is no active Breaking news newsletter to send it with."))
    if article is not None:
        if not type(article).objects.published().filter(pk=article.pk).exists():
            raise ValidationError(_("Only a published story can go out as breaking news."))
        headline = article.headline
    if not headline:
        raise ValidationError(_("Breaking news needs a headline."))
    with transaction.atomic():
        # One draft per story: a second press (or a colleague's) opens the draft already made.
        Newsletter.objects.select_for_update().filter(pk=newsletter.pk).first()
        if article is not None:
            waiting = (
                Issue.objects.filter(
                    newsletter=newsletter,
                    status=Issue.Status.DRAFT,
                    placements__article=article,
                )
                .order_by("-pk")
                .first()
            )
            if waiting is not None:
                return waiting
        issue = Issue(
            newsletter=newsletter,
            subject=(_("Breaking: %(headline)s") % {"headline": headline})[:200],
            intro=url if article is None and url else "",
            created_by=actor,
        )
        issue.full_clean()
        issue.save()
        if article is not None:
            _place_articles(issue, [article])
        audit_record(actor=actor, action="created", obj=issue, to_state=issue.status)
    return issue


def issue_send(*, issue, actor):
    """Send a draft issue to every confirmed reader of its newsletter, in the background.
    Fixes its HTML and text now (what the preview showed is what goes out). Once only."""
    from . import briefing, tasks

    with transaction.atomic():
        issue = (
            Issue.objects.select_for_update(of=("self",))
            .select_related("newsletter")
            .get(pk=issue.pk)
        )
        if issue.status != Issue.Status.DRAFT:
            raise ValidationError(_("This issue has already been sent or cancelled."))
        if not issue.newsletter.is_active:
            raise ValidationError(_("This newsletter is closed; open it before sending."))
        issue.html, issue.text = briefing.render_issue(
            issue, tracking_pixel=issue.newsletter.tracking_pixel
        )
        issue.status = Issue.Status.SENDING
        issue.send_started_at = timezone.now()
        issue.sent_by = actor if actor is not None and actor.is_authenticated else None
        issue.save()
        audit_record(
            actor=actor,
            action="sent",
            obj=issue,
            from_state=Issue.Status.DRAFT,
            to_state=Issue.Status.SENDING,
        )
        transaction.on_commit(lambda: enqueue(tasks.deliver_issue, issue.pk))
    return issue


def issue_cancel(*, issue, actor):
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != Issue.Status.DRAFT:
            raise ValidationError(_("Only a draft can be cancelled."))
        issue.status = Issue.Status.CANCELLED
        issue.save(update_fields=["status"])
        audit_record(
            actor=actor, action="cancelled", obj=issue, from_state="draft", to_state="cancelled"
        )
    return issue


# However late a scheduler runs, a morning briefing is not sent in the evening.
BRIEFING_LATE_LIMIT = timedelta(hours=2)


def briefings_due(*, now=None):
    """Assemble every daily briefing whose IST time has come today (and not passed by more than
    BRIEFING_LATE_LIMIT); each once a day. Returns the issues made now."""
    from . import briefing

    now = now or timezone.now()
    day = timezone.localdate(now)
    made = []
    for newsletter in Newsletter.objects.filter(
        kind=Newsletter.Kind.BRIEFING, is_active=True, send_time__isnull=False
    ):
        due = briefing.briefing_due_at(newsletter, day)
        if not due <= now < due + BRIEFING_LATE_LIMIT:
            continue
        issue, created = briefing_assemble(newsletter=newsletter, day=day, now=now)
        if created:
            made.append(issue)
    return made


def delivery_note_open(*, delivery_id):
    """The tracking pixel was loaded (only newsletters that switch it on carry one)."""
    return bool(
        Delivery.objects.filter(pk=delivery_id, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )
    )


def delivery_note_appeal_click(*, delivery_id):
    """A reader followed the appeal link of an issue: the first click counts (attribution).
    Returns the newsletter's slug, for the support page's campaign tag ("" if unknown)."""
    Delivery.objects.filter(pk=delivery_id, appeal_clicked_at__isnull=True).update(
        appeal_clicked_at=timezone.now()
    )
    return (
        Delivery.objects.filter(pk=delivery_id)
        .values_list("issue__newsletter__slug", flat=True)
        .first()
        or ""
    )


# A reader's data, on request ------------------------------------------------------------------


def subscriber_export(*, subscriber, actor):
    """Everything we hold about one address, as a dict ready for JSON (the reader's copy of
    their data); the export is recorded in the audit log."""
    data = {
        "email": subscriber.email,
        "first_seen": subscriber.created_at.isoformat(),
        "suppressed": subscriber.suppressed_at.isoformat() if subscriber.suppressed_at else None,
        "suppression_reason": subscriber.suppression_reason,
        "subscriptions": [],
        "issues_received": [],
    }
    for subscription in subscriber.subscriptions.select_related("newsletter").prefetch_related(
        "consent_events"
    ):
        data["subscriptions"].append(
            {
                "newsletter": subscription.newsletter.name,
                "status": subscription.status,
                "signed_up_from": subscription.get_source_display(),
                "page": subscription.source_page,
                "asked_for": subscription.requested_at.isoformat(),
                "confirmed": _iso(subscription.confirmed_at),
                "unsubscribed": _iso(subscription.unsubscribed_at),
                "consent_record": [
                    {
                        "what": event.get_action_display(),
                        "when": event.at.isoformat(),
                        "where": event.get_source_display() if event.source else "",
                        "page": event.source_page,
                        "shown": event.wording,
                        "from_address": event.client_address,
                        "browser": event.user_agent,
                    }
                    for event in subscription.consent_events.all()
                ],
            }
        )
    for delivery in subscriber.deliveries.select_related("issue__newsletter").order_by("pk"):
        data["issues_received"].append(
            {
                "newsletter": delivery.issue.newsletter.name,
                "subject": delivery.issue.subject,
                "status": delivery.status,
                "sent": _iso(delivery.sent_at),
                "opened": _iso(delivery.opened_at),
                "bounced": _iso(delivery.bounced_at),
            }
        )
    with transaction.atomic():
        _audit_subscriber(actor, "exported", subscriber, _("Reader's data exported."))
    return data


def _audit_subscriber(actor, action, subscriber, note):
    """An audit entry about a subscriber that names the row, never the address: the log outlives
    an erasure."""
    entry = audit_record(actor=actor, action=action, obj=subscriber, note=note)
    entry.object_repr = _("Subscriber #%(pk)s") % {"pk": subscriber.pk}
    entry.save(update_fields=["object_repr"])
    return entry


def _iso(value):
    return value.isoformat() if value else None


def subscriber_erase(*, subscriber, actor):
    """Delete an address and all that names it (subscriptions, consent records); the issues it
    received keep their counts without it. The audit entry names the row, not the address."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        lists = subscriber.subscriptions.count()
        _audit_subscriber(
            actor,
            "erased",
            subscriber,
            _("Reader's data erased on request (%(lists)s subscriptions).") % {"lists": lists},
        )
        subscriber.delete()
