"""Search over published articles: headline, standfirst, body, tags and authors.

In two steps, so the work stays the same however large the archive grows:

1. `newest_matches()`: the ids of the newest MAX_CANDIDATES published matches (one query). For
   news the best match is among the recent ones, and the search page counts these, never the
   archive.
2. `ranked_matches()`: those articles, best first, with highlighted headlines and snippets.

On PostgreSQL: full-text search (websearch syntax, so quotes, OR and -word work and no input is
a syntax error), ranked with headline matches weighted highest, with highlighted snippets. The
article is matched and ranked on its stored `search_document`: headline, standfirst, body, tag
names and bylines, kept current by triggers (migrations 0005 and 0006) and indexed with GIN, so
one index walk of the article table finds every kind of match, and nothing re-parses a body but
ts_headline, which PostgreSQL runs only for the page shown.

Elsewhere (SQLite in development and tests): every word must appear somewhere (icontains), and
stories with the words in the headline come first. Snippets are cut and highlighted in Python.

Either way the result is a queryset of articles annotated with `snippet` and `headline_marked`,
safe HTML in which only <mark> survives.
"""

import re
import unicodedata
from functools import reduce
from operator import or_

import nh3
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat, Replace
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from taggit.models import TaggedItem

from .models import Article

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_LENGTH = 220
MAX_CANDIDATES = 300  # the newest matches that are ranked, and counted (see newest_matches)

HIGHLIGHT_OPTIONS = {
    "start_sel": "<mark>",
    "stop_sel": "</mark>",
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


class QueryTooLongError(ValueError):
    pass


def clean_query(raw):
    """The query as searched: printable, single-spaced, at most MAX_QUERY_LENGTH characters.

    Control characters (NUL among them, which PostgreSQL refuses in text) become spaces.
    Raises QueryTooLongError rather than silently searching for something else.
    """
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw or "")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryTooLongError(text)
    return text


def query_terms(query):
    """Words worth matching: letters or digits, at most MAX_TERMS of them."""
    return re.findall(r"\w+", query)[:MAX_TERMS]


def safe_highlight(html):
    """Keep only <mark> from a highlighted fragment; everything else is text, escaped."""
    return mark_safe(nh3.clean(html, tags={"mark"}, attributes={}))


def search_articles(*, query):
    """Published articles matching `query`, best first (call highlight() on a page of them)."""
    return ranked_matches(newest_matches(query=query), query=query)


def newest_matches(*, query):
    """The ids of the newest published articles matching `query`, at most MAX_CANDIDATES."""
    terms = query_terms(query)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        matches = _postgres_matches(query)
    else:
        matches = _fallback_matches(terms)
    return list(matches)


def ranked_matches(ids, *, query):
    """The articles `ids` (from newest_matches) that are still published, best match first."""
    if not ids:
        return Article.objects.none()
    articles = Article.objects.published().for_listing().filter(pk__in=ids)
    if connection.vendor == "postgresql":
        return _postgres_ranking(articles, query)
    return _fallback_ranking(articles, query_terms(query))


def _newest(articles):
    return articles.order_by("-publish_at", "-id").values_list("id", "publish_at")[:MAX_CANDIDATES]


def _search_query(query):
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


def _postgres_matches(query):
    # A word common across the archive walks the (status, -publish_at) index and stops after
    # MAX_CANDIDATES rows; a rare one reads its few rows from the stored document's GIN index.
    # Tags and bylines are in the document, so neither needs a table of its own read.
    matches = Article.objects.published().filter(search_document=_search_query(query))
    return (pk for pk, _publish_at in _newest(matches))


