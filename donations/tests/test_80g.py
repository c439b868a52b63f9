"""80G: an optional step with the PAN checked by format, the PAN encrypted at rest and shown
masked, the receipt with the publisher's registration, the Form 10BD statement; all off without
a registration."""

import csv
import io
import logging
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from donations import services
from donations.models import Donation, RecurringGift
from donations.pan import decrypt_pan, mask_pan, validate_pan
from donations.selectors import FORM_10BD_COLUMNS
from newsroom.models import AuditEntry
from newsroom.roles import FUNDRAISING

from .factories import make_appeal
from .test_giving import valid_post

pytestmark = pytest.mark.django_db

PAN = "ABCPE1234F"
SUPPORT = reverse("donations:support")
FORM_10BD = reverse("admin:donations_donation_form_10bd")
REGISTRATION = {
    "registration_number": "AABTN1234FE20214",
    "registration_date": "2021-05-28",
    "valid_until": "2026-27",
    "pan": "AABTN1234F",
    "name": "Newswire Trust",
    "address": "12 Press Road, New Delhi 110001",
}


@pytest.fixture
def eighty_g(settings):
    settings.DONATIONS_80G = REGISTRATION
    settings.DONATIONS_PAN_KEYS = ["kQ0rDdR1Jq8w5m7l0m8zq0GfJ8iJ3x9JQZpXk4r8b1E="]
    return settings


def give_with_80g(client, **overrides):
    data = valid_post(
        wants_80g="on", pan="abcpe 1234f", tax_name="Asha Rao", tax_address="4 Lake View, Pune"
    )
    data.update(overrides)
    return client.post(SUPPORT, data)


def test_pan_format():
    for good in ["ABCPE1234F", "AAACT9999Z"]:
        validate_pan(good)
    for bad in ["ABCPE1234", "ABCXE1234F", "1BCPE1234F", "ABCPE12345", "", "ABCPE1234FF"]:
        with pytest.raises(Exception, match="PAN is ten characters"):
            validate_pan(bad)
    assert mask_pan(PAN) == "XXXXXX234F"


def test_without_a_registration_there_is_no_80g_step(client, settings):
    settings.DONATIONS_80G = {**REGISTRATION, "registration_number": ""}
    make_appeal()
    page = client.get(SUPPORT).content.decode()
    assert "80G" not in page
    give_with_80g(client)
    donation = Donation.objects.get()
    assert (donation.wants_80g, donation.pan_encrypted) == (False, "")


def test_the_80g_step_checks_the_pan_and_asks_for_name_and_address(client, eighty_g):
    make_appeal()
    assert "I want an 80G receipt" in client.get(SUPPORT).content.decode()
    response = give_with_80g(client, pan="ABCD1234", tax_name="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "A PAN is ten characters" in html
    assert "Give your name as it is on your PAN." in html
    assert not Donation.objects.exists()


def test_the_pan_is_encrypted_at_rest_and_never_logged_or_exported(
    client, eighty_g, caplog, django_capture_on_commit_callbacks, mailoutbox, admin_client
):
    caplog.set_level(logging.DEBUG)
    make_appeal()
    with django_capture_on_commit_callbacks(execute=True):
        response = give_with_80g(client)
        client.post(response["Location"], {"result": "succeed"})
    donation = Donation.objects.get()
    assert donation.wants_80g
    assert donation.pan_masked == "XXXXXX234F"
    assert PAN not in donation.pan_encrypted
    assert decrypt_pan(donation.pan_encrypted) == PAN
    # Nowhere in the database, in clear.
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert PAN not in dump.getvalue().upper()
    assert PAN not in caplog.text.upper()
    # The receipt and the thank-you page show it masked, with the publisher's registration.
    receipt = mailoutbox[0].body
    assert "XXXXXX234F" in receipt
    assert REGISTRATION["registration_number"] in receipt
    assert PAN not in receipt
    assert "XXXXXX234F" in client.get(donation.get_absolute_url()).content.decode()
    # The ordinary CSV export does not carry it.
    changelist = reverse("admin:donations_donation_changelist")
    export = admin_client.post(
        changelist, {"action": "export_csv", "_selected_action": [donation.pk]}
    )
    assert PAN not in export.content.decode()


def test_a_monthly_gift_carries_its_80g_details_to_each_renewal(client, eighty_g):
    make_appeal()
    response = give_with_80g(client, frequency="monthly")
    client.post(response["Location"], {"result": "succeed"})
    services.sandbox_advance(months=2)
    gift = RecurringGift.objects.get()
    assert gift.pan_masked == "XXXXXX234F"
    assert [d.pan_masked for d in gift.charges.paid()] == ["XXXXXX234F"] * 3


def _fundraiser():
    user = User.objects.create_user("fundraiser", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=FUNDRAISING))
    return user


def test_the_form_10bd_statement_for_fundraising_is_audited(client, eighty_g, monkeypatch):
    from django.utils import timezone

    make_appeal(starts_at=datetime(2026, 1, 1, tzinfo=UTC))
    for pan, amount, when in [
        (PAN, "250", datetime(2026, 4, 1, 0, 0, tzinfo=UTC)),
        ("abcpe1234f", "500", datetime(2026, 12, 3, 6, 0, tzinfo=UTC)),
        ("AAACT9999Z", "100", datetime(2027, 1, 2, tzinfo=UTC)),
        ("AAACT9999Z", "100", datetime(2027, 4, 2, tzinfo=UTC)),  # the next year
    ]:
        monkeypatch.setattr(timezone, "now", lambda when=when: when)
        response = give_with_80g(client, pan=pan, amount=amount)
        client.post(response["Location"], {"result": "succeed"})
    give = client.post(SUPPORT, valid_post(email="plain@example.com"))  # no 80G asked
    client.post(give["Location"], {"result": "succeed"})
    monkeypatch.undo()
    staff = client
    fundraiser = _fundraiser()
    staff.force_login(fundraiser)
    response = staff.get(FORM_10BD, {"year": "2026-27"})
    assert response.status_code == 200, response.content.decode()[:3000]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == FORM_10BD_COLUMNS
    body = {row[3]: row for row in rows[1:]}
    assert set(body) == {PAN, "AAACT9999Z"}
    assert body[PAN][4:8] == [
        "Section 80G",
        REGISTRATION["registration_number"],
        REGISTRATION["registration_date"],
        "Asha Rao",
    ]
    assert body[PAN][-1] == "750"
    assert body["AAACT9999Z"][-1] == "100"
    audited = AuditEntry.objects.filter(
        action="exported", note__contains="Form 10BD statement for 2026-27"
    )
    assert audited.count() == 3
    assert staff.get(FORM_10BD, {"year": "2026"}).status_code == 400


def test_the_statement_is_for_fundraising_only_and_off_without_registration(
    client, eighty_g, settings
):
    reporter = User.objects.create_user("reporter", password="x", is_staff=True)
    client.force_login(reporter)
    assert client.get(FORM_10BD).status_code in {302, 403}
    client.force_login(_fundraiser())
    settings.DONATIONS_80G = {**REGISTRATION, "registration_number": ""}
    assert client.get(FORM_10BD).status_code == 404
