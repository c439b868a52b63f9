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
