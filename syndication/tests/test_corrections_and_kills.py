import pytest

from articles import services as article_services
from articles.models import Article
from articles.tests.factories import make_author, make_member
from newsroom import roles
from newsroom.models import AuditEntry
from syndication.models import StoryVersion

from .factories import api, make_article, make_client, make_key, make_section, ninjs_validator

pytestmark = pytest.mark.django_db

CHANGES = "/api/v1/changes"


@pytest.fixture
def india():
    return make_section(name="India", slug="india")


@pytest.fixture
def subscriber(india):
    _key, secret = make_key(make_client(sections=[india]))
    return api(secret)


@pytest.fixture
def story(india, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(
            section=india,
            headline="Minister resigns over land deal",
            slug="minister-resigns",
            authors=[make_author()],
        )
    return article


def _valid(item):
    ninjs_validator().validate(item)
    return item


def test_a_correction_is_a_new_version_marked_as_one(
    story, subscriber, django_capture_on_commit_callbacks
):
    cursor = subscriber.get(CHANGES).json()["next"]
    with django_capture_on_commit_callbacks(execute=True):
        # A correction is a row of its own (articles.Correction, issue 20).
        story.corrections.create(text="An earlier version gave the wrong constituency.")
    change = subscriber.get(CHANGES, {"since": cursor}).json()["items"][0]
    assert change["action"] == "correct"
    item = _valid(change["item"])
    assert item["version"] == "2"
    assert item["ednote"] == "CORRECTION: An earlier version gave the wrong constituency."
    assert {"role": "correction", "value": story.correction} in item["descriptions"]
    assert AuditEntry.objects.filter(
        action="correction sent to clients", object_id=story.pk
    ).exists()
    # Saving again without a change sends nothing more; the next edit is an update.
    with django_capture_on_commit_callbacks(execute=True):
        story.save()
        story.headline = "Minister resigns over land deal, party says"
        story.save()
    versions = list(StoryVersion.objects.filter(story_id=story.pk).order_by("version"))
    assert [version.action for version in versions] == ["publish", "correct", "update"]
    assert "ednote" not in versions[-1].payload


def test_a_kill_reaches_clients_and_leaves_the_public_site_at_once(
    story, subscriber, client, django_capture_on_commit_callbacks
):
    assert client.get(story.get_absolute_url()).status_code == 200
    assert "minister-resigns" in client.get("/feed/").content.decode()
    cursor = subscriber.get(CHANGES).json()["next"]
    editor = make_member("desk", roles.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_kill(
            actor=editor, article=story, note="Court order of 3 December (defamation)."
        )
    # The public site: gone at once, from the page and the feeds.
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "minister-resigns" not in client.get("/feed/").content.decode()
    assert "minister-resigns" not in client.get("/").content.decode()
    # Clients: a kill notice in the feed and as the story's latest version.
    change = subscriber.get(CHANGES, {"since": cursor}).json()["items"][0]
    assert change["action"] == "kill"
    item = _valid(change["item"])
    assert item["pubstatus"] == "canceled"
    assert "Court order of 3 December (defamation)." in item["ednote"]
    assert "Remove this story" in item["ednote"]
    assert subscriber.get(f"/api/v1/items/{story.pk}").json()["pubstatus"] == "canceled"
    # Audited, both the kill and what clients were sent.
    actions = set(AuditEntry.objects.filter(object_id=story.pk).values_list("action", flat=True))
    assert {"killed", "kill sent to clients"} <= actions


def test_a_killed_story_cannot_go_out_again(story, django_capture_on_commit_callbacks):
    editor = make_member("desk", roles.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_kill(actor=editor, article=story, note="Legal.")
        story.refresh_from_db()
        assert article_services.available_moves(editor, story) == []
        with pytest.raises(article_services.WorkflowError, match="killed"):
            article_services.article_publish(actor=editor, article=story)
        story.headline = "Edited after the kill"
        story.save()
    assert story.status == Article.Status.ARCHIVED
    assert list(
        StoryVersion.objects.filter(story_id=story.pk).values_list("action", flat=True)
    ) == ["publish", "kill"]


def test_only_the_desk_kills_and_only_with_a_reason(story):
    reporter = make_member("writer", roles.REPORTER)
    with pytest.raises(article_services.WorkflowError):
        article_services.article_kill(actor=reporter, article=story, note="Legal.")
    editor = make_member("desk", roles.EDITOR)
    with pytest.raises(article_services.WorkflowError, match="why"):
        article_services.article_kill(actor=editor, article=story, note="  ")
    assert "kill" in dict(article_services.available_moves(editor, story))


def test_a_deleted_story_that_clients_had_is_killed_for_them(
    story, subscriber, django_capture_on_commit_callbacks
):
    story_id = story.pk
    with django_capture_on_commit_callbacks(execute=True):
        story.delete()
    item = subscriber.get(f"/api/v1/items/{story_id}").json()
    assert item["pubstatus"] == "canceled"
    assert "withdrawn" in item["ednote"]


def test_an_unpublished_story_is_withheld_from_clients_until_it_returns(
    story, subscriber, django_capture_on_commit_callbacks
):
    editor = make_member("desk", roles.EDITOR)
    cursor = subscriber.get(CHANGES).json()["next"]
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_archive(actor=editor, article=story, note="Checking a fact.")
    change = subscriber.get(CHANGES, {"since": cursor}).json()["items"][0]
    assert change["action"] == "withhold"
    item = _valid(change["item"])
    assert item["pubstatus"] == "withheld"
    assert "do not use it" in item["ednote"]
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_publish(actor=editor, article=story)
    latest = _valid(subscriber.get(f"/api/v1/items/{story.pk}").json())
    assert latest["pubstatus"] == "usable"
    assert "ednote" not in latest
    actions = list(
        StoryVersion.objects.filter(story_id=story.pk)
        .order_by("version")
        .values_list("action", flat=True)
    )
    assert actions == ["publish", "withhold", "update"]
