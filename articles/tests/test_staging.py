"""Staged updates to live stories: the desk prepares changes readers do not see until they are
published (now, or at a scheduled time), previews them at the story's address, or discards them."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import staging
from articles.models import Article, PendingUpdate
from articles.tasks import publish_due_updates
from newsroom import clock
from newsroom.roles import EDITOR, REPORTER
from newsroom.services import audit_entries_for
from tests.visible import visible_text

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db

TOKEN_INPUT = re.compile(r'name="_version_token" value="([^"]+)"')


@pytest.fixture
def editor():
    return make_member("editor", EDITOR, first_name="Asha", last_name="Rao")


@pytest.fixture
def second_editor():
    return make_member("second", EDITOR, first_name="Vikram", last_name="Sen")


@pytest.fixture
def story():
    return make_story(
        status=Article.Status.PUBLISHED,
        headline="Rains lash Mumbai",
        standfirst="Trains stopped.",
        body="<p>Local trains stopped at noon.</p>",
        publish_at=timezone.now() - timedelta(hours=2),
        first_published_at=timezone.now() - timedelta(hours=2),
        tags=["Monsoon"],
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _update_url(article):
    return reverse("admin:articles_article_pending_update", args=[article.pk])


def _open(client, article, **changes):
    """The change form's fields as a browser would send them (values as the form shows them)."""
    response = client.get(_change_url(article))
    assert response.status_code == 200
    page = response.content.decode()
    form = response.context["adminform"].form
    data = {
        "_version_token": unescape(TOKEN_INPUT.search(page).group(1)),
        "headline": form["headline"].value(),
        "slug": form["slug"].value(),
        "standfirst": form["standfirst"].value(),
        "body": form["body"].value(),
        "section": form["section"].value(),
        "authors": [str(pk) for pk in form["authors"].value()],
        "tags": form["tags"].field.widget.format_value(form["tags"].value()) or "",
        "dateline_place": form["dateline_place"].value(),
        "language": form["language"].value(),
        "urgency": form["urgency"].value(),
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "_continue": "Save as pending update",
    }
    data.update(changes)
    return data


def _reader_page(article):
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return visible_text(response.content.decode())


def _actions(article):
    return [entry.action for entry in audit_entries_for(article)]


def test_saving_a_live_story_keeps_an_update_readers_do_not_see(editor, story):
    client = _client(editor)
    response = client.post(
        _change_url(story), _open(client, story, headline="Heavy rain shuts Mumbai")
    )
    assert response.status_code == 302
    assert response["Location"] == _change_url(story)

    story.refresh_from_db()
    assert story.headline == "Rains lash Mumbai"  # the story itself is untouched
    assert story.revised_at is None
    pending = PendingUpdate.objects.get(article=story)
    assert pending.values["headline"] == "Heavy rain shuts Mumbai"
    assert pending.created_by == editor
    assert "Heavy rain shuts Mumbai" not in _reader_page(story)
    assert "Rains lash Mumbai" in _reader_page(story)
    feed = Client().get("/feed/").content.decode()
    assert "Rains lash Mumbai" in feed
    assert "Heavy rain shuts Mumbai" not in feed
    assert staging.STAGED in _actions(story)

    # The form now shows the update, says so, and links to its preview and its page.
    page = client.get(_change_url(story)).content.decode()
    assert 'value="Heavy rain shuts Mumbai"' in page
    assert "This story has a pending update." in page
    assert "It changes: Headline." in page
    assert f"{story.get_absolute_url()}?update=pending" in page


def test_a_second_save_continues_the_same_update(editor, second_editor, story):
    first = _client(editor)
    first.post(_change_url(story), _open(first, story, headline="Heavy rain shuts Mumbai"))
    second = _client(second_editor)
    data = _open(second, story, standfirst="Schools shut; trains stopped.")
    assert data["headline"] == "Heavy rain shuts Mumbai"
    assert second.post(_change_url(story), data).status_code == 302
    pending = PendingUpdate.objects.get(article=story)
    assert pending.values["headline"] == "Heavy rain shuts Mumbai"
    assert pending.values["standfirst"] == "Schools shut; trains stopped."
    assert pending.updated_by == second_editor
    assert _actions(story).count(staging.STAGED) == 1


