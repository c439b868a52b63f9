from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article
from articles.tests.factories import make_article, make_section, make_staff
from donations.tests.factories import make_appeal
from images.tests.factories import make_image
from newsletters import briefing, services
from newsletters.models import Issue, Newsletter

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db

IST = ZoneInfo("Asia/Kolkata")


def at_ist(hour, minute=0, day=None):
    # Yesterday by default: its times have passed by the real clock, which published() reads, at
    # whatever hour the suite runs (today's 07:00 IST is still to come before 01:30 UTC).
    day = day or datetime.now(IST).date() - timedelta(days=1)
    return datetime.combine(day, time(hour, minute), IST)


@pytest.fixture
def morning(db):
    return make_newsletter(
        name="Morning briefing",
        kind=Newsletter.Kind.BRIEFING,
        send_time=time(7, 0),
        stories_per_section=2,
    )


def test_the_briefing_is_assembled_once_at_its_ist_time(morning):
    assert services.briefings_due(now=at_ist(6, 59)) == []
    [issue] = services.briefings_due(now=at_ist(7, 0))
    assert issue.newsletter == morning
    assert issue.edition_date == at_ist(7).date()
    assert issue.status == Issue.Status.DRAFT  # waits for an editor
    assert services.briefings_due(now=at_ist(7, 1)) == []
    assert Issue.objects.count() == 1


def test_a_scheduler_that_was_down_does_not_send_a_stale_morning_briefing(morning):
    assert services.briefings_due(now=at_ist(7) + services.BRIEFING_LATE_LIMIT + timedelta(1)) == []


def test_the_briefing_carries_each_sections_newest_stories_of_the_day(morning):
    now = at_ist(7)
    world, sport = make_section(name="World"), make_section(name="Sport")
    old = make_article(
        section=world, headline="Yesterday's news", publish_at=now - timedelta(days=2)
    )
    world_stories = [
        make_article(section=world, headline=f"World {n}", publish_at=now - timedelta(hours=n))
        for n in (1, 2, 3)
    ]
    make_article(
        section=world,
        headline="Not yet published",
        status=Article.Status.DRAFT,
        publish_at=None,
    )
    sport_story = make_article(
        section=sport, headline="Sport 1", publish_at=now - timedelta(hours=5)
    )
    chosen = briefing.briefing_articles(morning, now=now)
    assert set(chosen) == {world_stories[0], world_stories[1], sport_story}
    assert old not in chosen
    morning.sections.set([sport])
    assert briefing.briefing_articles(morning, now=now) == [sport_story]


def test_the_briefing_email_has_intro_stories_pictures_and_appeal(morning):
    picture = make_image(size=(1600, 1000), alt_text="Fishing boats at dawn", credit="PTI")
    story = make_article(headline="Monsoon reaches Kerala", lead_image=picture)
    make_appeal(title="Keep the wire free", lead="Readers fund our reporting.")
    issue = Issue.objects.create(
        newsletter=morning,
        subject="Briefing",
        intro="Good morning.\n\nA wet start.",
        include_appeal=True,
    )
    issue.placements.create(article=story, position=0)
    html, text = briefing.render_issue(issue)
    assert "Good morning." in html
    assert "A wet start." in text
    assert "Monsoon reaches Kerala" in html
    assert story.get_absolute_url() in text
    assert "Keep the wire free" in html
    assert "Keep the wire free" in text
    # A rendition, not the original upload, at an absolute address, with the alt text.
    assert "renditions/" in html
    assert picture.file.url not in html
    assert 'alt="Fishing boats at dawn"' in html
    assert 'width="1"' not in html
    # Responsive: a fluid column no wider than 600 px, readable on a phone.
    assert 'name="viewport"' in html
    assert "max-width:600px" in html


def test_an_automatic_briefing_goes_out_at_its_time(
    morning, mailoutbox, django_capture_on_commit_callbacks
):
    morning.send_automatically = True
    morning.save()
    make_subscriber("asha@example.org", newsletters=[morning])
    make_article(headline="Top story", publish_at=at_ist(6))
    with django_capture_on_commit_callbacks(execute=True):
        [issue] = services.briefings_due(now=at_ist(7))
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    [message] = mailoutbox
    assert "Top story" in message.body


def test_breaking_from_a_story_makes_a_draft_to_preview(db):
    editor = make_staff("desk", is_superuser=True)
    make_newsletter(name="Breaking news", kind=Newsletter.Kind.BREAKING)
    story = make_article(headline="Earthquake in Assam")
    issue = services.breaking_create(article=story, actor=editor)
    assert issue.subject == "Breaking: Earthquake in Assam"
    assert list(issue.articles.all()) == [story]
    assert issue.status == Issue.Status.DRAFT
    draft = make_article(headline="Unchecked", status=Article.Status.DRAFT, publish_at=None)
    with pytest.raises(services.ValidationError):
        services.breaking_create(article=draft, actor=editor)
