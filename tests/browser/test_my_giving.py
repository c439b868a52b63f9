"""The journey the issue names: a reader starts a monthly sandbox gift, opens "My giving" from
the e-mailed link, sees the gift and its receipt, and cancels it."""

import re

import pytest

from donations.models import RecurringGift
from donations.tests.factories import make_appeal

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_starts_a_monthly_gift_sees_it_in_my_giving_and_cancels_it(
    live_server, page, mailoutbox
):
    make_appeal(offer_monthly=True)
    page.goto(live_server.url + "/support/?amount=250&frequency=monthly")
    page.get_by_label("Your name").fill("Asha Verma")
    page.get_by_label("Email").fill("asha@example.com")
    page.get_by_role("button", name=re.compile(r"^Give ₹250")).click()
    page.wait_for_url("**/support/sandbox/**")
    page.get_by_role("button", name="Pay ₹250").click()
    page.wait_for_url("**/support/thanks/**")
    page.get_by_role("link", name="My giving").click()

    page.get_by_label("The e-mail address you gave with").fill("asha@example.com")
    page.get_by_role("button", name="Send me a link").click()
    assert "Check your inbox" in page.locator("main").inner_text()
    link = re.search(r"https?://\S+/support/my-giving/open/\S+/", mailoutbox[-1].body).group(0)
    page.goto(live_server.url + link[link.index("/support/") :])
    page.get_by_role("button", name="Show my gifts").click()
    page.wait_for_url("**/support/my-giving/gifts/")
    main = page.locator("main")
    assert "₹250 a month" in main.inner_text()
    assert "Active" in main.inner_text()
    assert_no_serious_axe_violations(page, "My giving")

    page.get_by_role("button", name="Cancel this gift").click()
    page.wait_for_url("**/support/my-giving/gifts/")
    assert "Your monthly gift is cancelled" in page.locator("main").inner_text()
    assert RecurringGift.objects.get().status == RecurringGift.Status.CANCELLED


def test_a_donor_sets_their_80g_details_and_downloads_their_form_10be(
    live_server, page, mailoutbox, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from donations import services
    from donations.certificates import read_pdf
    from donations.models import Donation
    from donations.selectors import form_10bd_donors
    from donations.tests.factories import make_donation
    from donations.tests.test_form_10be import certificate_pdf

    settings.DONATIONS_80G = {
        "registration_number": "AABTN1234FE20214",
        "registration_date": "2021-05-28",
        "name": "Newswire Trust",
        "pan": "AABTN1234F",
    }
    gift = make_donation(email="asha@example.com", status=Donation.Status.PAID)
    services.giving_link_send(email="asha@example.com")
    link = re.search(r"https?://\S+/support/my-giving/open/\S+/", mailoutbox[-1].body).group(0)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + link[link.index("/support/") :])
    page.get_by_role("button", name="Show my gifts").click()
    page.wait_for_url("**/support/my-giving/gifts/")
    page.get_by_role("textbox", name="PAN*", exact=True).fill("aaapl4321")
    page.get_by_label("Name as on your PAN").fill("Asha Verma")
    page.get_by_role("textbox", name="Address*", exact=True).fill("4 Lake View, Pune")
    page.get_by_role("button", name="Save my 80G details").click()
    assert "A PAN is ten characters" in page.locator("main").inner_text()
    page.get_by_role("textbox", name="PAN*", exact=True).fill("AAAPL4321K")
    page.get_by_role("button", name="Save my 80G details").click()
    page.wait_for_url("**/support/my-giving/gifts/")
    main = page.locator("main").inner_text()
    assert "Your 80G details are saved" in main
    assert "PAN XXXXXX321K" in main
    assert "AAAPL4321K" not in page.content()
    assert_no_serious_axe_violations(page, "My giving with 80G")

    # Fundraising attaches the certificate the portal made from the next Form 10BD.
    year = gift.paid_at.year if gift.paid_at.month >= 4 else gift.paid_at.year - 1
    year = f"{year}-{(year + 1) % 100:02d}"
    [donor] = form_10bd_donors(year)
    file = SimpleUploadedFile("10be.pdf", certificate_pdf("AAAPL4321K"))
    services.tax_certificate_attach(
        year=year, donor=donor, certificate=read_pdf(file.name, file.read()), actor=None
    )
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Form 10BE for {year} (PDF)").click()
    assert download.value.suggested_filename == f"form-10be-{year}.pdf"
