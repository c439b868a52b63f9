"""Notifications (issue 20): editors are told when a story is submitted; its reporter when it is
returned (with the note), scheduled or published; in the dashboard inbox (unread count on the
landing page) and by e-mail, sent by a background task so a slow mail server never slows the admin.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import services
from articles.models import Article
from articles.tests.factories import make_author, make_member, make_story
from newsroom.roles import EDITOR, MODERATOR, REPORTER
from notifications import services as notification_services
from notifications.models import Notification

pytestmark = pytest.mark.django_db

RETURN_NOTE = "Needs a second source for the figures in the third paragraph."


@pytest.fixture
def newsroom():
    reporter = make_member("reporter", REPORTER, email="reporter@newswire.example")
    editor = make_member("editor", EDITOR, email="editor@newswire.example")
    second_editor = make_member("night_editor", EDITOR, email="night@newswire.example")
    moderator = make_member("moderator", MODERATOR, email="moderator@newswire.example")
    article = make_story(by=reporter, headline="Monsoon reaches Kerala")
    return {
        "reporter": reporter,
        "editor": editor,
        "second_editor": second_editor,
        "moderator": moderator,
        "article": article,
    }


def _to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_the_desk_is_told_when_a_story_is_submitted(newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.article_submit(actor=newsroom["reporter"], article=newsroom["article"])
    told = Notification.objects.filter(kind=Notification.Kind.SUBMITTED)
    assert {n.recipient for n in told} == {newsroom["editor"], newsroom["second_editor"]}
    # Not the reporter who submitted, not the moderator.
    assert not Notification.objects.filter(recipient=newsroom["reporter"]).exists()
    assert not _to(newsroom["moderator"])
    (message,) = _to(newsroom["editor"])
    assert "Submitted for review: Monsoon reaches Kerala" in message.subject
    assert "“Monsoon reaches Kerala” was submitted for review by reporter." in message.body
    change = reverse("admin:articles_article_change", args=[newsroom["article"].pk])
    assert change in message.body


def _in_review(newsroom):
    services.article_submit(actor=newsroom["reporter"], article=newsroom["article"])
    Notification.objects.all().delete()
    mail.outbox.clear()


def test_the_reporter_is_told_when_their_story_is_returned_with_the_note(
    newsroom, django_capture_on_commit_callbacks
):
    _in_review(newsroom)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_return(
            actor=newsroom["editor"], article=newsroom["article"], note=RETURN_NOTE
        )
    notification = Notification.objects.get()
    assert notification.recipient == newsroom["reporter"]
    assert notification.kind == Notification.Kind.RETURNED
    assert notification.note == RETURN_NOTE
    (message,) = mail.outbox
    assert message.to == ["reporter@newswire.example"]
    assert "returned to you by editor" in message.body
    assert RETURN_NOTE in message.body


def test_the_reporter_and_bylined_authors_are_told_when_it_is_published(
    newsroom, django_capture_on_commit_callbacks
):
    _in_review(newsroom)
    colleague = make_member("colleague", REPORTER, email="colleague@newswire.example")
    newsroom["article"].authors.add(make_author(user=colleague))
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(actor=newsroom["editor"], article=newsroom["article"])
    told = Notification.objects.filter(kind=Notification.Kind.PUBLISHED)
    assert {n.recipient for n in told} == {newsroom["reporter"], colleague}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "colleague@newswire.example",
        "reporter@newswire.example",
    ]
    assert "was published by editor" in mail.outbox[0].body


def test_the_reporter_is_told_when_it_is_scheduled(newsroom, django_capture_on_commit_callbacks):
    _in_review(newsroom)
    when = timezone.now() + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_schedule(
            actor=newsroom["editor"], article=newsroom["article"], publish_at=when
        )
    notification = Notification.objects.get()
    assert notification.kind == Notification.Kind.SCHEDULED
    assert notification.publish_at == when
    assert "is scheduled to go out at" in mail.outbox[0].body


def test_nobody_is_told_of_their_own_move(newsroom, django_capture_on_commit_callbacks):
    # An editor who writes and publishes their own story hears nothing of it.
    own = make_story(by=newsroom["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(actor=newsroom["editor"], article=own)
    assert not Notification.objects.filter(recipient=newsroom["editor"]).exists()


def test_a_refused_move_tells_nobody(newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.WorkflowError):
        services.article_return(actor=newsroom["editor"], article=newsroom["article"], note="x")
    assert not Notification.objects.exists()
    assert not mail.outbox


def test_nothing_is_mailed_before_the_move_commits(newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.article_submit(actor=newsroom["reporter"], article=newsroom["article"])
    assert Notification.objects.count() == 2
    assert not mail.outbox
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


# --- The e-mail task ------------------------------------------------------------------------------


def _one_notification(newsroom):
    return Notification.objects.create(
        recipient=newsroom["reporter"],
        kind=Notification.Kind.PUBLISHED,
        article=newsroom["article"],
        headline=newsroom["article"].headline,
        actor_name="editor",
    )


def test_the_email_is_sent_once_however_often_the_task_runs(newsroom):
    notification = _one_notification(newsroom)
    send = notification_services.notification_send_email
    assert send(notification_id=notification.pk) == "sent"
    assert send(notification_id=notification.pk) == "already sent"
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_failed_send_is_retried_until_it_goes(newsroom):
    notification = _one_notification(newsroom)
    real_send = notification_services.send_mail
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) < 3:
            raise OSError("mail server unreachable")
        return real_send(**kwargs)

    with mock.patch.object(notification_services, "send_mail", side_effect=flaky):
        # The test backend runs each retry at once, so one call tries three times.
        notification_services.notification_send_email(notification_id=notification.pk)
    assert len(calls) == 3
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 2
    assert notification.emailed_at is not None


def test_a_send_that_never_works_gives_up_and_can_be_sent_again_later(newsroom):
    notification = _one_notification(newsroom)
    with mock.patch.object(notification_services, "send_mail", side_effect=OSError("down")):
        notification_services.notification_send_email(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.email_attempts == notification_services.MAX_EMAIL_ATTEMPTS
    assert notification.emailed_at is None
    assert not mail.outbox


def test_no_address_no_mail(newsroom):
    newsroom["reporter"].email = ""
    newsroom["reporter"].save()
    notification = _one_notification(newsroom)
    assert notification_services.notification_send_email(notification_id=notification.pk) == (
        "no address"
    )
    assert not mail.outbox


@pytest.fixture
def database_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes connections between tasks; the test's transaction lives on its
    # connection, so it is kept open here (as in newsroom/tests/test_background.py).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def test_a_real_worker_sends_the_mail_the_admin_only_queued(
    client, newsroom, database_queue, django_capture_on_commit_callbacks
):
    _in_review(newsroom)
    client.force_login(newsroom["editor"])
    article = newsroom["article"]
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "authors": [author.pk for author in article.authors.all()],
        "tags": "",
        "dateline_place": "",
        "language": article.language,
        "urgency": article.urgency,
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "_workflow": "return",
        "_workflow_note": RETURN_NOTE,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    # The admin answered with the mail still queued.
    assert not mail.outbox
    assert DBTaskResult.objects.ready().count() == 1
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    (message,) = mail.outbox
    assert message.to == ["reporter@newswire.example"]
    assert RETURN_NOTE in message.body
    assert DBTaskResult.objects.successful().count() == 1


# --- The inbox -----------------------------------------------------------------------------------


def test_the_inbox_shows_the_unread_count_on_the_landing_page(
    client, newsroom, django_capture_on_commit_callbacks
):
    _in_review(newsroom)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_return(
            actor=newsroom["editor"], article=newsroom["article"], note=RETURN_NOTE
        )
    client.force_login(newsroom["reporter"])
    html = client.get(reverse("dashboard:index")).content.decode()
    assert '<span class="dashboard-counts__number" data-count="unread">1</span>' in html
    assert "“Monsoon reaches Kerala” was returned to you by editor." in html
    assert RETURN_NOTE in html

    notification = Notification.objects.get()
    response = client.post(reverse("dashboard:inbox_read"), {"id": notification.pk})
    assert response.status_code == 302
    html = client.get(reverse("dashboard:index")).content.decode()
    assert '<span class="dashboard-counts__number" data-count="unread">0</span>' in html


def test_the_inbox_is_ones_own(client, newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.article_submit(actor=newsroom["reporter"], article=newsroom["article"])
    theirs = Notification.objects.get(recipient=newsroom["second_editor"])
    client.force_login(newsroom["editor"])
    html = client.get(reverse("dashboard:inbox")).content.decode()
    assert html.count("was submitted for review by reporter") == 1
    client.post(reverse("dashboard:inbox_read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(reverse("dashboard:inbox_read"))
    assert not Notification.objects.filter(recipient=newsroom["editor"]).unread().exists()
    assert Notification.objects.filter(recipient=newsroom["second_editor"]).unread().exists()


def test_a_bad_mark_read_post_is_a_message_not_an_error(client, newsroom):
    client.force_login(newsroom["editor"])
    response = client.post(reverse("dashboard:inbox_read"), {"id": "abc"}, follow=True)
    assert response.status_code == 200
    assert "That is not a notification." in response.content.decode()


def test_a_moderator_has_no_inbox(client, newsroom):
    client.force_login(newsroom["moderator"])
    assert client.get(reverse("dashboard:inbox")).status_code == 403
    assert 'data-count="unread"' not in client.get(reverse("dashboard:index")).content.decode()
