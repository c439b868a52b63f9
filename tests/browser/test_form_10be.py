"""Fundraising attaches the year's Form 10BE certificates (the portal's ZIP) in the admin and
each donor is e-mailed theirs."""

import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.tests.factories import make_member
from donations.models import Donation, TaxCertificate
from donations.pan import encrypt_pan, mask_pan
from donations.tests.factories import make_appeal, make_donation
from donations.tests.test_form_10be import certificate_pdf
from newsroom import roles

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

DONORS = {"ABCPE1234F": "asha@example.com", "XYZPK9876Q": "kiran@example.com"}


def test_fundraising_attaches_the_portals_bundle_and_the_donors_are_mailed(
    live_server, page, settings, mailoutbox, tmp_path
):
    settings.DONATIONS_80G = {"registration_number": "AABTN1234FE20214", "pan": "AABTN1234F"}
    appeal = make_appeal()
    for pan, email in DONORS.items():
        make_donation(
            appeal=appeal,
            email=email,
            status=Donation.Status.PAID,
            paid_at=datetime(2025, 8, 15, 12, tzinfo=ZoneInfo("Asia/Kolkata")),
            wants_80g=True,
            tax_name=email.split("@")[0].title(),
            tax_address="Pune",
            pan_encrypted=encrypt_pan(pan),
            pan_masked=mask_pan(pan),
        )
    bundle = tmp_path / "10BE-2025-26.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for number, pan in enumerate(DONORS):
            archive.writestr(f"certificate-{number}.pdf", certificate_pdf(pan))
    make_member("fundraiser", roles.FUNDRAISING)
    # Fundraising staff land on their dashboard panel after signing in.
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("fundraiser")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/**")
    page.goto(f"{live_server.url}/admin/donations/taxcertificate/form-10be/?year=2025-26")
    table = page.locator("table.form-10be__donors")
    assert "XXXXXX234F" in table.inner_text()
    assert "none yet" in table.inner_text()
    page.get_by_label(
        "Certificates (PDF files, or the ZIP downloaded from the portal)"
    ).set_input_files(str(bundle))
    page.get_by_label("Form 10BD acknowledgement number").fill("123456789012345")
    page.get_by_role("button", name="Attach", exact=True).click()
    report = page.locator(".form-10be__report")
    assert "2 certificates attached; 2 being e-mailed" in report.inner_text()
    assert table.inner_text().count("sent ") == 2
    assert sorted(message.to[0] for message in mailoutbox) == sorted(DONORS.values())
    assert TaxCertificate.objects.filter(sent_at__isnull=False).count() == 2
    assert_no_serious_axe_violations(page, "Form 10BE page")
    assert page.console_errors == []
