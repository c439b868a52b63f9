"""Receipt numbers run per Indian financial year (April to March, site time) and never repeat."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from donations import services
from donations.gateways import GatewayEvent
from donations.models import Donation
from donations.receipts import financial_year, next_receipt_number

from .factories import make_donation

pytestmark = pytest.mark.django_db

# 31 March 2027 23:59 IST is 18:29 UTC; 1 April 2027 00:00 IST is 18:30 UTC.
LAST_MINUTE = datetime(2027, 3, 31, 18, 29, tzinfo=UTC)
FIRST_MINUTE = datetime(2027, 3, 31, 18, 30, tzinfo=UTC)


def test_the_financial_year_turns_at_midnight_of_31_march_site_time():
    assert financial_year(LAST_MINUTE) == "2026-27"
    assert financial_year(FIRST_MINUTE) == "2027-28"
    assert financial_year(datetime(2026, 12, 3, tzinfo=UTC)) == "2026-27"
    assert financial_year(datetime(2099, 6, 1, tzinfo=UTC)) == "2099-00"


def test_numbers_run_per_year_and_start_again_in_april():
    assert next_receipt_number(LAST_MINUTE) == "NW-2026-27-000001"
    assert next_receipt_number(LAST_MINUTE) == "NW-2026-27-000002"
    assert next_receipt_number(FIRST_MINUTE) == "NW-2027-28-000001"
    assert next_receipt_number(LAST_MINUTE) == "NW-2026-27-000003"


def test_a_paid_gift_gets_the_next_number_of_its_year(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: LAST_MINUTE)
    first, second = make_donation(), make_donation()
    for donation in (first, second):
        services.payment_event_process(
            gateway_name="sandbox",
            event=GatewayEvent(
                event_id=f"evt_{donation.pk}",
                kind="payment.succeeded",
                donation_uuid=donation.uuid,
                outcome="paid",
                amount_minor=donation.amount_minor,
                currency="INR",
            ),
        )
    monkeypatch.setattr(timezone, "now", lambda: FIRST_MINUTE)
    third = make_donation()
    services.payment_event_process(
        gateway_name="sandbox",
        event=GatewayEvent(
            event_id="evt_third",
            kind="payment.succeeded",
            donation_uuid=third.uuid,
            outcome="paid",
            amount_minor=third.amount_minor,
            currency="INR",
        ),
    )
    numbers = [
        Donation.objects.get(pk=donation.pk).receipt_number for donation in (first, second, third)
    ]
    assert numbers == ["NW-2026-27-000001", "NW-2026-27-000002", "NW-2027-28-000001"]
