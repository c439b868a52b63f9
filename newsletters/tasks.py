"""Background work of the newsletters app (django.tasks, run by `manage.py db_worker`)."""

import logging

from django.conf import settings
from django.tasks import task
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
    message = mail.build_message(
        to=subscriber.email,
        subject=_("Please confirm your subscription to %(site)s") % {"site": settings.SITE_NAME},
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
    message = mail.build_message(
        to=subscriber.email,
        subject=_("You are already subscribed to %(site)s") % {"site": settings.SITE_NAME},
        template="already_subscribed",
        context={"newsletters": newsletters, "preferences_url": links.preferences_url(subscriber)},
    )
    mail.send(message)
    return True
