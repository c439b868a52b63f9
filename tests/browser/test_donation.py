from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.tests.factories import make_article
from donations.models import Donation
from donations.tests.factories import make_appeal

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_gives_from_an_article_and_the_goal_moves(live_server, browser, page, settings):
    # With the page cache on, as in production: the bar must move on the cached page through its
    # island, on a page left open and on the cached copy the next reader gets.
    settings.PAGE_CACHE_ENABLED = True
    appeal = make_appeal(goal=200_000)
    article = make_article(
        headline="Reservoirs fall to a decade low", publish_at=timezone.now() - timedelta(hours=1)
    )
    page.request.get(live_server.url + "/")  # the site's first request makes its settings row
    # Another reader has the story open; their page keeps its own clock, so its poll can be run.
    other = browser.new_context().new_page()
    other.set_default_timeout(10_000)
    other.clock.install()
    other.goto(live_server.url + article.get_absolute_url())
    assert "₹0 of ₹2,00,000" in other.locator("aside.appeal").inner_text()

    page.goto(live_server.url + article.get_absolute_url())
    box = page.locator("aside.appeal")
    assert box.get_by_role("heading", name="Support Our Journalism").is_visible()
    assert "₹0 of ₹2,00,000" in box.inner_text()

    box.get_by_role("link", name="₹250", exact=True).click()
    page.wait_for_url("**/support/**")
    assert_no_serious_axe_violations(page, "/support/")
    page.get_by_label("Your name").fill("Asha Verma")
    page.get_by_label("Email").fill("asha@example.com")
    assert page.get_by_label("₹250", exact=True).is_checked()  # the amount chosen in the box
    page.get_by_role("button", name="Give ₹250", exact=True).click()  # says what it will charge

    page.wait_for_url("**/support/sandbox/**")
    page.get_by_role("button", name="Pay ₹250").click()
    page.wait_for_url("**/support/thanks/**")
    thanks = page.locator("main").inner_text()
    assert "Your contribution of ₹250 was received" in thanks
    assert "receipt number is NW-" in thanks
    assert_no_serious_axe_violations(page, "thank-you page")

    donation = Donation.objects.get(email="asha@example.com")
    assert donation.status == Donation.Status.PAID
    assert donation.amount_minor == 25_000
    assert donation.appeal == appeal

    # The open page: the island's next poll brings the new total, without a reload.
    other.clock.run_for(61_000)
    expect(other.locator("aside.appeal")).to_contain_text("₹250 of ₹2,00,000")
    other.context.close()

    # A new visit: the page itself still comes from the page cache (a gift does not empty it),
    # and its island brings the new total.
    page.clock.install()
    response = page.goto(live_server.url + article.get_absolute_url())
    assert response.headers.get("x-page-cache") == "hit"
    assert "₹0 of ₹2,00,000" in page.locator("aside.appeal").inner_text()  # as cached
    page.clock.run_for(61_000)
    expect(page.locator("aside.appeal")).to_contain_text("₹250 of ₹2,00,000")
    assert page.console_errors == []
