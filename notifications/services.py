"""Who is told what about the workflow, and the e-mail that tells them.

`notify_article_moved` answers articles' `article_moved` signal, inside the move's transaction:
each person to tell gets a Notification row (their inbox), and after the commit a background task
per row sends the e-mail (`notifications.tasks.send_notification_email`), so the admin never
waits for a mail server.

- submitted: the desk (active staff who may publish), but not the one who submitted;
- returned (with the editor's note), published, scheduled: the story's reporters (whoever created
  it and the accounts of its bylined authors), but not the editor who did it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles import services as articles_services
from articles.seo import absolute_url
from newsroom import background

from .models import Notification

logger = logging.getLogger("newsroom.notifications")

KIND_OF_ACTION = {
    articles_services.SUBMITTED: Notification.Kind.SUBMITTED,
    articles_services.RETURNED_ACTION: Notification.Kind.RETURNED,
    articles_services.PUBLISHED_ACTION: Notification.Kind.PUBLISHED,
    articles_services.SCHEDULED_ACTION: Notification.Kind.SCHEDULED,
}

# A failed send is tried again later, this many times in all, after these waits.
MAX_EMAIL_ATTEMPTS = 5
RETRY_WAITS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=20),
    timedelta(hours=1),
)


def desk_members():
    """Active staff who may publish: through a role group, their own permissions, or superuser."""
    permission = Permission.objects.filter(
        content_type__app_label="articles", codename="publish_article"
    ).first()
    held = Q(is_superuser=True)
    if permission is not None:
        held |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    return get_user_model().objects.filter(held, is_active=True, is_staff=True).distinct()


def reporters_of(article):
    """The accounts behind a story: who created it and the bylined authors who have one."""
    return (
        get_user_model()
        .objects.filter(Q(pk=article.created_by_id) | Q(author_profile__articles=article))
        .filter(is_active=True)
        .distinct()
    )


def notify_article_moved(sender, *, actor, article, action, note="", **kwargs):
    kind = KIND_OF_ACTION.get(action)
    if kind is None:
        return []
    recipients = desk_members() if kind == Notification.Kind.SUBMITTED else reporters_of(article)
    if actor is not None and actor.pk is not None:
        recipients = recipients.exclude(pk=actor.pk)
    actor_name = ""
    if actor is not None and actor.is_authenticated:
        actor_name = actor.get_full_name() or actor.get_username()
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            kind=kind,
            article=article,
            headline=article.headline[:200],
            actor_name=actor_name[:150],
            note=note or "",
            publish_at=article.publish_at if kind == Notification.Kind.SCHEDULED else None,
        )
        for recipient in recipients
    )
    ids = [notification.pk for notification in notifications]
    if ids:
        transaction.on_commit(lambda: _enqueue_emails(ids))
    return notifications


def _enqueue_emails(ids):
    from .tasks import send_notification_email

    for notification_id in ids:
        background.enqueue(send_notification_email, notification_id)


def notifications_mark_read(*, actor, ids=None):
    """Mark the actor's own notifications read (all unread ones, or those of `ids`)."""
    unread = Notification.objects.for_user(actor).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notification_send_email(*, notification_id):
    """Send one notification's e-mail, once: whoever claims `emailed_at` sends it; a failure
    releases the claim and, until MAX_EMAIL_ATTEMPTS, schedules another try. Returns what
    happened ("sent", "already sent", "no address", "retry", "gave up")."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return "already sent"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    address = notification.recipient.email
    if not address:
        return "no address"
    context = {
        "notification": notification,
        "recipient": notification.recipient,
        "site_name": settings.SITE_NAME,
        "url": absolute_url(notification.get_absolute_url()),
        "inbox_url": absolute_url(reverse("dashboard:inbox")),
    }
    try:
        send_mail(
            subject=render_to_string("notifications/email/subject.txt", context).strip(),
            message=render_to_string("notifications/email/notification.txt", context),
            from_email=None,
            recipient_list=[address],
        )
    except Exception:
        attempts = notification.email_attempts + 1
        Notification.objects.filter(pk=notification_id).update(
            emailed_at=None, email_attempts=attempts
        )
        if attempts >= MAX_EMAIL_ATTEMPTS:
            logger.exception(
                "notification e-mail given up", extra={"notification": notification_id}
            )
            return "gave up"
        logger.warning(
            "notification e-mail failed; will try again",
            exc_info=True,
            extra={"notification": notification_id, "attempt": attempts},
        )
        _retry_later(notification_id, RETRY_WAITS[min(attempts, len(RETRY_WAITS)) - 1])
        return "retry"
    return "sent"


def _retry_later(notification_id, wait):
    from .tasks import send_notification_email

    task = send_notification_email
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + wait)
    background.enqueue(task, notification_id)