def test_a_save_from_a_form_older_than_the_update_meets_the_conflict_page(
    editor, second_editor, story
):
    first, second = _client(editor), _client(second_editor)
    old_form = _open(second, story)
    first.post(_change_url(story), _open(first, story, standfirst="Schools shut."))
    old_form["standfirst"] = "Trains stopped; offices closed."
    response = second.post(_change_url(story), old_form)
    assert response.status_code == 409
    assert "Schools shut." in response.content.decode()
    pending = PendingUpdate.objects.get(article=story)
    assert pending.values["standfirst"] == "Schools shut."


def test_staff_preview_the_update_at_the_story_address_and_readers_do_not(editor, story):
    client = _client(editor)
    client.post(_change_url(story), _open(client, story, headline="Heavy rain shuts Mumbai"))
    address = f"{story.get_absolute_url()}?update=pending"
    response = client.get(address)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Heavy rain shuts Mumbai" in text
    assert "Preview of a pending update" in text
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    # The same address for a reader is the published story.
    reader = Client().get(address)
    assert "Rains lash Mumbai" in visible_text(reader.content.decode())
    assert "Heavy rain shuts Mumbai" not in reader.content.decode()
    # Staff without the "?update=pending" see what readers see.
    assert "Heavy rain shuts Mumbai" not in client.get(story.get_absolute_url()).content.decode()


def test_the_preview_shows_a_staged_byline_and_tags(editor, story):
    from .factories import make_author

    client = _client(editor)
    author = make_author(name="Meera Iyer", handle="meera")
    data = _open(client, story, authors=[str(author.pk)], tags="Monsoon, Floods")
    client.post(_change_url(story), data)
    assert list(story.authors.all()) != [author]
    assert sorted(story.tags.names()) == ["Monsoon"]
    pending = PendingUpdate.objects.get(article=story)
    assert pending.values["authors"] == [author.pk]
    assert pending.values["tags"] == ["Floods", "Monsoon"]
    page = client.get(f"{story.get_absolute_url()}?update=pending").content.decode()
    assert "@meera" in page
    # The update's form shows the staged tags, so a further save keeps them.
    assert "Floods" in client.get(_change_url(story)).content.decode()


