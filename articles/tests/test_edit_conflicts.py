"""Two people editing one story: a save from an older version never overwrites silently."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from articles import editing
from articles.models import Article, EditingSession
from newsroom.roles import EDITOR

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db

TOKEN_INPUT = re.compile(r'name="_version_token" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@pytest.fixture
def editor():
    return make_member("editor", EDITOR, first_name="Asha", last_name="Rao")


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _open(client, article):
    """GET the change form as a browser would; returns the form's fields as they were shown."""
    response = client.get(_change_url(article))
    assert response.status_code == 200
    token = TOKEN_INPUT.search(response.content.decode())
    assert token, "the change form carries a version token"
    return {
        "_version_token": unescape(token.group(1)),
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "authors": [author.pk for author in article.authors.all()],
        "tags": "",
        "dateline_place": "",
        "correction": "",
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
        # The corrections inline (issue 20), as the page sends it (none added).
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "_continue": "Save and continue",
    }


def _resubmit(client, article, page_html, **choices):
    """Send the conflict page's form back as a browser would, with the given choices."""
    data = {}
    for name, value in HIDDEN.findall(page_html):
        data.setdefault(unescape(name), []).append(unescape(value))
    for match in re.finditer(r'name="(_conflict_choice_\w+)" value="(\w+)" checked', page_html):
        data[match.group(1)] = [match.group(2)]
    for name, value in choices.items():
        data[name] = [value] if isinstance(value, str) else value
    data.pop("csrfmiddlewaretoken", None)
    data["_conflict_resolved"] = ["1"]
    return client.post(_change_url(article), data)


