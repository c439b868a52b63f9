import pytest

from articles.models import Article
from articles.tests.factories import make_member, make_section
from newsroom import roles
from syndication import services
from syndication.models import WireSectionRule, WireSource
from syndication.tests.test_ingest import RSS

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests"  # make_member's


def test_the_api_documentation_works_under_the_strict_csp(live_server, page):
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/changes", exact=False).first.wait_for()
    assert "Newsroom wire API" in page.content()
    csp = [error for error in page.console_errors if "Content Security Policy" in error]
    assert csp == [], csp


def test_a_reporter_turns_a_wire_story_into_a_draft(live_server, page):
    india = make_section(name="India", slug="india")
    weather = make_section(name="Weather", slug="weather")
    source = WireSource.objects.create(
        name="Partner Wire", credit="Partner Wire", fallback_section=india
    )
    WireSectionRule.objects.create(source=source, category="weather", section=weather)
    services.wire_ingest(source=source, data=RSS)
    make_member("wirereader", roles.REPORTER)
    page.goto(f"{live_server.url}/dashboard/wire/")
    page.get_by_label("Username").fill("wirereader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/wire/")
    assert_no_serious_axe_violations(page, "the Wire panel")
    page.get_by_label("Search the wire").fill("cyclone")
    page.get_by_role("button", name="Find on the wire").click()
    item = page.locator(".wire-item", has_text="Cyclone Dana makes landfall near Puri")
    assert "Drafts go to Weather" in item.inner_text()
    item.get_by_role("button", name="Make a draft").click()
    page.wait_for_url("**/admin/articles/article/*/change/")
    article = Article.objects.get(headline="Cyclone Dana makes landfall near Puri")
    assert article.status == Article.Status.DRAFT
    assert "Source: Partner Wire" in article.body
    assert article.section == weather
