"""Search in each language (issue 24): a page searches its own language's stories, with that
language's text-search configuration on PostgreSQL ("hindi" where the server has it, "simple"
otherwise), and highlights Devanagari words whole."""

import re

import pytest
from django.db import connection

from articles import search
from articles.models import Article

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
)


@pytest.fixture
def stories():
    india = make_section(name="India", slug="india")
    return {
        "hi": make_article(
            section=india,
            language="hi",
            headline="केरल में भारी बारिश की चेतावनी",
            slug="केरल-में-भारी-बारिश-की-चेतावनी",
            standfirst="मौसम विभाग ने अगले तीन दिनों के लिए अलर्ट जारी किया।",
            body="<p>तटीय ज़िलों में मछुआरों को समुद्र में न जाने की सलाह दी गई है।</p>",
        ),
        "en": make_article(
            section=india,
            headline="Heavy rain warning for Kerala",
            slug="heavy-rain-warning-kerala",
            standfirst="Fishermen told to stay ashore.",
        ),
    }


def _headlines(client, path, query):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return [article.headline for article in response.context["results"]], response


def test_hindi_words_are_searched_whole_with_their_vowel_signs():
    # \w would cut "बारिश" at its vowel signs into "ब", "र", "श", matching almost anything.
    assert search.query_terms("भारी बारिश") == ["भारी", "बारिश"]


def test_each_language_searches_its_own_stories(client, stories):
    found, _response = _headlines(client, "/hi/search/", "बारिश")
    assert found == [stories["hi"].headline]
    found, _response = _headlines(client, "/search/", "Kerala")
    assert found == [stories["en"].headline]
    # An English word on the Hindi page, a Hindi one on the English page: nothing.
    assert _headlines(client, "/hi/search/", "Kerala")[0] == []
    assert _headlines(client, "/search/", "बारिश")[0] == []


def test_devanagari_matches_are_highlighted_whole(client, stories):
    _found, response = _headlines(client, "/hi/search/", "बारिश")
    html = response.content.decode()
    assert "<mark>बारिश</mark>" in html
    # No mark cuts a word between a consonant and its vowel sign.
    assert not re.search(r"</mark>[\u093e-\u094d]", html)


def test_a_story_is_stored_with_its_languages_configuration(stories):
    assert stories["hi"].search_config == "hindi"
    assert stories["en"].search_config == "english"
    stories["en"].language = "hi"
    stories["en"].save()
    assert Article.objects.get(pk=stories["en"].pk).search_config == "hindi"


@on_postgres
def test_postgres_builds_hindi_documents_with_the_hindi_configuration(stories):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document = ("
            " setweight(to_tsvector('hindi', headline), 'A')"
            " || setweight(to_tsvector('hindi', standfirst), 'B')"
            " || setweight(to_tsvector('hindi', body), 'C')"
            " || setweight(to_tsvector('hindi', articles_article_labels(id)), 'B'))"
            " FROM articles_article WHERE id = %s",
            [stories["hi"].pk],
        )
        assert cursor.fetchone()[0] is True
    assert search.search_config("hi") == "hindi"


@on_postgres
def test_postgres_falls_back_to_simple_for_a_configuration_it_lacks(stories, settings):
    settings.NEWSROOM_LANGUAGES = {
        **settings.NEWSROOM_LANGUAGES,
        "hi": {**settings.NEWSROOM_LANGUAGES["hi"], "search_config": "no_such_configuration"},
    }
    assert search.search_config("hi") == "simple"
    story = stories["hi"]
    story.save()  # now asks for a configuration the server does not have: built with simple
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document @@ plainto_tsquery('simple', 'बारिश')"
            " FROM articles_article WHERE id = %s",
            [story.pk],
        )
        assert cursor.fetchone()[0] is True
