import pytest
from django.utils import timezone

from donations.models import Donation
from donations.tests.factories import make_appeal, make_donation
from newsletters import links
from newsletters.models import Delivery, Issue
from newsletters.selectors import gifts_prompted_by

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db


def test_a_gift_after_the_issues_appeal_link_is_attributed_to_it(client):
    make_appeal()
    briefing = make_newsletter(name="Morning briefing")
    giver = make_subscriber("giver@example.org", newsletters=[briefing])
    other = make_subscriber("other@example.org", newsletters=[briefing])
    issue = Issue.objects.create(newsletter=briefing, subject="x", status=Issue.Status.SENT)
    clicked = Delivery.objects.create(issue=issue, subscriber=giver, status="sent")
    Delivery.objects.create(issue=issue, subscriber=other, status="sent")
    response = client.get(f"/newsletters/appeal/{links.appeal_token(clicked)}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/support/?utm_source=newsletter")
    assert "utm_campaign=newsletter-" in response["Location"]
    clicked.refresh_from_db()
    assert clicked.appeal_clicked_at is not None
    # A gift from the reader who clicked counts; one from a reader who did not, does not;
    # a gift from before the click does not either.
    make_donation(email="giver@example.org", status=Donation.Status.PAID, amount_minor=25000)
    make_donation(email="other@example.org", status=Donation.Status.PAID)
    Donation.objects.create(
        appeal=make_appeal(),
        amount_minor=100,
        name="Early",
        email="giver@example.org",
        gateway="sandbox",
        status=Donation.Status.PAID,
        paid_at=clicked.appeal_clicked_at - timezone.timedelta(days=1),
        receipt_number="NW-EARLY",
    )
    assert gifts_prompted_by(issue) == (1, 25000)


def test_a_forged_appeal_link_still_reaches_the_support_page(client):
    response = client.get("/newsletters/appeal/123:forged/")
    assert response.status_code == 302
    assert response["Location"] == "/support/"


def test_a_gift_counts_whatever_case_the_donor_typed_their_address_in(client):
    make_appeal()
    briefing = make_newsletter(name="Morning briefing")
    giver = make_subscriber("giver@example.org", newsletters=[briefing])
    issue = Issue.objects.create(newsletter=briefing, subject="x", status=Issue.Status.SENT)
    clicked = Delivery.objects.create(issue=issue, subscriber=giver, status="sent")
    client.get(f"/newsletters/appeal/{links.appeal_token(clicked)}/")
    make_donation(email="Giver@Example.ORG", status=Donation.Status.PAID, amount_minor=25000)
    assert gifts_prompted_by(issue) == (1, 25000)
