"""The story form as writers meet it (issue 20): spell-check on in every text box in the page's
language, the rich-text body included, and fields a new story does not need yet left out."""

import html as html_module
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

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


def test_fields_follow_the_active_language(client, reporter):
    with translation.override("hi"):
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
