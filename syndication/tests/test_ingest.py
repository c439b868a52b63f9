# ruff: noqa: E501 - feeds are quoted as partners send them, long lines and all
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_member, make_section, make_staff
from newsroom import roles
from newsroom.models import AuditEntry
from syndication import ingest, services, tasks
from syndication.models import WireItem, WireSource

pytestmark = pytest.mark.django_db

# Shaped like a real agency feed: namespaces, CDATA bodies, RFC 822 dates, a tracking pixel,
# an inline script and an event handler that must not survive.
RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Partner Wire: India</title>
    <link>https://partner.example/india</link>
    <atom:link href="https://partner.example/india/rss" rel="self" type="application/rss+xml"/>
    <description>Top stories</description>
    <item>
      <title>Cyclone Dana makes landfall near Puri</title>
      <link>https://partner.example/india/cyclone-dana-landfall?utm_source=rss</link>
      <guid isPermaLink="false">PW-2026-12-03-0041</guid>
      <dc:creator>Staff Correspondent</dc:creator>
      <category domain="https://partner.example/desks">National</category>
      <category>Weather</category>
      <pubDate>Thu, 03 Dec 2026 05:12:00 +0530</pubDate>
      <description><![CDATA[Winds of 110 km/h <b>uprooted</b> trees.]]></description>
      <content:encoded><![CDATA[<p onclick="steal()">Winds of 110 km/h uprooted trees along the coast.</p>
        <script>alert('x')</script><img src="https://track.example/p.gif" width="1" height="1">
        <p>Evacuations <a href="javascript:alert(1)">continue</a>.</p>]]></content:encoded>
    </item>
    <item>
      <title>Sensex closes at record high</title>
      <link>https://partner.example/business/sensex-record</link>
      <guid>https://partner.example/business/sensex-record</guid>
      <category>  MARKETS </category>
      <pubDate>Thu, 03 Dec 2026 16:05:00 +0530</pubDate>
      <description>Banks led the gains.</description>
    </item>
  </channel>
</rss>"""

NINJS = b"""{"items": [
  {"uri": "urn:partner:story:881", "type": "text", "version": "1", "urgency": 2,
   "language": "hi", "headlines": [{"role": "main", "value": "\\u092c\\u093e\\u0922\\u093c \\u0915\\u0940 \\u091a\\u0947\\u0924\\u093e\\u0935\\u0928\\u0940"}],
   "descriptions": [{"role": "summary", "value": "Flood warning."}],
   "bodies": [{"contenttype": "text/html", "value": "<p>Rivers rise.</p><iframe src=x></iframe>"}],
   "subjects": [{"name": "Disaster", "code": "medtop:03000000",
                 "uri": "http://cv.iptc.org/newscodes/mediatopic/03000000"}, {"name": 7}],
   "by": "Partner Hindi Desk", "firstcreated": "2026-12-03T04:00:00+00:00"}
]}"""


@pytest.fixture
def source():
    india = make_section(name="India", slug="india")
    return WireSource.objects.create(
        name="Partner Wire", credit="Partner Wire", fallback_section=india
    )


def test_a_real_world_rss_feed_comes_in_clean(source):
    assert services.wire_ingest(source=source, data=RSS) == 2
    cyclone = WireItem.objects.get(source_item_id="PW-2026-12-03-0041")
    assert cyclone.headline == "Cyclone Dana makes landfall near Puri"
    assert cyclone.byline == "Staff Correspondent"
    assert cyclone.summary == "Winds of 110 km/h uprooted trees."
    assert cyclone.published_at == datetime(2026, 12, 2, 23, 42, tzinfo=UTC)
    for hostile in ("onclick", "<script", "alert", "javascript:", "<img", "track.example"):
        assert hostile not in cyclone.body
    assert "<p>Winds of 110 km/h uprooted trees along the coast.</p>" in cyclone.body
    assert WireItem.objects.get(source_item_id__endswith="sensex-record").summary == (
        "Banks led the gains."
    )


def test_duplicates_are_never_taken_twice(source):
    assert services.wire_ingest(source=source, data=RSS) == 2
    assert services.wire_ingest(source=source, data=RSS) == 0
    assert WireItem.objects.count() == 2
    # The same id from another source is another story.
    other = WireSource.objects.create(name="Other", credit="Other")
    assert services.wire_ingest(source=other, data=RSS) == 2


def test_a_ninjs_feed(source):
    assert services.wire_ingest(source=source, data=NINJS) == 1
    item = WireItem.objects.get()
    assert item.source_item_id == "urn:partner:story:881"
    assert item.urgency == 2
    assert item.language == "hi"
    assert item.headline == "बाढ़ की चेतावनी"
    assert item.body == "<p>Rivers rise.</p>"
    assert item.categories == [
        "Disaster",
        "medtop:03000000",
        "http://cv.iptc.org/newscodes/mediatopic/03000000",
    ]


def test_an_atom_feed(source):
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>P</title><id>urn:p</id><updated>2026-12-03T10:00:00Z</updated>
<entry><title>Atom story</title><id>urn:p:1</id><updated>2026-12-03T10:00:00Z</updated>
<link href="https://partner.example/a1"/><summary>Short.</summary><author><name>A. Writer</name></author>
<category term="sport" label="Sport"/><category term="cricket"/></entry>
</feed>"""
    assert services.wire_ingest(source=source, data=atom) == 1
    item = WireItem.objects.get()
    assert (item.headline, item.link, item.byline) == (
        "Atom story",
        "https://partner.example/a1",
        "A. Writer",
    )
    assert item.categories == ["sport", "cricket"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<rss><channel><item><title>&b;</title><guid>1</guid></item></channel></rss>",
            "DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><item><title>&x;</title><guid>1</guid></item></channel></rss>",
            "DTD",
        ),
        (b"<rss><channel><item><title>unclosed", "not well-formed"),
        (b"<html><body>Not a feed</body></html>", "neither RSS"),
        (b"\x00\x01binary", "neither"),
        (b'{"items": ', "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
        (b"<rss>" + b" " * (ingest.MAX_FEED_BYTES + 1) + b"</rss>", "larger than"),
    ],
)
def test_hostile_or_broken_feeds_are_refused_with_a_clear_message(source, data, message):
    with pytest.raises(ingest.FeedError, match=message):
        services.wire_ingest(source=source, data=data)
    source.refresh_from_db()
    assert source.last_error
    assert not WireItem.objects.exists()