def test_the_second_saver_sees_what_changed_and_loses_nothing(editor, admin_user):
    article = make_story(headline="Rains lash Mumbai", standfirst="Trains stopped.")
    first, second = _client(editor), _client(admin_user)
    editor_form = _open(first, article)
    admin_form = _open(second, article)

    # The editor changes the standfirst and saves: fine, nobody saved in between.
    editor_form["standfirst"] = "Local trains stopped; schools shut."
    assert first.post(_change_url(article), editor_form).status_code == 302

    # The admin changes the headline from the old form: a conflict page, nothing saved yet.
    admin_form["headline"] = "Heavy rain lashes Mumbai"
    response = second.post(_change_url(article), admin_form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved" in page
    assert "Asha Rao" in page  # who saved in between
    assert "<ins>Local trains stopped; schools shut.</ins>" in page  # what they changed
    assert 'id="conflict-standfirst"' in page
    assert 'id="conflict-headline"' not in page  # only the admin changed it: nothing to choose
    assert "as nobody else changed them: Headline." in page
    article.refresh_from_db()
    assert article.standfirst == "Local trains stopped; schools shut."
    assert article.headline == "Rains lash Mumbai"

    # Taking the defaults keeps both changes: the standfirst is theirs, the headline mine.
    response = _resubmit(second, article, page)
    assert response.status_code == 302, response.content.decode()[:800]
    article.refresh_from_db()
    assert article.headline == "Heavy rain lashes Mumbai"
    assert article.standfirst == "Local trains stopped; schools shut."


def test_both_changed_the_same_field_keep_mine_take_theirs_or_write_a_third(editor, admin_user):
    article = make_story(standfirst="Trains stopped.")
    first, second = _client(editor), _client(admin_user)
    editor_form = _open(first, article)
    admin_form = _open(second, article)
    editor_form["standfirst"] = "Editor's standfirst."
    assert first.post(_change_url(article), editor_form).status_code == 302
    admin_form["standfirst"] = "Admin's standfirst."
    response = second.post(_change_url(article), admin_form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed by you and by them" in page
    # My text is on the page, in full, ready to edit; theirs beside it to copy from.
    assert "Admin&#x27;s standfirst.</textarea>" in page
    assert "Editor&#x27;s standfirst.</textarea>" in page
    assert 'value="mine" checked' in page

    response = _resubmit(
        second,
        article,
        page,
        _conflict_choice_standfirst="edited",
        _conflict_text_standfirst="Both: editor's words and the admin's.",
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.standfirst == "Both: editor's words and the admin's."


def test_take_theirs_keeps_the_saved_text(editor, admin_user):
    article = make_story(headline="Old headline")
    first, second = _client(editor), _client(admin_user)
    editor_form, admin_form = _open(first, article), _open(second, article)
    editor_form["headline"] = "Editor headline"
    assert first.post(_change_url(article), editor_form).status_code == 302
    admin_form["headline"] = "Admin headline"
    page = second.post(_change_url(article), admin_form).content.decode()
    response = _resubmit(second, article, page, _conflict_choice_headline="theirs")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Editor headline"


def test_a_third_save_during_the_choice_asks_again(editor, admin_user):
    article = make_story(headline="One")
    first, second = _client(editor), _client(admin_user)
    editor_form, admin_form = _open(first, article), _open(second, article)
    editor_form["headline"] = "Two"
    assert first.post(_change_url(article), editor_form).status_code == 302
    admin_form["headline"] = "Three"
    page = second.post(_change_url(article), admin_form).content.decode()
    again = _open(first, Article.objects.get(pk=article.pk))
    again["headline"] = "Four"
    assert first.post(_change_url(article), again).status_code == 302
    response = _resubmit(second, article, page)
    assert response.status_code == 409
    assert "Four" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Four"


def test_a_save_from_the_current_version_is_not_a_conflict(editor):
    article = make_story()
    client = _client(editor)
    form = _open(client, article)
    form["headline"] = "First save"
    assert client.post(_change_url(article), form).status_code == 302
    form = _open(client, Article.objects.get(pk=article.pk))
    form["headline"] = "Second save"
    assert client.post(_change_url(article), form).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Second save"


def test_presence_is_shown_on_the_form_and_in_the_list(editor, admin_user):
    article = make_story(headline="Budget day")
    first, second = _client(editor), _client(admin_user)
    _open(first, article)
    page = second.get(_change_url(article)).content.decode()
    assert "Being edited by Asha Rao since" in page
    listing = second.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "by Asha Rao since" in listing

    # The first editor's heartbeat names the admin too, as JSON.
    beat = first.post(reverse("admin:articles_article_editing_heartbeat", args=[article.pk])).json()
    assert beat["notice"].startswith("Being edited by chief since")
    assert beat["taken_over"] is None


def test_take_over_tells_the_first_editor(editor, admin_user):
    article = make_story()
    first, second = _client(editor), _client(admin_user)
    _open(first, article)
    take_over = reverse("admin:articles_article_editing_take_over", args=[article.pk])
    confirm = second.get(take_over)
    assert "Being edited by Asha Rao" in confirm.content.decode()
    assert second.post(take_over).status_code == 302
    beat = first.post(reverse("admin:articles_article_editing_heartbeat", args=[article.pk])).json()
    assert beat["taken_over"]["name"] == "chief"
    assert "took over this story" in beat["taken_over"]["message"]
    # The admin's own form no longer shows the editor as editing.
    assert "Being edited by Asha Rao" not in second.get(_change_url(article)).content.decode()


def test_leaving_ends_the_session(editor, admin_user):
    article = make_story()
    first = _client(editor)
    _open(first, article)
    assert EditingSession.objects.filter(article=article, user=editor).exists()
    response = first.post(reverse("admin:articles_article_editing_leave", args=[article.pk]))
    assert response.status_code == 204
    assert not editing.others_editing(article, admin_user)


def test_presence_endpoints_refuse_those_who_may_not_edit(client, editor):
    article = make_story()
    reporter = make_member("outsider", "Reporter")
    client.force_login(reporter)
    url = reverse("admin:articles_article_editing_heartbeat", args=[article.pk])
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    client.force_login(editor)
    missing = reverse("admin:articles_article_editing_heartbeat", args=[999999])
    assert client.post(missing).status_code == 404
