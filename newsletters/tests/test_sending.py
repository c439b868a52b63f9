import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from articles.tests.factories import make_article, make_staff
from newsletters import sending, services
from newsletters.models import Delivery, Issue, Subscription

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db


class FlakyBackend(LocmemBackend):
    """The locmem backend, but the mail server drops the connection for the addresses in
    `failures` (as many times as the count says)."""

    failures = {}

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                if FlakyBackend.failures.get(address, 0) > 0:
                    FlakyBackend.failures[address] -= 1
                    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    FlakyBackend.failures = {}
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    return FlakyBackend.failures


@pytest.fixture
def editor(db):
    return make_staff("editor", is_superuser=True)


@pytest.fixture
def briefing(db):
    return make_newsletter(name="Morning briefing")


def _issue(newsletter, **fields):
    issue = Issue.objects.create(newsletter=newsletter, subject="Today's news", **fields)
    return issue


def _make_due():
    """Time passes: the retries' waits are over."""
    Delivery.objects.filter(status=Delivery.Status.QUEUED).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def _send(issue, editor, capture):
    with capture(execute=True):
        services.issue_send(issue=issue, actor=editor)
    issue.refresh_from_db()
    return issue


def test_an_issue_reaches_each_confirmed_reader_once_with_one_click_unsubscribe(
    briefing, editor, mailoutbox, django_capture_on_commit_callbacks
):
    readers = [make_subscriber(newsletters=[briefing]) for _ in range(3)]
    make_subscriber("waiting@example.org", newsletters=[briefing], status="pending")
    make_subscriber("left@example.org", newsletters=[briefing], status="unsubscribed")
    gone = make_subscriber("gone@example.org", newsletters=[briefing])
    gone.suppressed_at = timezone.now()
    gone.save()
    make_subscriber("other@example.org", newsletters=[make_newsletter()])
    article = make_article(headline="Monsoon reaches Kerala")
    issue = _issue(briefing)
    issue.placements.create(article=article, position=0)
    issue = _send(issue, editor, django_capture_on_commit_callbacks)
    assert issue.status == Issue.Status.SENT
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in readers)
    message = mailoutbox[0]
    assert message.subject == "Today's news"
    assert "Monsoon reaches Kerala" in message.body
    html = message.alternatives[0][0]
    assert "Monsoon reaches Kerala" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http")
    assert "/newsletters/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Each reader's own link, in the header and in both parts.
    assert unsubscribe.strip("<>") in message.body
    assert "%%" not in message.body + html
    # No tracking pixel unless the newsletter asks for one.
    assert "/newsletters/opened/" not in html
    assert 'width="1"' not in html
    assert Delivery.objects.filter(issue=issue, status="sent").count() == 3


def test_the_one_click_header_unsubscribes_that_reader(
    client, briefing, editor, mailoutbox, django_capture_on_commit_callbacks
):
    reader = make_subscriber(newsletters=[briefing])
    _send(_issue(briefing), editor, django_capture_on_commit_callbacks)
    url = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription = Subscription.objects.get(subscriber=reader)
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert Delivery.objects.get().unsubscribed_at is not None  # counted against the issue


def test_batches_send_everyone_once(
    briefing, editor, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    batches = []
    real = sending.send_batch

    def counting(issue_id, **kwargs):
        batches.append(issue_id)
        return real(issue_id, **kwargs)

    monkeypatch.setattr(sending, "send_batch", counting)
    readers = [make_subscriber(newsletters=[briefing]) for _ in range(5)]
    issue = _send(_issue(briefing), editor, django_capture_on_commit_callbacks)
    assert issue.status == Issue.Status.SENT
    assert len(batches) == 3  # 2 + 2 + 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in readers)
    # Running it all again sends nothing more.
    from newsletters import tasks

    tasks.deliver_issue.call(issue.pk)
    assert sending.sweep() == []
    assert len(mailoutbox) == 5


def test_a_failed_send_is_retried_later_and_never_doubled(
    briefing, editor, flaky, django_capture_on_commit_callbacks
):
    readers = [make_subscriber(f"r{n}@example.org", newsletters=[briefing]) for n in range(3)]
    flaky["r1@example.org"] = 1
    issue = _send(_issue(briefing), editor, django_capture_on_commit_callbacks)
    assert issue.status == Issue.Status.SENDING  # one reader still to go
    waiting = Delivery.objects.get(subscriber=readers[1])
    assert (waiting.status, waiting.attempts) == (Delivery.Status.QUEUED, 1)
    assert waiting.next_attempt_at > timezone.now()
    assert "Connection unexpectedly closed" in waiting.error
    assert sorted(m.to[0] for m in mail.outbox) == ["r0@example.org", "r2@example.org"]
    # Not due yet: the sweep leaves it.
    assert sending.sweep() == []
    # When due, the scheduler's sweep sends it, and only it.
    _make_due()
    assert sending.sweep() == [issue.pk]
    assert sorted(m.to[0] for m in mail.outbox) == [f"r{n}@example.org" for n in range(3)]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_a_reader_the_server_keeps_refusing_is_given_up_after_the_last_attempt(
    briefing, editor, flaky, django_capture_on_commit_callbacks
):
    make_subscriber("bad@example.org", newsletters=[briefing])
    flaky["bad@example.org"] = 99
    issue = _send(_issue(briefing), editor, django_capture_on_commit_callbacks)
    for _attempt in range(sending.MAX_ATTEMPTS):
        _make_due()
        sending.sweep()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, sending.MAX_ATTEMPTS)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert mail.outbox == []


def test_a_delivery_a_dead_worker_left_claimed_is_never_sent_again(
    briefing, editor, mailoutbox, django_capture_on_commit_callbacks
):
    reader = make_subscriber(newsletters=[briefing])
    issue = _issue(briefing, status=Issue.Status.SENDING, html="<p>x</p>", text="x")
    claimed = Delivery.objects.create(
        issue=issue,
        subscriber=reader,
        status=Delivery.Status.SENDING,
        attempts=1,
        next_attempt_at=timezone.now(),
    )
    sending.send_batch(issue.pk)
    assert mailoutbox == []
    sending.sweep(now=timezone.now() + sending.STALE_AFTER + timedelta(minutes=1))
    claimed.refresh_from_db()
    assert claimed.status == Delivery.Status.FAILED
    assert mailoutbox == []


def test_a_reader_who_unsubscribes_while_an_issue_is_queued_is_skipped(
    briefing, editor, mailoutbox, django_capture_on_commit_callbacks
):
    reader = make_subscriber(newsletters=[briefing])
    issue = _issue(briefing, status=Issue.Status.SENDING, html="<p>x</p>", text="x")
    sending.create_deliveries(issue)
    Subscription.objects.filter(subscriber=reader).update(
        status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )
    sending.send_batch(issue.pk)
    assert mailoutbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_an_issue_is_sent_once(briefing, editor, django_capture_on_commit_callbacks):
    issue = _send(_issue(briefing), editor, django_capture_on_commit_callbacks)
    with pytest.raises(services.ValidationError):
        services.issue_send(issue=issue, actor=editor)


def test_the_tracking_pixel_only_when_switched_on(
    client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    counted = make_newsletter(tracking_pixel=True)
    make_subscriber(newsletters=[counted])
    _send(_issue(counted), editor, django_capture_on_commit_callbacks)
    html = mailoutbox[0].alternatives[0][0]
    import re

    pixel = re.search(r'<img src="(http[^"]+/newsletters/opened/[^"]+)"', html).group(1)
    response = client.get(pixel)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert Delivery.objects.get().opened_at is not None
