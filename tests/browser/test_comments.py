import pytest
from playwright.sync_api import expect

from articles.tests.factories import make_article, make_staff
from comments.models import Comment
from comments.services import comment_approve

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def _fill(page, body):
    form = page.locator("form.comment-form[data-cached-form]")
    form.get_by_role("textbox", name="Name").fill("Asha Wankhede")
    form.get_by_role("textbox", name="Email").fill("asha@example.org")
    form.get_by_role("textbox", name="Comment").fill(body)


def test_reader_comments_from_the_article_page_in_one_step(live_server, page):
    article = make_article(headline="Heatwave closes schools early")
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_role("heading", name="Comments (0)").is_visible()
    # The form came without a token; the script fetches one before the post.
    _fill(page, "Please remind readers to check on elderly neighbours.\nThank you.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(f"**/comments/{article.pk}/held/")
    assert "held for moderation" in page.get_by_role("heading", level=1).inner_text()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "Please remind readers to check on elderly neighbours.\nThank you."
    assert page.console_errors == []

    comment_approve(comment=comment, actor=make_staff())
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_role("heading", name="Comments (1)").is_visible()
    assert page.locator(f"#comment-{comment.pk}").inner_text().endswith("Thank you.")
    assert_no_serious_axe_violations(page, "the article page with a comment")


def test_a_too_long_comment_gets_an_error_and_keeps_the_text(live_server, page):
    article = make_article()
    page.goto(live_server.url + article.get_absolute_url())
    _fill(page, "x")
    # Bypass the browser's own maxlength, as a pasted or scripted comment might.
    page.locator("#id_body").evaluate("el => { el.removeAttribute('maxlength'); }")
    page.locator("#id_body").fill("y" * 2001)
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(f"**/comments/{article.pk}/post/")
    assert "Please shorten your comment to 2,000 characters" in page.content()
    assert page.locator("#id_name").input_value() == "Asha Wankhede"
    assert not Comment.objects.exists()
    assert_no_serious_axe_violations(page, "the comment form with an error")


def test_an_approved_comment_appears_on_an_open_cached_page_and_is_announced(
    live_server, browser, page, settings
):
    settings.PAGE_CACHE_ENABLED = True
    article = make_article(headline="Metro line opens to the airport")
    comment = Comment.objects.create(
        article=article, name="Ravi Menon", email="ravi@example.org", body="Finally, a fast ride."
    )
    moderator = make_staff()
    page.request.get(live_server.url + "/")  # the site's first request makes its settings row
    page.clock.install()  # the page's own clock, so its poll can be run at once
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_role("heading", name="Comments (0)").is_visible()

    comment_approve(comment=comment, actor=moderator)
    response = page.request.get(live_server.url + article.get_absolute_url())
    assert response.headers["x-page-cache"] == "hit"  # the page itself stays cached

    page.clock.run_for(61_000)
    expect(page.get_by_role("heading", name="Comments (1)")).to_be_visible()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Finally, a fast ride.")
    # Said once, politely, to screen-reader users; the list itself does not shout.
    expect(page.locator("[role=status][aria-live=polite]")).to_have_text("Comments (1)")
    assert page.console_errors == []