def _postgres_ranking(articles, query):
    search_query = _search_query(query)
    any_term = reduce(or_, (SearchQuery(term, config=SEARCH_CONFIG) for term in query_terms(query)))
    return (
        articles.annotate(
            # The headline's words as stored (weight A), so no headline is parsed again.
            headline_document=Func(
                F("search_document"),
                Value("{a}"),
                function="ts_filter",
                output_field=SearchVectorField(),
            ),
        )
        .annotate(
            # ts_rank favours words close together anywhere in the text; a reader expects the
            # stories whose headline has every word first, then those with some of them.
            headline_match=Case(
                When(headline_document=search_query, then=Value(2)),
                When(headline_document=any_term, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            # Tags and bylines count as much as the standfirst (weight B in the document).
            rank=SearchRank(F("search_document"), search_query),
            # ts_headline parses the whole text; PostgreSQL evaluates these costly output
            # columns after the sort and LIMIT, so for the page's rows only.
            headline_html=SearchHeadline(
                _as_html("headline"),
                search_query,
                config=SEARCH_CONFIG,
                start_sel="<mark>",
                stop_sel="</mark>",
                highlight_all=True,
            ),
            snippet_html=SearchHeadline(
                Concat(_as_html("standfirst"), Value(" "), "body", output_field=TextField()),
                search_query,
                config=SEARCH_CONFIG,
                **HIGHLIGHT_OPTIONS,
            ),
        )
        .order_by("-headline_match", "-rank", "-publish_at", "-id")
    )


def _as_html(field):
    """A plain-text field escaped in SQL, so ts_headline's HTML-aware parser keeps its < and &."""
    text = Replace(F(field), Value("&"), Value("&amp;"))
    text = Replace(text, Value("<"), Value("&lt;"))
    return Replace(text, Value(">"), Value("&gt;"), output_field=TextField())


def _fallback_matches(terms):
    article_type = ContentType.objects.get_for_model(Article)
    condition = Q()
    for term in terms:
        term_tags = TaggedItem.objects.filter(
            content_type=article_type, tag__name__icontains=term
        ).values("object_id")
        term_authors = Article.authors.through.objects.filter(
            Q(author__name__icontains=term) | Q(author__handle__icontains=term)
        ).values("article_id")
        condition &= (
            Q(headline__icontains=term)
            | Q(standfirst__icontains=term)
            | Q(body__icontains=term)
            | Q(pk__in=term_tags)
            | Q(pk__in=term_authors)
        )
    return (pk for pk, _publish_at in _newest(Article.objects.published().filter(condition)))


def _fallback_ranking(articles, terms):
    headline_hits = sum(
        (Case(When(headline__icontains=term, then=Value(1)), default=Value(0)) for term in terms),
        start=Value(0, output_field=IntegerField()),
    )
    standfirst_hits = sum(
        (Case(When(standfirst__icontains=term, then=Value(1)), default=Value(0)) for term in terms),
        start=Value(0, output_field=IntegerField()),
    )
    return articles.annotate(
        headline_hits=headline_hits,
        standfirst_hits=standfirst_hits,
        rank=Value(0.0, output_field=FloatField()),
        # Under another name, so listing pages' deferred body stays deferred elsewhere.
        snippet_source=Concat("standfirst", Value(" "), "body", output_field=TextField()),
    ).order_by("-headline_hits", "-standfirst_hits", "-publish_at", "-id")


def highlight(results, query):
    """Give each article of a page its safe `headline_marked` and `snippet` (in place)."""
    terms = query_terms(query)
    for article in results:
        if hasattr(article, "snippet_html"):
            article.headline_marked = safe_highlight(article.headline_html)
            article.snippet = safe_highlight(article.snippet_html)
        else:
            article.headline_marked = _mark_terms(article.headline, terms)
            article.snippet = _fallback_snippet(article, terms)
    return results


def _mark_terms(text, terms):
    """Escape `text` and wrap each occurrence of a term in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    pieces, position = [], 0
    for found in pattern.finditer(text):
        pieces.append(escape(text[position : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        position = found.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece escaped above


def _fallback_snippet(article, terms):
    text = " ".join(strip_tags(article.snippet_source).split())
    lowered = text.lower()
    starts = [lowered.find(term.lower()) for term in terms if term.lower() in lowered]
    start = max(min(starts) - 60, 0) if starts else 0
    excerpt = text[start : start + SNIPPET_LENGTH]
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_LENGTH < len(text) else ""
    return mark_safe(f"{prefix}{_mark_terms(excerpt, terms)}{suffix}")
