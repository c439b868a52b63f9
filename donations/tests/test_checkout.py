"""The donation checkout as one service: store, open the gateway's checkout, note its id."""

import pytest
from django.test import RequestFactory

from donations import services
from donations.gateways import Gateway, GatewayUnavailableError
from donations.models import Donation, Frequency

from .factories import make_appeal

pytestmark = pytest.mark.django_db


class _OneTimeGateway(Gateway):
    name = "sandbox"
    supports_monthly = False

    def __init__(self, fails=False):
        self.fails = fails
        self.seen = []

    def begin_checkout(self, donation, *, request):
        # The gift is stored before the reader is sent anywhere.
        self.seen.append(Donation.objects.get(pk=donation.pk).status)
        if self.fails:
            raise GatewayUnavailableError("connection refused")
        return f"https://pay.example/{donation.uuid}", "cs_123"


def _checkout(gateway, **fields):
    return services.donation_checkout(
        appeal=make_appeal(offer_monthly=True),
        gateway=gateway,
        request=RequestFactory().post("/support/"),
        amount_minor=250_00,
        frequency=fields.pop("frequency", Frequency.ONE_TIME),
        name="Asha Rao",
        email="asha@example.com",
        **fields,
    )


def test_the_checkout_stores_the_gift_then_notes_the_gateways_reference():
    gateway = _OneTimeGateway()
    donation, url = _checkout(gateway, frequency=Frequency.MONTHLY)
    assert gateway.seen == [Donation.Status.PENDING]
    assert url == f"https://pay.example/{donation.uuid}"
    stored = Donation.objects.get()
    assert (stored.gateway_reference, stored.status) == ("cs_123", Donation.Status.PENDING)
    # A gateway without monthly giving takes a one-time gift, whatever the form said.
    assert stored.frequency == Frequency.ONE_TIME


def test_a_checkout_that_cannot_start_closes_the_gift_and_says_so():
    with pytest.raises(GatewayUnavailableError):
        _checkout(_OneTimeGateway(fails=True))
    stored = Donation.objects.get()
    assert stored.status == Donation.Status.FAILED
    assert stored.gateway_reference == ""
