"""The story form as writers meet it (issue 20): spell-check on in every text box in the page's
language, the rich-text body included, and fields a new story does not need yet left out."""

import html as html_module
import json
import re

import pytest
from django.urls import reverse

from newsroom.roles import REPORTER

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(client):
    user = make_member("reporter", REPORTER)
    client.force_login(user)
    return user


def _tag(html, name):
    match = re.search(rf'<(?:input|textarea)[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no field {name}"
    return match.group(0)


def test_text_fields_are_spell_checked_in_the_page_language(client, reporter):
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert re.search(r'<html lang="en"', html)
    for name in ["headline", "standfirst", "lead_image_caption", "dateline_place", "body"]:
        tag = _tag(html, name)
        assert 'spellcheck="true"' in tag, tag
        assert 'lang="en"' in tag, tag
    # An address is not prose.
    assert "spellcheck" not in _tag(html, "slug")
    # The body pictures' own captions too (the empty row "Add another" copies).
    assert 'spellcheck="true"' in _tag(html, "body_images-__prefix__-caption")


def test_the_rich_text_editor_leaves_spell_check_on(client, reporter):
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    config = re.search(r'data-django-prose-editor-configurable="([^"]*)"', html)
    assert config, "the body is not a prose editor"
    settings = json.loads(html_module.unescape(config.group(1)))
    assert "Bold" in settings["extensions"]
    assert "NoSpellCheck" not in json.dumps(settings)


def test_fields_follow_the_active_language(client, reporter, settings):
    # The admin is in the newsroom's default language (its addresses have no language prefix).
    settings.LANGUAGE_CODE = "hi"
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'lang="hi"' in _tag(html, "headline")


def test_a_new_story_shows_no_correction_or_record_fields(client, reporter):
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "corrections-TOTAL_FORMS" not in html
    assert "Corrections" not in html
    assert "Nothing yet: the record starts" not in html
    story = make_story(by=reporter)
    html = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "corrections-TOTAL_FORMS" in html


def _bar(html):
    match = re.search(r'<div class="story-actions".*?</div>\s*</div>', html, re.S)
    return match.group(0) if match else ""


def test_the_action_bar_offers_each_role_its_main_move(client, reporter):
    from articles.models import Article
    from newsroom.roles import EDITOR

    draft = make_story(by=reporter)
    bar = _bar(
        client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    )
    assert 'name="_workflow" value="submit"' in bar
    assert "Save and submit for review" in bar
    assert "Save draft" in bar
    # The bar's first button saves: Enter in a field never submits the story by surprise.
    assert bar.index('name="_continue"') < bar.index('name="_workflow"')
    bar = _bar(client.get(reverse("admin:articles_article_add")).content.decode())
    assert 'value="submit"' in bar

    client.force_login(make_member("desk", EDITOR))
    in_review = make_story(by=reporter, status=Article.Status.IN_REVIEW)
    bar = _bar(
        client.get(reverse("admin:articles_article_change", args=[in_review.pk])).content.decode()
    )
    assert 'name="_workflow" value="publish"' in bar
    live = make_story(by=reporter, status=Article.Status.PUBLISHED)
    bar = _bar(
        client.get(reverse("admin:articles_article_change", args=[live.pk])).content.decode()
    )
    assert 'name="_workflow"' not in bar
    # A live story: saving prepares an update; publishing the changes is the explicit choice.
    assert ">Save as pending update<" in bar
    assert 'name="_publish_changes"' in bar
    assert bar.index('name="_continue"') < bar.index('name="_publish_changes"')


def test_a_story_the_reporter_may_not_change_has_no_action_bar(client, reporter):
    from articles.models import Article

    in_review = make_story(by=reporter, status=Article.Status.IN_REVIEW)
    html = client.get(
        reverse("admin:articles_article_change", args=[in_review.pk])
    ).content.decode()
    assert "story-actions" not in html


def test_a_story_in_hindi_is_spell_checked_in_hindi(client, reporter):
    story = make_story(by=reporter, language="hi", headline="मानसून केरल पहुँचा")
    html = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert 'lang="hi"' in _tag(html, "headline")
    assert 'lang="hi"' in _tag(html, "body")
    english = make_story(by=reporter)
    html = client.get(reverse("admin:articles_article_change", args=[english.pk])).content.decode()
    assert 'lang="en"' in _tag(html, "headline")
