from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import make_member
from newsletters.models import Delivery, Issue, Subscription
from newsletters.selectors import subscribers_over_time
from newsroom import roles

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db


def test_subscribers_over_time_counts_joins_and_leaves_per_local_day():
    briefing = make_newsletter(name="Morning briefing")
    now = timezone.now()
    old = make_subscriber(newsletters=[briefing])
    Subscription.objects.filter(subscriber=old).update(confirmed_at=now - timedelta(days=40))
    recent = make_subscriber(newsletters=[briefing])
    Subscription.objects.filter(subscriber=recent).update(confirmed_at=now - timedelta(days=3))
    left = make_subscriber(newsletters=[briefing])
    Subscription.objects.filter(subscriber=left).update(
        confirmed_at=now - timedelta(days=10),
        status=Subscription.Status.UNSUBSCRIBED,
        unsubscribed_at=now - timedelta(days=1),
    )
    points = subscribers_over_time(days=30, now=now)[briefing]
    counts = [count for _day, count in points]
    assert counts[0] == 1  # the old reader
    assert counts[-11] == 2  # + the one who left later
    assert counts[-4] == 3  # + the recent one
    assert counts[-1] == 2  # - the one who left


def test_the_panel_shows_lists_and_last_issues(client):
    briefing = make_newsletter(name="Morning briefing")
    readers = [make_subscriber(newsletters=[briefing]) for _ in range(3)]
    issue = Issue.objects.create(
        newsletter=briefing,
        subject="Tuesday briefing",
        status=Issue.Status.SENT,
        send_started_at=timezone.now(),
        sent_at=timezone.now(),
    )
    now = timezone.now()
    Delivery.objects.create(issue=issue, subscriber=readers[0], status="sent", sent_at=now)
    Delivery.objects.create(
        issue=issue, subscriber=readers[1], status="sent", sent_at=now, bounced_at=now
    )
    Delivery.objects.create(
        issue=issue, subscriber=readers[2], status="sent", sent_at=now, unsubscribed_at=now
    )
    client.force_login(make_member("desk", roles.EDITOR))
    page = client.get(reverse("dashboard:newsletters"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Morning briefing: 3 subscribers" in html
    row = html[html.index("Tuesday briefing") :]
    assert [int(n) for n in _cells(row)[:4]] == [3, 1, 1, 0]


def _cells(row):
    import re

    return re.findall(r"<td>(\d+)</td>", row)


def test_fundraising_sees_the_gifts_an_issue_prompted_and_editors_do_not(client):
    from donations.models import Donation
    from donations.tests.factories import make_donation

    briefing = make_newsletter(name="Morning briefing")
    giver = make_subscriber("giver@example.org", newsletters=[briefing])
    issue = Issue.objects.create(
        newsletter=briefing,
        subject="Appeal issue",
        status=Issue.Status.SENT,
        send_started_at=timezone.now(),
    )
    Delivery.objects.create(
        issue=issue,
        subscriber=giver,
        status="sent",
        appeal_clicked_at=timezone.now() - timedelta(hours=1),
    )
    make_donation(email="giver@example.org", status=Donation.Status.PAID, amount_minor=50000)
    client.force_login(make_member("fundraiser", roles.FUNDRAISING))
    html = client.get(reverse("dashboard:newsletters")).content.decode()
    assert "Gifts prompted" in html
    assert "1 (₹500" in html
    client.force_login(make_member("desk", roles.EDITOR))
    html = client.get(reverse("dashboard:newsletters")).content.decode()
    assert "Gifts prompted" not in html
