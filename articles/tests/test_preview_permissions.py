"""Previews of unpublished stories at the reader URL follow the admin's object permissions
(issue 21, item 2): reporters their own stories, the desk every story, other roles none. Those
without the right get the reader's 404, never a 403 that would tell them the story exists."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.roles import EDITOR, FUNDRAISING, MODERATOR, REPORTER

from .factories import make_member, make_section, make_story

pytestmark = pytest.mark.django_db

UNPUBLISHED = {
    "draft": {"status": Article.Status.DRAFT},
    "in review": {"status": Article.Status.IN_REVIEW},
    "archived": {"status": Article.Status.ARCHIVED},
    "scheduled": {
        "status": Article.Status.PUBLISHED,
        "publish_at_offset": timedelta(hours=6),
    },
}


@pytest.fixture
def staff():
    return {
        "reporter": make_member("reporter", REPORTER),
        "other_reporter": make_member("other_reporter", REPORTER),
        "editor": make_member("editor", EDITOR),
        "moderator": make_member("moderator", MODERATOR),
        "fundraising": make_member("fundraising", FUNDRAISING),
    }


def _story(state, by):
    fields = dict(UNPUBLISHED[state])
    if offset := fields.pop("publish_at_offset", None):
        fields["publish_at"] = timezone.now() + offset
    return make_story(by=by, headline=f"Embargoed {state} story", **fields)


@pytest.mark.parametrize("state", list(UNPUBLISHED))
@pytest.mark.parametrize(
    ("viewer", "may_preview"),
    [
        ("reporter", True),  # the story is theirs
        ("editor", True),
        ("other_reporter", False),
        ("moderator", False),
        ("fundraising", False),
    ],
)
def test_preview_follows_the_admins_object_permissions(client, staff, state, viewer, may_preview):
    story = _story(state, by=staff["reporter"])
    client.force_login(staff[viewer])
    response = client.get(story.get_absolute_url())
    admin = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    if may_preview:
        assert response.status_code == 200
        assert story.headline in response.content.decode()
        assert "no-cache" in response["Cache-Control"]
    else:
        assert response.status_code == 404  # not 403: nothing says the story exists
        assert story.headline not in response.content.decode()
        assert admin.status_code in {302, 403}  # the admin refuses them too


def test_a_reporter_previews_a_story_carrying_their_byline(client, staff):
    from .factories import make_author

    story = _story("draft", by=staff["other_reporter"])
    story.authors.add(make_author(user=staff["reporter"]))
    client.force_login(staff["reporter"])
    assert client.get(story.get_absolute_url()).status_code == 200


def test_a_preview_under_the_wrong_section_is_404(client, staff):
    story = _story("draft", by=staff["reporter"])
    elsewhere = make_section(slug="elsewhere")
    client.force_login(staff["editor"])
    url = reverse("articles:detail", kwargs={"section": elsewhere.slug, "slug": story.slug})
    assert client.get(url).status_code == 404
    missing = reverse("articles:detail", kwargs={"section": "no-such-section", "slug": story.slug})
    assert client.get(missing).status_code == 404
    assert client.get(story.get_absolute_url()).status_code == 200


def test_an_editor_without_staff_status_never_previews(client, staff):
    story = _story("draft", by=staff["reporter"])
    staff["editor"].is_staff = False
    staff["editor"].save()
    client.force_login(staff["editor"])
    assert client.get(story.get_absolute_url()).status_code == 404


def test_published_stories_still_open_for_every_role(client, staff):
    story = make_story(by=staff["other_reporter"], status=Article.Status.PUBLISHED)
    for name in ["moderator", "fundraising", "other_reporter", "reporter"]:
        client.force_login(staff[name])
        assert client.get(story.get_absolute_url()).status_code == 200, name