def test_the_poll_task_reads_due_sources_and_records_problems(source, monkeypatch):
    source.url = "https://partner.example/india/rss"
    source.save()
    monkeypatch.setattr(services, "fetch_feed", lambda url: RSS)
    assert tasks.poll_wires.call() == 2
    assert WireItem.objects.count() == 2
    # Not due again yet.
    assert tasks.poll_wires.call() == 0
    WireSource.objects.update(last_polled_at=timezone.now() - timedelta(hours=1))

    def broken(url):
        raise ingest.FeedError("The feed answered HTTP 500.")

    monkeypatch.setattr(services, "fetch_feed", broken)
    assert tasks.poll_wires.call() == 0
    source.refresh_from_db()
    assert source.last_error == "The feed answered HTTP 500."


def test_one_click_to_a_draft_keeping_the_credit(source, client):
    services.wire_ingest(source=source, data=RSS)
    item = WireItem.objects.get(source_item_id="PW-2026-12-03-0041")
    reporter = make_member("writer", roles.REPORTER)
    client.force_login(reporter)
    page = client.get("/dashboard/wire/")
    assert page.status_code == 200
    assert "Cyclone Dana makes landfall near Puri" in page.content.decode()
    response = client.post(f"/dashboard/wire/{item.pk}/draft/")
    assert response.status_code == 302
    article = Article.objects.get(headline="Cyclone Dana makes landfall near Puri")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == reporter
    assert "Source: Partner Wire (Staff Correspondent)" in article.body
    assert AuditEntry.objects.filter(action="drafted from wire", object_id=article.pk).exists()
    item.refresh_from_db()
    assert item.draft == article
    # A second click makes no second draft.
    client.post(f"/dashboard/wire/{item.pk}/draft/")
    assert Article.objects.filter(headline=article.headline).count() == 1


def test_the_wire_panel_searches(source, client):
    services.wire_ingest(source=source, data=RSS)
    client.force_login(make_member("writer", roles.REPORTER))
    html = client.get("/dashboard/wire/", {"q": "sensex"}).content.decode()
    assert "Sensex closes at record high" in html
    assert "Cyclone Dana" not in html


def test_the_wire_panel_is_for_those_who_write(source, client):
    client.force_login(make_member("mod", roles.MODERATOR))
    assert client.get("/dashboard/wire/").status_code == 403
    client.force_login(make_staff("nobody"))
    assert client.get("/dashboard/wire/").status_code == 403


def test_a_file_dropped_in_the_admin(source, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_member("wiredesk", roles.SYNDICATION))
    url = f"/admin/syndication/wiresource/{source.pk}/upload/"
    assert client.get(url).status_code == 200
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "a">]><rss><channel/></rss>'
    refused = client.post(url, {"file": SimpleUploadedFile("bad.xml", bomb)})
    assert refused.status_code == 400
    assert "DTD" in refused.content.decode()
    taken = client.post(url, {"file": SimpleUploadedFile("feed.xml", RSS)})
    assert taken.status_code == 302
    assert WireItem.objects.count() == 2
    assert AuditEntry.objects.filter(action="wire file ingested", object_id=source.pk).exists()


