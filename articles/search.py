"""Search over published articles: headline, standfirst, body, tags and authors.

One ranking statement per page, whose work stays the same however large the archive grows: the
newest MAX_CANDIDATES published matches (a subquery: for news the best match is among the recent
ones, and the page counts these, never the archive), ranked, with the page's ten rows sliced off
and the candidates counted by a window function in the same statement. Only those ten rows are
highlighted. The result of a page (how many matches, which stories, their highlights) is cached,
keyed on the normalised query and the "search" generation, which every change to an article, an
author or a tag bumps (newsroom.cache.invalidate), and kept no longer than until the next
scheduled story goes live.

On PostgreSQL: full-text search (websearch syntax, so quotes, OR and -word work and no input is
a syntax error), ranked with headline matches weighted highest, with highlighted snippets. The
article is matched and ranked on its stored `search_document`: headline, standfirst, body, tag
names and bylines, kept current by triggers (migrations 0005 and 0006) and indexed with GIN, so
one index walk of the article table finds every kind of match, and nothing re-parses a body but
ts_headline, which PostgreSQL runs only for the page shown.

Elsewhere (SQLite in development and tests): every word must appear somewhere (icontains), and
stories with the words in the headline come first. Snippets are cut and highlighted in Python.

Either way a page's articles carry `snippet` and `headline_marked`, safe HTML in which only
<mark> survives.
"""

import functools
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import or_

import nh3
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.cache import cache
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, Replace
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from taggit.models import TaggedItem

from newsroom.cache import generations
from newsroom.languages import FALLBACK_SEARCH_CONFIG, current_language, language_info

from .invalidation import seconds_until_next_scheduled_publish
from .models import Article

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_LENGTH = 220
MAX_CANDIDATES = 300  # the newest matches that are ranked, and counted
SEARCH_TAG = "search"  # the cache tag of every search result (see invalidate_search)
RESULT_KEY = "newsroom:search:v1:{generation}:{digest}:{number}:{per_page}"

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


def normalise_query(query):
    """The query as searched and cached: cleaned, and in one case. Matching ignores case either
    way (and websearch's "or" is read in any case), so "Monsoon" and "monsoon " share results."""
    return clean_query(query).casefold()


def query_terms(query):
    """Words worth matching: runs of letters, combining marks and digits (a Devanagari word keeps
    its vowel signs, which `\\w` would split it at), at most MAX_TERMS of them."""
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in query)
    return kept.split()[:MAX_TERMS]


