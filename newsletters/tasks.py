"""Background work of the newsletters app (django.tasks, run by `manage.py db_worker`)."""

import logging

from django.conf import settings
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from newsroom.background import traced

from . import links, mail
from .models import Subscriber, Subscription

logger = logging.getLogger("newsroom.tasks")


@task()
@traced
def send_confirmation(subscriber_id, subscription_ids):
    """The double opt-in e-mail: one link confirming the lists the reader asked for."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id, suppressed_at__isnull=True).first()
    if subscriber is None:
        return False
    subscriptions = list(
        subscriber.subscriptions.select_related("newsletter")
        .filter(pk__in=subscription_ids, status=Subscription.Status.PENDING)
        .order_by("newsletter__name")
    )
    if not subscriptions:
        return False
    newsletters = [subscription.newsletter for subscription in subscriptions]
    # In the language of the page the reader signed up on (links lead to its pages).
    with translation.override(subscriber.language):
        message = mail.build_message(
            to=subscriber.email,
            subject=_("Please confirm your subscription to %(site)s")
            % {"site": settings.SITE_NAME},
            template="confirm",
            context={
                "newsletters": newsletters,
                "confirm_url": links.confirm_url(subscriber, [s.pk for s in subscriptions]),
                "days": links.CONFIRM_MAX_AGE // (24 * 60 * 60),
            },
        )
    mail.send(message)
    logger.info("confirmation sent", extra={"lists": len(newsletters)})
    return True


@task()
@traced
def send_already_subscribed(subscriber_id):
    """Someone asked again for lists this address already gets: tell its owner, privately,
    with the preferences link (the form told the asker nothing)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id, suppressed_at__isnull=True).first()
    if subscriber is None:
        return False
    newsletters = [
        subscription.newsletter
        for subscription in subscriber.subscriptions.confirmed().select_related("newsletter")
    ]
    # In the language of the page the reader signed up on (links lead to its pages).
    with translation.override(subscriber.language):
        message = mail.build_message(
            to=subscriber.email,
            subject=_("You are already subscribed to %(site)s") % {"site": settings.SITE_NAME},
            template="already_subscribed",
            context={
                "newsletters": newsletters,
                "preferences_url": links.preferences_url(subscriber),
            },
        )
    mail.send(message)
    return True


@task()
@traced
def deliver_issue(issue_id):
    """An issue has been sent: a delivery row per reader, then the first batch."""
    from . import sending
    from .models import Issue

    issue = Issue.objects.get(pk=issue_id)
    if issue.status != Issue.Status.SENDING:
        return 0
    sending.create_deliveries(issue)
    return sending.send_batch(issue_id)


@task()
@traced
def send_issue_batch(issue_id):
    from . import sending

    return sending.send_batch(issue_id)


@task()
@traced
def newsletters_every_minute():
    """The scheduler's job: assemble each daily briefing once its IST time has come, and keep
    sending going (retries that are due, batches a stopped worker left)."""
    from . import sending, services

    made = services.briefings_due()
    sending.sweep()
    return len(made)
