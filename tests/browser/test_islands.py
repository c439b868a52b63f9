"""islands.js in a real browser: a page may hold a new state back until the reader asks."""

import pytest
from playwright.sync_api import expect

from articles.tests.factories import make_article
from ticker.tests.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True)

HOLD_BACK = """() => {
  const island = document.querySelector("[data-island='ticker']");
  window.heldStates = [];
  island.addEventListener("island:incoming", (event) => {
    event.preventDefault();
    window.heldStates.push(event.detail);
  });
}"""


def test_a_page_can_hold_a_new_state_until_the_reader_asks(live_server, page):
    article = make_article(headline="Polling day in three states")
    make_item(text="Turnout at 40 percent by noon")
    page.clock.install()
    page.goto(live_server.url + article.get_absolute_url())
    strip = page.locator("[data-island='ticker']")
    expect(strip).to_contain_text("Turnout at 40 percent by noon")
    page.evaluate(HOLD_BACK)

    make_item(text="Counting starts on Saturday")
    page.clock.run_for(61_000)
    # (wait_for_function would evaluate a string, which the page's CSP rightly refuses)
    for _ in range(100):
        if page.evaluate("() => window.heldStates.length") == 1:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("() => window.heldStates.length") == 1
    assert "Counting starts on Saturday" not in strip.inner_text()  # held back

    page.evaluate("window.heldStates[0].apply()")  # the reader pressed "show new updates"
    expect(strip).to_contain_text("Counting starts on Saturday")
    assert page.console_errors == []
