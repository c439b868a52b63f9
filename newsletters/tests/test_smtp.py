"""Double opt-in end to end through a real SMTP server, started by the test (aiosmtpd), with
Django's own SMTP backend: what a reader's mailbox would receive."""

import re
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from newsletters.models import Subscription

from .factories import make_newsletter

pytestmark = pytest.mark.django_db


class _Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []
        self.raw = []  # the bytes as they crossed the wire

    def handle_message(self, message):
        self.messages.append(message)

    def prepare_message(self, session, envelope):
        # Keep the raw bytes as received, parsed the way a mail program would.
        self.raw.append(envelope.original_content.decode("ascii", "replace"))
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        parsed["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        return parsed


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()


def test_double_opt_in_through_a_real_smtp_server(
    client, smtp_server, django_capture_on_commit_callbacks
):
    make_newsletter(name="Morning briefing", is_default=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletters/subscribe/",
            {"email": "asha@example.org", "source": "support", "page": "/support/"},
        )
    assert response.status_code == 200
    [message] = smtp_server.messages
    assert message["X-Envelope-To"] == "asha@example.org"
    assert message["To"] == "asha@example.org"
    assert "confirm" in message["Subject"].lower()
    assert message.is_multipart()
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    link = re.search(r"http://\S+/newsletters/confirm/\S+?/", text).group(0)
    assert link in html
    assert Subscription.objects.get().status == Subscription.Status.PENDING
    assert client.post(link).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert (subscription.source, subscription.source_page) == ("support", "/support/")


def test_an_issue_through_smtp_carries_the_one_click_headers_as_they_are(
    client, smtp_server, django_capture_on_commit_callbacks
):
    from articles.tests.factories import make_staff
    from newsletters import services
    from newsletters.models import Issue

    from .factories import make_subscriber

    briefing = make_newsletter(name="Morning briefing")
    make_subscriber("asha@example.org", newsletters=[briefing])
    issue = Issue.objects.create(newsletter=briefing, subject="Today")
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=issue, actor=make_staff(is_superuser=True))
    [raw] = smtp_server.raw
    # Not folded into =?utf-8?q?...?= words: a mail program reads the address as it is.
    header = re.search(r"^List-Unsubscribe: (<[^>\r\n]+>)\r?$", raw, re.M)
    assert header is not None, raw[:600]
    assert "/newsletters/unsubscribe/" in header.group(1)
    assert re.search(r"^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$", raw, re.M)
    response = client.post(
        header.group(1).strip("<>"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.UNSUBSCRIBED