@functools.cache
def _configurations(alias):
    """The text-search configurations this PostgreSQL database has (read once per process: they
    change only with the server's version)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(name for (name,) in cursor.fetchall())


def search_config(language=None):
    """The configuration the page's language searches with: its own where the database has it,
    else "simple" (as the trigger builds that language's documents)."""
    wanted = language_info(language or current_language())["search_config"]
    if connection.vendor != "postgresql":
        return wanted
    return wanted if wanted in _configurations(connection.alias) else FALLBACK_SEARCH_CONFIG


def safe_highlight(html):
    """Keep only <mark> from a highlighted fragment; everything else is text, escaped."""
    return mark_safe(nh3.clean(html, tags={"mark"}, attributes={}))


@dataclass
class SearchPage:
    count: int  # the matches found (at most MAX_CANDIDATES)
    articles: list  # this page's, best first, each with `headline_marked` and `snippet`


def search_articles(*, query):
    """Published articles matching `query`, best first (call highlight() on a page of them)."""
    return _ranked(normalise_query(query))


def search_page(*, query, number, per_page):
    """Page `number` (from 1) of the results for `query`, from the cache when it can be."""
    query = normalise_query(query)
    if not query_terms(query):
        return SearchPage(count=0, articles=[])
    # Each language searches its own stories: its results are kept apart.
    digest = hashlib.sha256(f"{current_language()}:{query}".encode()).hexdigest()
    generation = generations([SEARCH_TAG])[SEARCH_TAG]
    key = RESULT_KEY.format(generation=generation, digest=digest, number=number, per_page=per_page)
    found = cache.get(key)
    if found is not None:
        count, marked = found
        return SearchPage(count=count, articles=_with_marks(marked))
    offset = (number - 1) * per_page
    page = list(_ranked(query).annotate(matches=Window(Count("pk")))[offset : offset + per_page])
    # An empty page past the first (a page number beyond the end) still needs the count, for the
    # paginator to say so.
    count = page[0].matches if page else (len(newest_matches(query=query)) if offset else 0)
    articles = highlight(page, query)
    marked = [(article.pk, article.headline_marked, article.snippet) for article in articles]
    cache.set(key, (count, marked), _result_timeout())
    return SearchPage(count=count, articles=articles)


def _with_marks(marked):
    """The articles of a cached page that are still published, in order, with their marks."""
    found = (
        Article.objects.published()
        .in_language()
        .for_listing()
        .in_bulk([pk for pk, _h, _s in marked])
    )
    articles = []
    for pk, headline_marked, snippet in marked:
        if pk in found:
            article = found[pk]
            article.headline_marked = mark_safe(headline_marked)
            article.snippet = mark_safe(snippet)
            articles.append(article)
    return articles


def _result_timeout():
    """SEARCH_CACHE_TIMEOUT seconds, or less if a scheduled or embargoed story goes live before
    then (a story that goes live by the clock saves nothing, so nothing bumps the generation).
    The moment is the one the page cache keeps (articles.invalidation): no query of its own."""
    timeout = settings.SEARCH_CACHE_TIMEOUT
    seconds = seconds_until_next_scheduled_publish()
    if seconds is not None:
        timeout = min(timeout, max(1, math.ceil(seconds)))
    return timeout


def search_tags(_instance):
    """What a change to an article, an author or a tag invalidates: every cached search result
    (it may match, rank or highlight differently now). Wired in ArticlesConfig.ready()."""
    return (SEARCH_TAG,)


def newest_matches(*, query):
    """The ids of the newest published articles matching `query`, at most MAX_CANDIDATES."""
    if not query_terms(query):
        return []
    return [pk for pk, _publish_at in _newest(_matches(query))]


def _ranked(query):
    """The newest MAX_CANDIDATES matches of `query`, best first: one statement (the candidates
    are a subquery)."""
    if not query_terms(query):
        return Article.objects.none()
    candidates = _matches(query).order_by("-publish_at", "-id").values("pk")[:MAX_CANDIDATES]
    if connection.vendor == "postgresql":
        articles = Article.objects.for_listing().filter(_IdIn(F("pk"), Subquery(candidates)))
        return _postgres_ranking(articles, query)
    articles = Article.objects.for_listing().filter(pk__in=candidates)
    return _fallback_ranking(articles, query_terms(query))


class _IdIn(Func):
    """`id = ANY(ARRAY(subquery))`: PostgreSQL runs the subquery once and reads each of its ids
    through the primary key. (As `id IN (subquery)`, a semi-join, it may read the whole table.)"""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        return f"{column_sql} = ANY(ARRAY{subquery_sql})", (*column_params, *subquery_params)


def _matches(query):
    if connection.vendor == "postgresql":
        return _postgres_matches(query)
    return _fallback_matches(query_terms(query))


def _newest(articles):
    return articles.order_by("-publish_at", "-id").values_list("id", "publish_at")[:MAX_CANDIDATES]


def _search_query(query):
    return SearchQuery(query, config=search_config(), search_type="websearch")


def _postgres_matches(query):
    # A word common across the archive walks the (status, -publish_at) index and stops after
    # MAX_CANDIDATES rows; a rare one reads its few rows from the stored document's GIN index.
    # Tags and bylines are in the document, so neither needs a table of its own read.
    return Article.objects.published().in_language().filter(search_document=_search_query(query))


def _postgres_ranking(articles, query):
    search_query = _search_query(query)
    config = search_config()
    any_term = reduce(or_, (SearchQuery(term, config=config) for term in query_terms(query)))
    return (
        articles.alias(
            # The headline's words as stored (weight A), so no headline is parsed again. An alias:
            # not an output column, which PostgreSQL would send and Django parse for every row.
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
                config=config,
                start_sel="<mark>",
                stop_sel="</mark>",
                highlight_all=True,
            ),
            snippet_html=SearchHeadline(
                Concat(_as_html("standfirst"), Value(" "), "body", output_field=TextField()),
                search_query,
                config=config,
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
    return Article.objects.published().in_language().filter(condition)


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
