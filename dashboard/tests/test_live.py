"""The live panel: start coverage, post updates fast (also from a phone), pin, delete, end."""

import pytest
from django.urls import reverse

from articles.models import Article, LiveStatus
from articles.tests.factories import make_article, make_member
from live.models import LiveCoverage, LiveEntry
from live.tests.factories import make_coverage, make_entry
from newsroom import roles
from newsroom.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(client):
    user = make_member("on-the-scene", roles.REPORTER)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = make_member("desk-editor", roles.EDITOR)
    client.force_login(user)
    return user


def test_the_desk_starts_coverage_of_a_published_story(client, editor):
    story = make_article(headline="Budget day")
    page = client.get(reverse("dashboard:live"))
    assert "Budget day" in page.content.decode()
    response = client.post(reverse("dashboard:live_start"), {"article": story.pk})
    coverage = LiveCoverage.objects.get(article=story)
    assert response["Location"] == reverse("dashboard:live_coverage", args=[coverage.pk])
    assert Article.objects.get(pk=story.pk).live_status == LiveStatus.LIVE
    # Once live, it is no longer offered.
    assert client.post(reverse("dashboard:live_start"), {"article": story.pk}).status_code == 400


def test_a_reporter_posts_an_update_that_readers_see(client, reporter):
    coverage = make_coverage()
    url = reverse("dashboard:live_coverage", args=[coverage.pk])
    page = client.get(url).content.decode()
    assert 'id="live-entry-form-' in page
    assert "End the coverage" not in page  # the desk's decision
    response = client.post(
        reverse("dashboard:live_post", args=[coverage.pk]),
        {"title": "Finance minister rises", "body": "<p>The speech has <em>begun</em>.</p>"},
    )
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert (entry.author, entry.title) == (reporter, "Finance minister rises")
    assert AuditEntry.objects.filter(object_id=entry.pk, action="posted").exists()
    story = client.get(coverage.article.get_absolute_url()).content.decode()
    assert "Finance minister rises" in story
    assert "<em>begun</em>" in story


def test_an_empty_update_is_refused_with_a_message_and_the_text_kept(client, reporter):
    coverage = make_coverage()
    response = client.post(
        reverse("dashboard:live_post", args=[coverage.pk]),
        {"quote_source": "The minister"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The update was not posted" in html
    assert "Give the quote" in html
    assert 'value="The minister"' in html
    assert not LiveEntry.objects.exists()


def test_pin_and_delete_from_the_list(client, reporter):
    coverage = make_coverage()
    entry = make_entry(coverage=coverage, title="Dam gates opened")
    client.post(reverse("dashboard:live_entry_pin", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.pinned
    client.post(reverse("dashboard:live_entry_pin", args=[entry.pk]))
    entry.refresh_from_db()
    assert not entry.pinned
    client.post(reverse("dashboard:live_entry_delete", args=[entry.pk]))
    assert not LiveEntry.objects.exists()
    assert AuditEntry.objects.filter(object_id=entry.pk, action="deleted").exists()


def test_the_desk_ends_coverage_with_a_summary(client, editor):
    coverage = make_coverage()
    end = reverse("dashboard:live_end", args=[coverage.pk])
    refused = client.post(end, {"summary": ""})
    assert refused.status_code == 400
    assert "not ended" in refused.content.decode()
    client.post(end, {"summary": "<p>The budget passed.</p>"})
    coverage.refresh_from_db()
    assert not coverage.is_running
    assert "The budget passed." in coverage.summary
    page = client.get(reverse("dashboard:live_coverage", args=[coverage.pk])).content.decode()
    assert 'id="live-entry-form-' not in page  # nothing more to post


def test_a_reporter_may_not_end_coverage(client, reporter):
    coverage = make_coverage()
    response = client.post(
        reverse("dashboard:live_end", args=[coverage.pk]), {"summary": "<p>Over.</p>"}
    )
    assert response.status_code == 403
    coverage.refresh_from_db()
    assert coverage.is_running


def test_an_update_becomes_a_story_draft(client, reporter):
    coverage = make_coverage(article=make_article(headline="Floods", dateline_place="GUWAHATI"))
    entry = make_entry(
        coverage=coverage,
        title="Bridge on NH-27 washed away",
        body="<p>Traffic to Silchar is cut off.</p>",
        quote="We are building a bypass.",
        quote_source="PWD engineer",
    )
    response = client.post(reverse("dashboard:live_entry_promote", args=[entry.pk]))
    draft = Article.objects.get(headline="Bridge on NH-27 washed away")
    assert response["Location"] == reverse("admin:articles_article_change", args=[draft.pk])
    assert (draft.status, draft.created_by, draft.section) == (
        Article.Status.DRAFT,
        reporter,
        coverage.article.section,
    )
    assert draft.dateline_place == "GUWAHATI"
    assert "Traffic to Silchar is cut off." in draft.body
    assert "We are building a bypass." in draft.body
    assert "PWD engineer" in draft.body
    assert AuditEntry.objects.filter(object_id=entry.pk, action="promoted").exists()
    # The reporter may go on writing it.
    assert client.get(response["Location"]).status_code == 200


def test_the_desk_sends_an_update_to_the_ticker(client, editor):
    from ticker.models import TickerItem

    coverage = make_coverage()
    entry = make_entry(coverage=coverage, title="Sensex falls 800 points")
    client.post(reverse("dashboard:live_entry_ticker", args=[entry.pk]))
    item = TickerItem.objects.live().get()
    assert item.text == "Sensex falls 800 points"
    assert item.link_url.endswith(f"{coverage.article.get_absolute_url()}#entry-{entry.pk}")
    strip = client.get("/islands/ticker/").content.decode()
    assert "Sensex falls 800 points" in strip
    assert f"#entry-{entry.pk}" in strip


def test_the_overview_lists_the_stories_covered_live(client, reporter):
    coverage = make_coverage(article=make_article(headline="Assembly results"))
    html = client.get(reverse("dashboard:index")).content.decode()
    assert "Assembly results" in html
    assert reverse("dashboard:live_coverage", args=[coverage.pk]) in html


def test_an_update_gets_its_picture_from_the_library_chooser(client, reporter):
    from images.tests.factories import make_image

    coverage = make_coverage()
    older = make_image(caption="Boats at the jetty")
    for _ in range(45):  # more than any short list would offer
        make_image(size=(60, 40))
    page = client.get(reverse("dashboard:live_coverage", args=[coverage.pk])).content.decode()
    assert 'data-image-chooser data-chooser-url="/admin/images/image/chooser/"' in page
    assert "images/chooser.js" in page
    assert "Boats at the jetty" not in page  # no list of captions: the dialog searches them all
    response = client.post(
        reverse("dashboard:live_post", args=[coverage.pk]),
        {"title": "Boats return", "image": str(older.pk), "image_caption": ""},
    )
    assert response.status_code == 302
    assert LiveEntry.objects.get().image == older