def test_publishing_the_update_puts_it_live_with_updated_time(editor, story):
    client = _client(editor)
    client.post(_change_url(story), _open(client, story, headline="Heavy rain shuts Mumbai"))
    page = client.get(_update_url(story)).content.decode()
    assert "What the update changes" in page
    assert "Rains lash Mumbai" in page
    assert "Heavy rain shuts Mumbai" in page
    response = client.post(_update_url(story), {"action": "publish"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Heavy rain shuts Mumbai"
    assert story.shows_updated
    assert not PendingUpdate.objects.filter(article=story).exists()
    text = _reader_page(story)
    assert "Heavy rain shuts Mumbai" in text
    assert f"Updated {clock.dateline(story.revised_at)}" in text
    assert staging.UPDATE_PUBLISHED in _actions(story)


def test_a_scheduled_update_goes_live_by_itself_at_its_time(editor, story):
    client = _client(editor)
    client.post(_change_url(story), _open(client, story, headline="Heavy rain shuts Mumbai"))
    # A time gone by is refused with a reason.
    past = clock.local(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(_update_url(story), {"action": "schedule", "go_live_at": past})
    assert PendingUpdate.objects.get(article=story).go_live_at is None

    later = clock.local(timezone.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(_update_url(story), {"action": "schedule", "go_live_at": later})
    assert response.status_code == 302
    pending = PendingUpdate.objects.get(article=story)
    assert pending.go_live_at > timezone.now()
    assert staging.UPDATE_SCHEDULED in _actions(story)

    publish_due_updates.enqueue()  # before its time: nothing moves
    story.refresh_from_db()
    assert story.headline == "Rains lash Mumbai"
    assert "Rains lash Mumbai" in _reader_page(story)

    PendingUpdate.objects.filter(pk=pending.pk).update(
        go_live_at=timezone.now() - timedelta(seconds=1)
    )
    publish_due_updates.enqueue()
    story.refresh_from_db()
    assert story.headline == "Heavy rain shuts Mumbai"
    assert "Heavy rain shuts Mumbai" in _reader_page(story)
    assert not PendingUpdate.objects.filter(article=story).exists()
    entry = audit_entries_for(story).filter(action=staging.UPDATE_PUBLISHED).get()
    assert "scheduled time" in entry.note


def test_discarding_the_update_leaves_the_published_story(editor, story):
    client = _client(editor)
    client.post(_change_url(story), _open(client, story, headline="Heavy rain shuts Mumbai"))
    response = client.post(_update_url(story), {"action": "discard", "note": "Wrong figures"})
    assert response.status_code == 302
    assert not PendingUpdate.objects.filter(article=story).exists()
    story.refresh_from_db()
    assert story.headline == "Rains lash Mumbai"
    entry = audit_entries_for(story).filter(action=staging.UPDATE_DISCARDED).get()
    assert "Wrong figures" in entry.note
    assert "Headline" in entry.note
    assert 'value="Rains lash Mumbai"' in client.get(_change_url(story)).content.decode()


def test_publish_changes_now_is_the_explicit_choice_for_a_small_fix(editor, story):
    client = _client(editor)
    client.post(_change_url(story), _open(client, story, standfirst="Schools shut."))
    data = _open(client, story, headline="Rains lash Mumbai, trains stop")
    del data["_continue"]
    data["_publish_changes"] = "1"
    assert client.post(_change_url(story), data).status_code == 302
    story.refresh_from_db()
    # The form carried the update, so both go out together and the update is done.
    assert story.headline == "Rains lash Mumbai, trains stop"
    assert story.standfirst == "Schools shut."
    assert not PendingUpdate.objects.filter(article=story).exists()
    assert "Rains lash Mumbai, trains stop" in _reader_page(story)


def test_a_story_not_yet_live_is_saved_as_before(editor):
    draft = make_story(headline="Draft headline")
    client = _client(editor)
    client.post(_change_url(draft), _open(client, draft, headline="Better draft headline"))
    draft.refresh_from_db()
    assert draft.headline == "Better draft headline"
    assert not PendingUpdate.objects.exists()


def test_only_the_desk_publishes_schedules_or_discards_an_update(story, editor):
    client = _client(editor)
    client.post(_change_url(story), _open(client, story, headline="Heavy rain shuts Mumbai"))
    reporter = _client(make_member("reporter", REPORTER))
    for action in ("publish", "discard"):
        assert reporter.post(_update_url(story), {"action": action}).status_code == 403
    assert reporter.get(f"{story.get_absolute_url()}?update=pending").status_code == 200
    assert "Heavy rain shuts Mumbai" not in (
        reporter.get(f"{story.get_absolute_url()}?update=pending").content.decode()
    )
    story.refresh_from_db()
    assert story.headline == "Rains lash Mumbai"
    assert PendingUpdate.objects.filter(article=story).exists()


def test_the_story_list_says_which_stories_have_an_update_waiting(editor, story):
    other = make_story(status=Article.Status.PUBLISHED, headline="Dam gates opened")
    client = _client(editor)
    client.post(_change_url(story), _open(client, story, headline="Heavy rain shuts Mumbai"))
    changelist = reverse("admin:articles_article_changelist")
    text = visible_text(client.get(changelist).content.decode())
    assert "Published · update pending" in text
    waiting = visible_text(client.get(changelist, {"update": "pending"}).content.decode())
    assert "Rains lash Mumbai" in waiting
    assert other.headline not in waiting
    later = clock.local(timezone.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(_update_url(story), {"action": "schedule", "go_live_at": later})
    scheduled = visible_text(client.get(changelist, {"update": "scheduled"}).content.decode())
    assert "update scheduled for" in scheduled
    assert other.headline not in scheduled
