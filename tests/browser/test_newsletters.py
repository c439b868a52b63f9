"""A reader signs up for the newsletter on a phone, and the e-mail reads on one (375 px)."""

import re

import pytest
from django.core import mail

from articles.tests.factories import make_article
from images.tests.factories import make_image
from newsletters import briefing
from newsletters.models import Issue, Subscription
from newsletters.tests.factories import make_newsletter

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 800}


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_reader_signs_up_from_a_story_on_a_phone_and_confirms(live_server, page, settings):
    settings.PAGE_CACHE_ENABLED = True
    make_newsletter(name="Morning briefing", is_default=True)
    article = make_article(headline="Monsoon arrives over Kerala")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + article.get_absolute_url())
    assert _no_sideways_scroll(page)
    form = page.locator("#newsletter-form-article")
    # The page came from the cache without a token; the script fetches one as the form is used.
    assert form.locator("input[name=csrfmiddlewaretoken]").count() == 0
    form.get_by_role("textbox", name="E-mail address").fill("asha@example.org")
    form.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/newsletters/subscribe/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"
    assert _no_sideways_scroll(page)
    assert page.console_errors == []
    [message] = mail.outbox
    link = re.search(r"http://\S+/newsletters/confirm/\S+?/", message.body).group(0)
    page.goto(live_server.url + link[link.index("/newsletters/") :])
    page.get_by_role("button", name="Yes, subscribe me").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are subscribed"
    assert Subscription.objects.get().status == Subscription.Status.CONFIRMED
    assert_no_serious_axe_violations(page, "the confirmation page")


def test_the_briefing_reads_on_a_phone(live_server, page, settings):
    settings.SITE_URL = live_server.url  # the pictures' absolute addresses, on this server
    newsletter = make_newsletter(name="Morning briefing")
    story = make_article(
        headline="Monsoon arrives over Kerala, a day early, after a week of heat",
        lead_image=make_image(size=(1600, 1000), alt_text="Clouds over Kochi", credit="PTI"),
    )
    issue = Issue.objects.create(
        newsletter=newsletter, subject="Briefing", intro="Good morning. " * 20
    )
    issue.placements.create(article=story)
    html, _text = briefing.render_issue(issue)
    html = briefing.personalise(html, unsubscribe_url="#u", preferences_url="#p")
    page.set_viewport_size(PHONE)
    page.set_content(html)
    assert _no_sideways_scroll(page)
    picture = page.get_by_role("img", name="Clouds over Kochi")
    box = picture.bounding_box()
    assert 300 < box["width"] <= 375
    assert page.evaluate("document.querySelector('img').naturalWidth") > 0  # it loaded


def test_an_editor_sends_breaking_news_from_the_storys_page_in_two_presses(
    live_server, page, mailoutbox
):
    from articles.tests.factories import make_member
    from newsletters.models import Newsletter
    from newsletters.tests.factories import make_subscriber
    from newsroom import roles

    from .conftest import login_to_admin

    breaking = make_newsletter(name="Breaking news", kind=Newsletter.Kind.BREAKING)
    make_subscriber("asha@example.org", newsletters=[breaking])
    story = make_article(headline="Earthquake in Assam")
    make_member("desk", roles.EDITOR)
    login_to_admin(page, live_server, "desk", "pw-for-tests")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    button = page.locator(".object-tools").get_by_role("button", name="Breaking news e-mail")
    # It sits among the story's other tools, looking like them.
    assert button.is_visible()
    assert button.evaluate("b => getComputedStyle(b).textTransform") == "uppercase"
    button.click()  # one
    page.wait_for_url("**/admin/newsletters/issue/*/change/")
    assert page.locator("iframe.newsletters-issue__preview").count() == 1
    page.get_by_role("button", name="Send now to 1 reader").click()  # two
    page.wait_for_url("**/admin/newsletters/issue/*/change/")
    issue = Issue.objects.get()
    assert issue.status != Issue.Status.DRAFT
    assert [message.subject for message in mailoutbox] == ["Breaking: Earthquake in Assam"]
    assert page.console_errors == []
