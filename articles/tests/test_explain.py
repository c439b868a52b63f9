"""The archive can grow without the hot pages slowing down: listings never count the whole table,
and the hot queries use indexes (checked with EXPLAIN on PostgreSQL)."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Section
from articles.related import related_queryset
from articles.search import search_articles
from articles.views import LISTING_PAGE_SIZE, ListingPaginator, PublishedArticlesMixin

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_listing_pages_never_count_the_archive(client):
    section = make_section()
    for _ in range(LISTING_PAGE_SIZE + 1):
        make_article(section=section)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    html = response.content.decode()
    assert "Page 1</span>" in html
    assert " of " not in html.split('class="pagination"')[1].split("</nav>")[0]
    assert 'rel="next" href="?page=2"' in html
    assert 'rel="prev"' not in html


def test_the_last_page_has_no_older_link_and_past_it_is_404(client):
    section = make_section()
    for _ in range(LISTING_PAGE_SIZE + 1):
        make_article(section=section)
    last = client.get(section.get_absolute_url() + "?page=2")
    assert last.status_code == 200
    assert len(last.context["object_list"]) == 1
    html = last.content.decode()
    assert 'rel="prev" href="?page=1"' in html
    assert 'rel="next"' not in html
    assert client.get(section.get_absolute_url() + "?page=3").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "last", str(ListingPaginator.MAX_PAGES + 1)])
def test_bad_or_too_deep_page_numbers_are_404(client, page):
    section = make_section()
    make_article(section=section)
    assert client.get(section.get_absolute_url() + f"?page={page}").status_code == 404


def test_an_exactly_full_page_has_no_older_link(client):
    section = make_section()
    for _ in range(LISTING_PAGE_SIZE):
        make_article(section=section)
    response = client.get(section.get_absolute_url())
    assert len(response.context["object_list"]) == LISTING_PAGE_SIZE
    assert 'class="pagination"' not in response.content.decode()


def test_the_deepest_page_does_not_offer_a_deeper_one():
    paginator = ListingPaginator(list(range(10_000)), per_page=2)
    page = paginator.page(ListingPaginator.MAX_PAGES)
    assert page.has_previous()
    assert not page.has_next()


# --- EXPLAIN on PostgreSQL ----------------------------------------------------------------------

# A few thousand rows spread as a real archive is (no author or tag holds more than a sliver of
# it), analysed, so the planner weighs the indexes as it would on the full archive.
ARCHIVE_SIZE = 8000
SEQ_SCAN = re.compile(r"Seq Scan on articles_article\b(?!_)")


@pytest.fixture
def archive(db):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN plans are checked on PostgreSQL only (set DATABASE_URL to run this).")
    sections = Section.objects.bulk_create(
        Section(name=f"Section {n}", slug=f"section-{n}", position=n) for n in range(8)
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Reporter {n}", slug=f"reporter-{n}", handle=f"reporter{n}")
        for n in range(300)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"Topic {n}", slug=f"topic-{n}") for n in range(400))
    now = timezone.now()
    statuses = [Article.Status.PUBLISHED] * 18 + [Article.Status.DRAFT, Article.Status.ARCHIVED]
    articles = Article.objects.bulk_create(
        Article(
            headline=f"Story {n}",
            slug=f"story-{n}",
            standfirst="A standfirst.",
            body="<p>Body.</p>",
            section=sections[n % len(sections)],
            status=statuses[n % len(statuses)],
            publish_at=now - timedelta(minutes=10 * n) + timedelta(days=1 if n % 97 == 0 else 0),
            # A sliver under embargo, most of them long lifted.
            embargo_until=now + timedelta(hours=n % 5 - 3) if n % 211 == 0 else None,
        )
        for n in range(ARCHIVE_SIZE)
    )
    Article.authors.through.objects.bulk_create(
        Article.authors.through(article=article, author=authors[n % len(authors)])
        for n, article in enumerate(articles)
    )
    content_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=content_type, object_id=article.pk, tag=tags[n % len(tags)])
        for n, article in enumerate(articles)
    )
    with connection.cursor() as cursor:
        for table in ("articles_article", "articles_article_authors", "taggit_taggeditem"):
            cursor.execute(f"ANALYZE {table}")
    return {"section": sections[3], "author": authors[7], "tag": tags[5], "article": articles[40]}


def _listing(queryset, page=3):
    offset = (page - 1) * LISTING_PAGE_SIZE
    return queryset[offset : offset + LISTING_PAGE_SIZE + 1]


def _hot_querysets(archive):
    published = PublishedArticlesMixin().get_queryset()
    return {
        "home latest": published[:11],
        "home section blocks": published.latest_per_section(5),
        "home newest of a section": published.filter(section=archive["section"])
        .order_by("-publish_at", "-id")
        .values_list("id", flat=True)[:5],
        "section listing": _listing(published.filter(section=archive["section"])),
        "author listing": _listing(published.filter(authors=archive["author"])),
        "tag listing": _listing(published.filter(tags=archive["tag"])),
        "article page": Article.objects.published().filter(slug=archive["article"].slug),
        "next scheduled story": Article.objects.scheduled().order_by("publish_at")[:1],
        # Article.objects.next_release(): the next embargo to lift.
        "next embargo to lift": Article.objects.filter(
            status=Article.Status.PUBLISHED, embargo_until__gt=timezone.now()
        )
        .order_by("embargo_until")
        .values_list("embargo_until", flat=True)[:1],
        "related stories": related_queryset(archive["article"]),
    }


@pytest.mark.postgres
def test_hot_queries_do_not_scan_the_article_table(archive):
    plans = {name: queryset.explain() for name, queryset in _hot_querysets(archive).items()}
    scanning = {name: plan for name, plan in plans.items() if SEQ_SCAN.search(plan)}
    assert not scanning, "\n\n".join(f"{name}:\n{plan}" for name, plan in scanning.items())


@pytest.mark.postgres
def test_the_plan_check_notices_a_scan(archive):
    # The check above would fail on a filter without an index.
    assert SEQ_SCAN.search(Article.objects.filter(headline="Story 12").explain())


SEARCH_INDEX = "article_search_document_gin"


def _search_plans(query, reading="articles_article"):
    """EXPLAIN of each statement a search for `query` runs that reads `reading` (first page)."""
    with CaptureQueriesContext(connection) as queries:
        list(search_articles(query=query)[:10])
    statements = [q["sql"] for q in queries if reading in q["sql"]]
    assert statements
    with connection.cursor() as cursor:
        plans = []
        for sql in statements:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


@pytest.mark.postgres
def test_a_rare_search_word_is_found_through_the_stored_documents_index(archive):
    plans = _search_plans("4321")  # in one headline ("Story 4321") of the archive
    assert any(SEARCH_INDEX in plan for plan in plans), "\n\n".join(plans)
    assert not [plan for plan in plans if SEQ_SCAN.search(plan)], "\n\n".join(plans)


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["story", "topic", "reporter7", '"a standfirst" -body'])
def test_search_does_not_scan_the_article_table(archive, query):
    # Common words (every headline, tag and byline) walk the newest-first index instead.
    plans = _search_plans(query)
    assert not [plan for plan in plans if SEQ_SCAN.search(plan)], "\n\n".join(plans)


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["topic", "reporter7"])
def test_search_by_tag_or_byline_reads_the_article_table_alone(archive, query):
    # Tags and bylines are in the stored document: a tag carried by many stories is found by
    # the same index walk as a word, not by reading every story that carries it.
    # One statement: matching (the candidates' subquery) and ranking.
    plans = _search_plans(query, reading="search_document")
    assert len(plans) == 1
    assert not [
        plan for plan in plans if "taggit_taggeditem" in plan or "articles_author" in plan
    ], "\n\n".join(plans)
    assert [article.headline for article in search_articles(query=query)]
