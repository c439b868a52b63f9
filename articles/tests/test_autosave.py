"""The writer's unsaved work is kept on the server while they type, and offered back."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Autosave
from newsroom.roles import EDITOR, REPORTER
from tests.visible import visible_text

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_member("editor", EDITOR)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _autosave(client, article, **values):
    return client.post(reverse("admin:articles_article_autosave", args=[article.pk]), values)


def _change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_autosave_is_kept_offered_back_and_restored_into_the_form(editor):
    story = make_story(headline="Budget day", standfirst="Old standfirst.")
    client = _client(editor)
    response = _autosave(
        client, story, headline="Budget day: what changes", standfirst="Old standfirst."
    )
    assert response.status_code == 200
    assert "only you see them" in response.json()["message"]
    story.refresh_from_db()
    assert story.headline == "Budget day"  # the story itself is untouched

    page = client.get(_change(story)).content.decode()
    assert "You have unsaved changes to this story from" in page
    assert "Changed: Headline." in page
    restored = client.get(_change(story) + "?restore=autosave").content.decode()
    assert 'value="Budget day: what changes"' in restored
    assert "are back in the form below" in restored
    assert 'data-restored="1"' in restored


def test_autosaves_never_reach_readers(editor):
    story = make_story(status=Article.Status.PUBLISHED, headline="Rain in Chennai")
    _autosave(_client(editor), story, headline="SECRET unsaved headline")
    page = visible_text(Client().get(story.get_absolute_url()).content.decode())
    assert "Rain in Chennai" in page
    assert "SECRET" not in page


def test_autosave_is_per_user(editor):
    story = make_story()
    other = make_member("other", EDITOR)
    _autosave(_client(editor), story, headline="Mine only")
    assert "You have unsaved changes" not in _client(other).get(_change(story)).content.decode()


def test_a_real_save_clears_the_autosave_and_discard_asks_first(editor):
    story = make_story()
    client = _client(editor)
    _autosave(client, story, headline="Typed, not saved")
    discard = reverse("admin:articles_article_autosave_discard", args=[story.pk])
    assert "Discard my unsaved changes" in client.get(discard).content.decode()
    assert client.post(discard).status_code == 302
    assert not Autosave.objects.exists()

    _autosave(client, story, headline="Typed again")
    data = {
        "headline": "Saved for real",
        "slug": story.slug,
        "standfirst": story.standfirst,
        "body": story.body,
        "section": story.section_id,
        "authors": [author.pk for author in story.authors.all()],
        "tags": "",
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    assert client.post(_change(story), data).status_code == 302
    assert not Autosave.objects.exists()


def test_a_restored_autosave_saved_over_newer_changes_meets_the_conflict_page(editor):
    story = make_story(standfirst="First.")
    client = _client(editor)
    page = client.get(_change(story)).content.decode()
    token = page.split('name="_version_token" value="')[1].split('"')[0]
    _autosave(client, story, standfirst="Mine, typed before a crash.", _version_token=token)
    Article.objects.filter(pk=story.pk).update(standfirst="Someone else's.")
    story.refresh_from_db()
    story.save()  # bump its saved time as a real save would
    restored = client.get(_change(story) + "?restore=autosave").content.decode()
    assert token in restored


def test_only_those_who_may_edit_can_autosave(editor):
    story = make_story(status=Article.Status.PUBLISHED)
    reporter = make_member("reporter", REPORTER)
    assert _autosave(_client(reporter), story, headline="x").status_code == 403
    assert (
        _client(editor).get(reverse("admin:articles_article_autosave", args=[story.pk])).status_code
        == 405
    )
    assert not Autosave.objects.exists()


def test_a_new_story_is_kept_before_it_exists_and_offered_back_on_the_add_form(editor):
    client = _client(editor)
    add = reverse("admin:articles_article_add")
    assert 'data-autosave-url="/admin/articles/article/add/autosave/"' in (
        client.get(add).content.decode()
    )
    response = client.post(
        reverse("admin:articles_article_autosave_add"),
        {"headline": "Floods in Assam", "body": "<p>Rivers rose overnight.</p>"},
    )
    assert response.status_code == 200
    kept = Autosave.objects.get()
    assert kept.article is None
    assert kept.user == editor
    assert not Article.objects.exists()  # nothing is a story until it is saved

    page = client.get(add).content.decode()
    assert "You have a new story you did not save, from" in page
    assert "Changed: Headline, Body." in page
    restored = client.get(add + "?restore=autosave").content.decode()
    assert 'value="Floods in Assam"' in restored
    assert "Rivers rose overnight." in restored
    assert "are back in the form below" in restored

    # A second new story replaces the first (one per writer), and another writer sees neither.
    client.post(reverse("admin:articles_article_autosave_add"), {"headline": "Second try"})
    assert Autosave.objects.get().values["headline"] == "Second try"
    other = _client(make_member("other", EDITOR))
    assert "you did not save" not in other.get(add).content.decode()

    # Saving the story ends the offer.
    story = make_story()
    data = {
        "headline": "Floods in Assam",
        "slug": "floods-in-assam",
        "standfirst": "",
        "body": "<p>Rivers rose overnight.</p>",
        "section": story.section_id,
        "authors": [author.pk for author in story.authors.all()],
        "tags": "",
        "language": "en",
        "urgency": "5",
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
    }
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Autosave.objects.exists()
    assert "you did not save" not in client.get(add).content.decode()


def test_the_new_story_autosave_can_be_discarded_and_needs_the_right_to_add(editor):
    client = _client(editor)
    client.post(reverse("admin:articles_article_autosave_add"), {"headline": "Draft idea"})
    discard = reverse("admin:articles_article_autosave_add_discard")
    assert "Discard the new story you did not save?" in client.get(discard).content.decode()
    assert client.post(discard).status_code == 302
    assert not Autosave.objects.exists()

    from articles.tests.factories import make_staff

    nobody = _client(make_staff("nobody"))
    response = nobody.post(reverse("admin:articles_article_autosave_add"), {"headline": "x"})
    assert response.status_code == 403
    assert not Autosave.objects.exists()