def test_the_dashboard_landing_shows_the_latest_from_the_wire(source, client):
    services.wire_ingest(source=source, data=RSS)
    client.force_login(make_member("writer", roles.REPORTER))
    html = client.get("/dashboard/").content.decode()
    assert "From the wire" in html
    assert "Cyclone Dana makes landfall near Puri" in html


def _rule(source, category, section):
    from syndication.models import WireSectionRule

    return WireSectionRule.objects.create(source=source, category=category, section=section)


def test_drafts_go_to_the_section_the_wires_category_maps_to(source, client):
    business = make_section(name="Business", slug="business")
    weather = make_section(name="Weather desk", slug="weather")
    _rule(source, "Markets", business)
    _rule(source, "weather", weather)
    services.wire_ingest(source=source, data=RSS)
    editor = make_member("writer", roles.EDITOR)
    client.force_login(editor)
    page = client.get("/dashboard/wire/").content.decode()
    assert "Drafts go to <strong>Weather desk</strong>" in page
    assert "(category “Weather”)" in page
    assert "Drafts go to <strong>Business</strong>" in page

    cyclone = WireItem.objects.get(source_item_id="PW-2026-12-03-0041")
    sensex = WireItem.objects.exclude(pk=cyclone.pk).get()
    assert sensex.categories == ["MARKETS"]
    # The first of the story's categories with a rule decides ("National" has none).
    assert services.wire_item_to_draft(actor=editor, item=cyclone).section == weather
    # Capitals and spaces do not matter.
    assert services.wire_item_to_draft(actor=editor, item=sensex).section == business


def test_a_story_no_rule_maps_goes_to_the_fallback_chosen_for_the_wire(source):
    world = make_section(name="World", slug="world", position=0)
    assert services.wire_ingest(source=source, data=NINJS) == 1
    item = WireItem.objects.get()
    article = services.wire_item_to_draft(actor=make_member("writer", roles.EDITOR), item=item)
    # The fallback (India), not the first section in the navigation (World).
    assert article.section == source.fallback_section
    assert article.section != world
    audit = AuditEntry.objects.get(action="drafted from wire", object_id=article.pk)
    assert "India" in audit.note


def test_a_rule_can_name_a_subject_code(source):
    science = make_section(name="Science", slug="science")
    _rule(source, "MEDTOP:03000000", science)
    services.wire_ingest(source=source, data=NINJS)
    article = services.wire_item_to_draft(
        actor=make_member("writer", roles.EDITOR), item=WireItem.objects.get()
    )
    assert article.section == science


def test_without_a_rule_or_a_fallback_no_draft_is_made_and_the_desk_is_told(client):
    make_section(name="India", slug="india")
    bare = WireSource.objects.create(name="Bare Wire", credit="Bare")
    services.wire_ingest(source=bare, data=RSS)
    item = WireItem.objects.get(source_item_id="PW-2026-12-03-0041")
    client.force_login(make_member("writer", roles.EDITOR))
    assert "No section for this story" in client.get("/dashboard/wire/").content.decode()
    response = client.post(f"/dashboard/wire/{item.pk}/draft/", follow=True)
    assert "has no fallback section" in response.content.decode()
    assert not Article.objects.exists()
    item.refresh_from_db()
    assert item.draft is None


def test_the_admin_asks_for_the_fallback_and_keeps_rules_inline(client):
    from syndication.models import WireSectionRule

    india = make_section(name="India", slug="india")
    sport = make_section(name="Sport", slug="sport")
    client.force_login(make_member("wiredesk", roles.SYNDICATION))
    form = {
        "name": "New Wire",
        "credit": "NW",
        "url": "",
        "poll_minutes": "15",
        "is_active": "on",
        "section_rules-TOTAL_FORMS": "1",
        "section_rules-INITIAL_FORMS": "0",
        "section_rules-0-category": " Cricket ",
        "section_rules-0-section": str(sport.pk),
    }
    refused = client.post("/admin/syndication/wiresource/add/", form)
    assert refused.status_code == 200
    assert not WireSource.objects.filter(name="New Wire").exists()
    response = client.post(
        "/admin/syndication/wiresource/add/", {**form, "fallback_section": str(india.pk)}
    )
    assert response.status_code == 302
    source = WireSource.objects.get(name="New Wire")
    assert source.fallback_section == india
    assert WireSectionRule.objects.get(source=source).category == "cricket"
