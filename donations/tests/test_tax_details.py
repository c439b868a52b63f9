"""A donor's PAN and address for 80G, set from My giving: checked by format, encrypted as a gift's
PAN is, audited; used by the next Form 10BD statement and the next receipts, never rewriting the
receipts already issued."""

import csv
import html
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from donations import services
from donations.models import Donation, DonorTaxDetails, RecurringGift
from donations.pan import decrypt_pan
from donations.receipt_pdf import receipt_pdf
from newsroom.models import AuditEntry

from .test_80g import PAN, REGISTRATION, _fundraiser, give_with_80g
from .test_my_giving import _open

pytestmark = pytest.mark.django_db

NEW_PAN = "ABCPR5678K"
SAVE = reverse("donations:giving_tax_details")
GIFTS = reverse("donations:giving_gifts")


@pytest.fixture
def eighty_g(settings):
    settings.DONATIONS_80G = REGISTRATION
    settings.DONATIONS_PAN_KEYS = ["kQ0rDdR1Jq8w5m7l0m8zq0GfJ8iJ3x9JQZpXk4r8b1E="]
    return settings


def _pdf_text(content):
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _monthly_80g_gift(client):
    from .factories import make_appeal

    make_appeal()
    response = give_with_80g(client, frequency="monthly")
    client.post(response["Location"], {"result": "succeed"})
    return RecurringGift.objects.get()


def _save(client, **data):
    fields = {"pan": NEW_PAN.lower(), "tax_name": "Asha R. Rao", "tax_address": "9 Hill Road, Pune"}
    fields.update(data)
    return client.post(SAVE, fields)


def test_a_donor_sets_new_details_that_apply_from_now_on(client, eighty_g, mailoutbox):
    gift = _monthly_80g_gift(client)
    first = gift.charges.get()
    first_receipt = _pdf_text(receipt_pdf(first))
    assert "XXXXXX234F" in first_receipt
    _open(client, mailoutbox)
    page = client.get(GIFTS).content.decode()
    assert "80G details" in page
    response = _save(client)
    assert response.status_code == 302
    assert "Receipts already issued stay as they are" in html.unescape(
        client.get(GIFTS).content.decode()
    )
    details = DonorTaxDetails.objects.get()
    assert details.pan_masked == "XXXXXX678K"
    assert decrypt_pan(details.pan_encrypted) == NEW_PAN
    # Encrypted at rest: nowhere in the database in clear.
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert NEW_PAN not in dump.getvalue().upper()
    # The receipt already issued says what it said.
    first.refresh_from_db()
    assert (first.pan_masked, first.tax_name) == ("XXXXXX234F", "Asha Rao")
    assert _pdf_text(receipt_pdf(first)) == first_receipt
    # The monthly gift's next charge carries the new details.
    services.sandbox_advance(months=1)
    renewal = gift.charges.get(is_renewal=True)
    assert (renewal.pan_masked, renewal.tax_name) == ("XXXXXX678K", "Asha R. Rao")
    # Audited, without the PAN.
    entry = AuditEntry.objects.get(content_type__model="donortaxdetails")
    assert entry.action == "created"
    assert NEW_PAN not in entry.note + entry.to_state
    assert entry.to_state == "XXXXXX678K"


def test_the_next_form_10bd_uses_the_donors_details_for_all_their_gifts(eighty_g, mailoutbox):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from .factories import make_donation

    paid_at = datetime(2025, 9, 1, 10, tzinfo=ZoneInfo("Asia/Kolkata"))
    # One gift with 80G asked for and a typo in the PAN, one without 80G.
    donor = Client()
    from .factories import make_appeal

    appeal = make_appeal()
    first = make_donation(
        appeal=appeal,
        email="asha@example.com",
        status=Donation.Status.PAID,
        paid_at=paid_at,
        amount_minor=50000,
    )
    first.wants_80g = True
    first.tax_name, first.tax_address = "Asha Rao", "Old address"
    first.set_pan(PAN)
    first.save()
    make_donation(
        appeal=appeal,
        email="ASHA@example.com",
        status=Donation.Status.PAID,
        paid_at=paid_at,
        amount_minor=25000,
    )
    _open(donor, mailoutbox)
    assert _save(donor).status_code == 302
    fundraiser = Client()
    fundraiser.force_login(_fundraiser())
    export = fundraiser.get(reverse("admin:donations_donation_form_10bd"), {"year": "2025-26"})
    rows = list(csv.reader(io.StringIO(export.content.decode())))[1:]
    assert len(rows) == 1
    assert rows[0][3] == NEW_PAN
    assert rows[0][7:9] == ["Asha R. Rao", "9 Hill Road, Pune"]
    assert rows[0][11] == "750"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pan": "ABCD1234"}, "A PAN is ten characters"),
        ({"pan": "ABCXE1234F"}, "A PAN is ten characters"),
        ({"tax_name": ""}, "This field is required"),
        ({"tax_address": " "}, "This field is required"),
        ({"pan": "ABCPE1234F" * 2}, "Ensure this value has at most 14 characters"),
    ],
)
def test_bad_details_are_refused_with_a_message(client, eighty_g, mailoutbox, data, message):
    _monthly_80g_gift(client)
    _open(client, mailoutbox)
    response = _save(client, **data)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not DonorTaxDetails.objects.exists()
    assert RecurringGift.objects.get().pan_masked == "XXXXXX234F"


def test_changing_again_updates_one_record(client, eighty_g, mailoutbox):
    _monthly_80g_gift(client)
    _open(client, mailoutbox)
    _save(client)
    _save(client, pan="ABCPR1111Z")
    assert DonorTaxDetails.objects.get().pan_masked == "XXXXXX111Z"
    actions = list(
        AuditEntry.objects.filter(content_type__model="donortaxdetails").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["changed", "created"]


def test_without_a_registration_or_a_link_nothing_is_saved(client, settings, mailoutbox):
    from .factories import make_donation

    make_donation(email="asha@example.com", status=Donation.Status.PAID)
    assert _save(client).status_code == 302  # not opened: back to asking for a link
    _open(client, mailoutbox)
    settings.DONATIONS_80G = {"registration_number": ""}
    assert "80G details" not in client.get(GIFTS).content.decode()
    assert _save(client).status_code == 404
    assert not DonorTaxDetails.objects.exists()
