"""Search: only published stories, headline matches first, safe snippets, helpful pages."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article
from articles.search import MAX_CANDIDATES, _result_timeout, normalise_query, search_articles

from .factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


def headlines(response):
    return [article.headline for article in response.context["results"]]


def found(query):
    """Headlines the search service finds, without the page (and its cache) in between."""
    return [article.headline for article in search_articles(query=query)]


@pytest.fixture
def stories():
    return {
        "body": make_article(
            headline="Farmers count the cost",
            body="<p>The monsoon arrived late in the south.</p>",
        ),
        "headline": make_article(
            headline="Monsoon arrives in Kerala", body="<p>Rains reached the coast.</p>"
        ),
        "standfirst": make_article(
            headline="Reservoirs fill up", standfirst="A strong monsoon refills dams."
        ),
        "draft": make_article(headline="Monsoon draft", status=Article.Status.DRAFT),
    }


def test_headline_matches_come_first_and_drafts_never_show(client, stories):
    found = headlines(search(client, "monsoon"))
    assert found[0] == "Monsoon arrives in Kerala"
    assert set(found) == {
        "Monsoon arrives in Kerala",
        "Reservoirs fill up",
        "Farmers count the cost",
    }
    assert "Monsoon draft" not in found


@on_sqlite
def test_sqlite_fallback_ranks_headline_then_standfirst_then_body(client, stories):
    assert headlines(search(client, "MONSOON")) == [
        "Monsoon arrives in Kerala",
        "Reservoirs fill up",
        "Farmers count the cost",
    ]


@on_postgres
def test_postgres_ranks_headline_first_and_understands_stems_and_phrases(client, stories):
    assert headlines(search(client, "monsoons"))[0] == "Monsoon arrives in Kerala"
    assert headlines(search(client, '"arrived late"')) == ["Farmers count the cost"]
    assert "Farmers count the cost" not in headlines(search(client, "monsoon -farmers"))


@on_postgres
def test_postgres_finds_text_written_by_update_and_bulk_create(client):
    # Neither writes through Article.save(): the database keeps the stored document current.
    updated = make_article(headline="Quiet day at the port", body="<p>Nothing happened.</p>")
    Article.objects.filter(pk=updated.pk).update(body="<p>A zeppelin moored overnight.</p>")
    Article.objects.bulk_create(
        [
            Article(
                headline="Loaded in bulk",
                slug="loaded-in-bulk",
                body="<p>A quokka was sighted.</p>",
                section=make_section(),
                status=Article.Status.PUBLISHED,
                publish_at=timezone.now() - timedelta(hours=1),
            )
        ]
    )
    assert headlines(search(client, "zeppelin")) == ["Quiet day at the port"]
    assert headlines(search(client, "nothing happened")) == []
    assert headlines(search(client, "quokka")) == ["Loaded in bulk"]


@on_postgres
def test_postgres_headline_changed_by_update_ranks_first(client):
    older = make_article(headline="Port report", body="<p>The ferry runs late.</p>")
    make_article(headline="Ferry timetable", publish_at=timezone.now() - timedelta(days=2))
    assert headlines(search(client, "ferry"))[0] == "Ferry timetable"
    Article.objects.filter(pk=older.pk).update(headline="Ferry strike at the port")
    # update() sends no signal, so the page's cached results stand until they expire; the
    # database's document is current at once.
    assert found("ferry strike") == ["Ferry strike at the port"]
    assert found("ferry")[0] == "Ferry strike at the port"


@on_postgres
def test_postgres_follows_tags_and_bylines_as_editors_change_them():
    # The stored documents carry tag names and bylines; triggers keep them current.
    story = make_article(headline="Dams and rivers")
    story.tags.add("Cauvery")
    assert found("cauvery") == ["Dams and rivers"]
    story.tags.remove("Cauvery")
    assert found("cauvery") == []

    story.tags.add("Godavari")
    tag = Tag.objects.get(name="Godavari")
    tag.name = "Krishna basin"
    tag.save()
    assert found("krishna") == ["Dams and rivers"]
    assert found("godavari") == []

    reporter = make_author(name="Meera Nair", handle="meeranair")
    story.authors.add(reporter)
    assert found("nair") == ["Dams and rivers"]
    reporter.name = "Meera Iyer"
    reporter.save()
    assert found("iyer") == ["Dams and rivers"]
    assert found("nair") == []
    story.authors.remove(reporter)
    assert found("iyer") == []


@on_postgres
def test_postgres_finds_tags_written_in_bulk():
    first, second = make_article(headline="First"), make_article(headline="Second")
    article_type = ContentType.objects.get_for_model(Article)
    monsoon = Tag.objects.create(name="Monsoon watch", slug="monsoon-watch")
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=article_type, object_id=story.pk, tag=monsoon)
        for story in (first, second)
    )
    assert set(found("monsoon")) == {"First", "Second"}
    TaggedItem.objects.filter(tag=monsoon).delete()
    assert found("monsoon") == []


def test_tags_and_authors_are_searched(client):
    tagged = make_article(headline="Dams and rivers", tags=["Cauvery"])
    bylined = make_article(headline="Court ruling", authors=[make_author(name="Meera Nair")])
    assert headlines(search(client, "cauvery")) == [tagged.headline]
    assert headlines(search(client, "nair")) == [bylined.headline]


def test_snippets_highlight_the_words_and_escape_everything_else(client):
    make_article(
        headline="Budget <b>row</b> & more",
        standfirst="Opposition walks out over the budget.",
        body="<p>The <strong>budget</strong> was tabled.</p><script>alert(1)</script>",
    )
    response = search(client, "budget")
    html = response.content.decode()
    (article,) = response.context["results"]
    assert "<mark>" in str(article.headline_marked)
    assert "&lt;b&gt;row&lt;/b&gt; &amp; more" in html
    assert "<mark>budget</mark>" in str(article.snippet).lower()
    assert "<strong>" not in str(article.snippet)
    assert "alert" not in html.split("<main")[1]


def test_empty_query_gets_a_helpful_page(client, stories):
    response = search(client, "")
    assert response.status_code == 200
    assert "Type a few words" in response.content.decode()
    assert response.context["results"] == []


@pytest.mark.parametrize("query", ["!!!", "\x00\x00", "   ", "%%%", "<>&"])
def test_silly_queries_get_a_page_not_an_error(client, stories, query):
    response = search(client, query)
    assert response.status_code == 200
    assert response.context["results"] == []


def test_over_long_query_is_a_400_with_a_message(client):
    response = search(client, "monsoon " * 40)
    assert response.status_code == 400
    assert "shorten your search to 200 characters" in response.content.decode()


def test_results_are_paginated_and_keep_the_query(client):
    section = make_section()
    for number in range(12):
        make_article(section=section, headline=f"Cricket report {number}")
    first = search(client, "cricket")
    assert len(first.context["results"]) == 10
    assert "?q=cricket&amp;page=2" in first.content.decode()
    assert len(search(client, "cricket", page=2).context["results"]) == 2
    assert search(client, "cricket", page=9).status_code == 404


@pytest.mark.parametrize("page", ["99999999999999999999", "31", "-1", "0", "1e3", "\x00"])
def test_a_page_number_past_every_match_is_a_404_not_an_error(client, stories, page):
    response = search(client, "monsoon", page=page)
    assert response.status_code == 404


def test_header_has_a_search_box(client):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html
    assert 'name="q"' in html


def test_search_page_box_keeps_the_query_escaped_and_labelled(client):
    html = search(client, 'rain "<b>').content.decode()
    assert '<label for="search-q" class="form-label">Search</label>' in html
    assert 'value="rain &quot;&lt;b&gt;"' in html
    assert 'maxlength="200"' in html
    assert "<b>" not in html


def test_header_box_holds_the_query_on_the_results_page_only(client):
    on_results = search(client, "monsoon <i>").content.decode()
    assert 'value="monsoon &lt;i&gt;" placeholder="Search stories" maxlength="200"' in on_results
    assert 'aria-label="Search stories"' in on_results
    elsewhere = client.get("/", {"q": "monsoon"}).content.decode()
    assert 'id="header-q"' in elsewhere
    assert 'value="monsoon"' not in elsewhere


def _count_queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        response = search(client, query)
    assert response.status_code == 200
    return len(queries)


def test_search_query_count_does_not_grow_with_results(client):
    author = make_author()
    make_article(headline="Election night", authors=[author], tags=["Polls"])
    search(client, "election")  # warm the site-settings and content-type caches
    with_one = _count_queries(client, "election")
    for number in range(30):
        make_article(headline=f"Election result {number}", authors=[author], tags=["Polls"])
    search(client, "election")  # and the fragments cached per content version, which changed
    assert _count_queries(client, "election") == with_one


def test_a_page_of_results_is_one_statement_that_also_counts_the_matches(client):
    section = make_section()
    for number in range(12):
        make_article(section=section, headline=f"Harbour report {number}")
    with CaptureQueriesContext(connection) as queries:
        response = search(client, "harbour", page=2)
    assert "12 stories found, page 2 of 2" in response.content.decode()
    # The candidates (the newest MAX_CANDIDATES matches) are a subquery of the ranking, counted
    # by a window function: no statement reads them apart, none counts the ranked query.
    candidates = f"LIMIT {MAX_CANDIDATES}"
    reading_candidates = [query["sql"] for query in queries if candidates in query["sql"]]
    assert len(reading_candidates) == 1, reading_candidates
    assert "OVER ()" in reading_candidates[0]
    assert not [query["sql"] for query in queries if '"__count"' in query["sql"]]


def test_past_the_ranked_matches_the_count_says_or_more(client, monkeypatch):
    monkeypatch.setattr("articles.search.MAX_CANDIDATES", 3)
    for number in range(4):
        make_article(headline=f"Harbour report {number}")
    html = search(client, "harbour").content.decode()
    assert "3 or more stories found, the newest first." in html
    assert "</mark> report 3<" in html
    assert "</mark> report 0<" not in html


def test_search_service_returns_nothing_for_no_words():
    make_article(headline="Anything")
    assert list(search_articles(query="?!")) == []


def test_queries_are_normalised_for_searching_and_caching():
    assert normalise_query("  Monsoon\tSESSION \x00") == "monsoon session"
    assert normalise_query('"Arrived Late" OR -Farmers') == '"arrived late" or -farmers'


def _ranking_statements(client, query):
    with CaptureQueriesContext(connection) as queries:
        response = search(client, query)
    assert response.status_code == 200
    return [q["sql"] for q in queries if f"LIMIT {MAX_CANDIDATES}" in q["sql"]], response


def test_results_are_cached_on_the_normalised_query(client, stories):
    ranked, first = _ranking_statements(client, "monsoon")
    assert len(ranked) == 1
    ranked, again = _ranking_statements(client, "  MONSOON ")
    assert ranked == []  # from the cache
    assert headlines(again) == headlines(first)
    assert [str(a.snippet) for a in again.context["results"]] == [
        str(a.snippet) for a in first.context["results"]
    ]
    assert "<mark>" in str(again.context["results"][0].headline_marked)
    # The query is shown as the reader typed it.
    assert "Search results for “MONSOON”" in again.content.decode()


def test_a_change_to_a_story_a_tag_or_a_byline_drops_cached_results(client, stories):
    assert "Monsoon draft" not in headlines(search(client, "monsoon"))
    draft = stories["draft"]
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = timezone.now() - timedelta(minutes=1)
    draft.save()
    assert "Monsoon draft" in headlines(search(client, "monsoon"))

    story = stories["headline"]
    assert headlines(search(client, "cauvery")) == []
    story.tags.add("Cauvery")
    assert headlines(search(client, "cauvery")) == [story.headline]

    author = make_author(name="Meera Nair")
    story.authors.add(author)
    assert headlines(search(client, "nair")) == [story.headline]
    author.name = "Meera Iyer"
    author.save()
    assert headlines(search(client, "nair")) == []


def test_a_cached_page_leaves_out_a_story_taken_down_since(client, stories):
    assert "Monsoon arrives in Kerala" in headlines(search(client, "monsoon"))
    # update() sends no signal: the cached page still names the story, but only published
    # stories are read back.
    Article.objects.filter(pk=stories["headline"].pk).update(status=Article.Status.DRAFT)
    assert "Monsoon arrives in Kerala" not in headlines(search(client, "monsoon"))


def test_cached_results_expire_when_a_scheduled_story_goes_live(settings):
    settings.SEARCH_CACHE_TIMEOUT = 300
    assert _result_timeout() == 300
    make_article(headline="Embargoed", publish_at=timezone.now() + timedelta(seconds=40))
    assert 30 <= _result_timeout() <= 40
