"""The notification e-mail, sent by a background worker (`manage.py db_worker`)."""

from django.tasks import task

from newsroom.background import traced

from .services import notification_send_email


@task()
@traced
def send_notification_email(notification_id):
    """Idempotent: a notification already e-mailed is not sent again, however often this runs."""
    return notification_send_email(notification_id=notification_id)
