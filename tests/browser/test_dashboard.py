import pytest

from articles.tests.factories import make_article, make_member
from comments.models import Comment
from newsroom import roles
from newsroom.models import AuditEntry
from ticker.models import TickerItem

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"  # make_member's


def _sign_in_to_dashboard(page, live_server, username):
    page.goto(f"{live_server.url}/dashboard/")
    # Anonymous: the admin's sign-in, which leads back to the dashboard.
    page.wait_for_url(f"{live_server.url}/admin/login/?next=/dashboard/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


def test_a_moderator_approves_a_readers_comment_and_sees_it_on_the_article(
    live_server, browser, page
):
    article = make_article(headline="Yamuna crosses the danger mark")
    make_member("shiftmod", roles.MODERATOR)

    reader = browser.new_context().new_page()
    reader.set_default_timeout(10_000)
    reader.goto(live_server.url + article.get_absolute_url())
    form = reader.locator("form.comment-form[data-cached-form]")
    form.get_by_role("textbox", name="Name").fill("Farah Naqvi")
    form.get_by_role("textbox", name="Email").fill("farah@example.org")
    form.get_by_role("textbox", name="Comment").fill("Residents of Mayur Vihar were moved at dawn.")
    reader.get_by_role("button", name="Post comment").click()
    reader.wait_for_url(f"**/comments/{article.pk}/held/")
    comment = Comment.objects.get()

    _sign_in_to_dashboard(page, live_server, "shiftmod")
    assert page.locator('[data-count="comments-waiting"]').inner_text() == "1"
    assert_no_serious_axe_violations(page, "the dashboard landing page")
    page.get_by_role("button", name="Approve the comment by Farah Naqvi").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert "Approved 1 comment" in page.get_by_role("status").inner_text()
    assert page.locator('[data-count="comments-waiting"]').inner_text() == "0"

    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_role("heading", name="Comments (1)").is_visible()
    assert "Residents of Mayur Vihar" in page.locator(f"#comment-{comment.pk}").inner_text()
    assert AuditEntry.objects.get(action="approved").actor_name == "shiftmod"
    assert page.console_errors == []
    reader.context.close()


def test_an_editor_adds_a_ticker_item_that_reaches_an_open_reader_page(live_server, browser, page):
    article = make_article(headline="Cabinet meets on heat action plan")
    make_member("deskeditor", roles.EDITOR)

    reader = browser.new_context().new_page()
    reader.set_default_timeout(10_000)
    # The reader's page keeps its own clock, so its one-minute refresh can be run at once.
    reader.clock.install()
    reader.goto(live_server.url + article.get_absolute_url())
    assert reader.locator("[data-island='ticker']").count() == 1
    assert "Schools shut" not in reader.locator("[data-island='ticker']").inner_text()

    _sign_in_to_dashboard(page, live_server, "deskeditor")
    page.get_by_role("link", name="Ticker", exact=True).click()
    page.get_by_label("Text").fill("Schools shut in Delhi till Friday")
    page.get_by_label("Urgency").select_option("breaking")
    page.get_by_role("button", name="Add to the ticker").click()
    page.wait_for_url(f"{live_server.url}/dashboard/ticker/")
    assert "it is live now" in page.get_by_role("status").inner_text()
    assert TickerItem.objects.live().get().created_by.username == "deskeditor"

    reader.clock.run_for(61_000)
    strip = reader.locator("[data-island='ticker']")
    strip.get_by_text("Schools shut in Delhi till Friday").first.wait_for(
        state="attached", timeout=10_000
    )
    assert page.console_errors == []
    reader.context.close()
