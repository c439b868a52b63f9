"""Hostile HTML through every field that reaches a page: nothing may come out executable.

Each row of FIELDS says how to store a payload in one field and which pages show that field. To
cover a new field (a caption, the ticker, the appeal, a comment, the search query), add one row.
"""

from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from taggit.models import Tag

from articles.search import MAX_QUERY_LENGTH
from articles.tests.factories import make_article, make_author, make_section
from comments.models import Comment
from comments.tests.factories import make_comment
from donations.models import Donation
from donations.tests.factories import make_appeal, make_donation
from images.tests.factories import make_image
from newsroom.models import SiteSettings
from ticker.tests.factories import make_item

from .html_audit import audit_html, problems_against_baseline

pytestmark = pytest.mark.django_db

PAYLOADS_FILE = Path(__file__).resolve().parents[1] / "xss" / "payloads.txt"
PAYLOADS = [line for line in PAYLOADS_FILE.read_text(encoding="utf-8").splitlines() if line]
CLEAN_VALUE = "Clean words only"


def _set(instance, name, value):
    """Store `value` as an editor could: cut to the field's length, saved through the model."""
    max_length = instance._meta.get_field(name).max_length
    setattr(instance, name, value[:max_length] if max_length else value)
    instance.save()


def _site_settings(name):
    def store(site, payload):
        _set(SiteSettings.current(), name, payload)

    return store


def _on(key, name):
    def store(site, payload):
        _set(site[key], name, payload)

    return store


def _search_query(site, payload):
    # The query comes back on the results page (the heading and the search box), from the URL.
    site["urls"]["search"] = "/search/?" + urlencode({"q": payload[:MAX_QUERY_LENGTH]})


def _pages(*names):
    return lambda site: list(names)


LISTINGS = ("home", "section", "author", "tag")
# The ticker strip is on every reader page.
READER_PAGES = ("home", "article", "section", "author", "tag", "about", "support", "search")

# (field, how to store a payload in it, the pages that show it)
FIELDS = [
    ("article body", _on("article", "body"), _pages("article")),
    ("headline", _on("article", "headline"), _pages("article", *LISTINGS)),
    ("standfirst", _on("article", "standfirst"), _pages("article", *LISTINGS)),
    ("correction", _on("correction", "text"), _pages("article", "corrections")),
    ("dateline place", _on("article", "dateline_place"), _pages("article")),
    ("author name", _on("author", "name"), _pages("author")),
    ("author bio", _on("author", "bio"), _pages("author")),
    ("section name", _on("section", "name"), _pages("section", "article", "home")),
    ("section description", _on("section", "description"), _pages("section")),
    ("tag name", _on("tag", "name"), _pages("tag", "article")),
    ("site name", _site_settings("site_name"), _pages("home")),
    ("site tagline", _site_settings("tagline"), _pages("home")),
    ("site about", _site_settings("about"), _pages("about")),
    ("image caption", _on("image", "caption"), _pages("article")),
    ("image credit", _on("image", "credit"), _pages("article")),
    ("image alt text", _on("image", "alt_text"), _pages("article", *LISTINGS)),
    ("lead image caption", _on("article", "lead_image_caption"), _pages("article")),
    ("ticker text", _on("ticker item", "text"), _pages(*READER_PAGES)),
    ("appeal title", _on("appeal", "title"), _pages("article", "support")),
    ("appeal lead", _on("appeal", "lead"), _pages("article", "support")),
    ("appeal body", _on("appeal", "body"), _pages("article", "support")),
    ("appeal closing", _on("appeal", "closing"), _pages("article", "support")),
    ("supporter name", _on("donation", "name"), _pages("support")),
    ("supporter message", _on("donation", "message"), _pages("support")),
    ("comment name", _on("comment", "name"), _pages("article")),
    ("comment body", _on("comment", "body"), _pages("article")),
    ("search query", _search_query, _pages("search")),
]


@pytest.fixture
def site():
    section = make_section(name="World", slug="world", description="News from abroad.")
    author = make_author(name="Asha Rao", slug="asha-rao", handle="asharao", bio="Reporter.")
    article = make_article(
        section=section,
        authors=[author],
        tags=["Diplomacy"],
        dateline_place="HAVANA",
    )
    correction = article.corrections.create(text="An earlier version misnamed the venue.")
    SiteSettings.objects.update_or_create(pk=1, defaults={"about": "We report from Delhi."})
    tag = Tag.objects.get(name="Diplomacy")
    image = make_image(size=(64, 40))
    article.lead_image = image
    article.save()
    appeal = make_appeal()
    return {
        "section": section,
        "author": author,
        "article": article,
        "tag": tag,
        "image": image,
        "ticker item": make_item(article=None),
        "appeal": appeal,
        "donation": make_donation(
            appeal=appeal, status=Donation.Status.PAID, is_public=True, message="Thank you."
        ),
        "comment": make_comment(article=article, status=Comment.Status.APPROVED),
        "correction": correction,
        "urls": {
            "home": "/",
            "section": section.get_absolute_url(),
            "article": article.get_absolute_url(),
            "author": author.get_absolute_url(),
            "tag": f"/tag/{tag.slug}/",
            "about": "/about/",
            "corrections": "/corrections/",
            "support": "/support/",
            "search": "/search/?q=clean",
        },
    }


def _render(client, site, page):
    # A fresh cache each time: the ticker strip is cached, and search is rate limited.
    cache.clear()
    url = site["urls"][page]
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_corpus_is_big_and_varied():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    for marker in ("<script", "onerror", "javascript:", "data:", "<svg", "&#", "<math", "style="):
        assert any(marker in payload.lower() for payload in PAYLOADS), marker


def test_the_audit_sees_the_corpus_when_it_is_not_escaped():
    """The harness is not blind: pasted raw into a page, most payloads are caught."""
    baseline = "<!doctype html><html><head></head><body><p>x</p></body></html>"
    caught = [
        payload
        for payload in PAYLOADS
        if problems_against_baseline(baseline.replace("x", payload), baseline)
    ]
    # The rest are harmless as markup too (already-escaped text, a bare "javascript:" as text).
    assert len(caught) >= 120, sorted(set(PAYLOADS) - set(caught))


@pytest.mark.parametrize(
    "snippet",
    [
        '<a href="&#x6A;avascript:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href=" \x01javascript:alert(1)">x</a>',
        '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
        '<img srcset="javascript:alert(1) 1x">',
        "<svg><animate attributeName=href values=javascript:alert(1) /></svg>",
        '<a xlink:href="vbscript:msgbox(1)">x</a>',
        '<form><button formaction="javascript:alert(1)">x</button></form>',
        '<p style="color:red">x</p>',
        "<p ONCLICK=alert(1)>x</p>",
        '<script src="https://evil.example/x.js"></script>',
        "<script>alert(1)</script>",
    ],
)
def test_the_audit_flags_each_kind_of_attack(snippet):
    assert audit_html(snippet).problems


def test_the_audit_accepts_our_own_scripts_and_raster_data_images():
    html = (
        '<script src="/static/js/site.js" defer></script>'
        '<script type="application/ld+json" nonce="abc">{}</script>'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">'
        '<a href="https://example.com/">x</a><a href="mailto:desk@example.com">y</a>'
    )
    assert audit_html(html).problems == []


def _store_everywhere(site, value):
    for _field, store, _pages in FIELDS:
        store(site, value)


def _fields_behind(client, site, payload, url, baseline):
    """Which fields, holding `payload` alone, make `url` fail (to name the culprit)."""
    culprits = []
    for field, store, pages in FIELDS:
        if url in pages(site):
            _store_everywhere(site, CLEAN_VALUE)
            store(site, payload)
            if problems_against_baseline(_render(client, site, url), baseline):
                culprits.append(field)
    return culprits


def test_every_field_is_covered_on_a_page():
    assert {row[0] for row in FIELDS} >= {
        "article body",
        "headline",
        "standfirst",
        "correction",
        "dateline place",
        "author name",
        "author bio",
        "section name",
        "section description",
        "tag name",
        "site tagline",
        "site about",
        "image caption",
        "image credit",
        "ticker text",
        "appeal title",
        "appeal lead",
        "appeal body",
        "appeal closing",
        "comment name",
        "comment body",
        "search query",
    }


# The corpus is checked in shares (every SHARES-th payload), so pytest-xdist spreads it over
# the cores: as one test it was the suite's longest, about a minute.
SHARES = 8


def test_the_shares_cover_every_payload_once():
    numbers = [number for share in range(SHARES) for number, _payload in _share(share)]
    assert sorted(numbers) == list(range(1, len(PAYLOADS) + 1))


def _share(share):
    """(number, payload) of every SHARES-th payload from the share-th, numbered from 1."""
    return list(enumerate(PAYLOADS, start=1))[share::SHARES]


@pytest.mark.parametrize("share", range(SHARES))
def test_no_payload_comes_out_executable(client, site, share):
    """Each payload goes into every field at once and every page is checked, which keeps the run
    short; when a page fails, the fields are tried one by one to name the one at fault."""
    urls = list(dict.fromkeys(url for _field, _store, pages in FIELDS for url in pages(site)))
    _store_everywhere(site, CLEAN_VALUE)
    baselines = {url: audit_html(_render(client, site, url)) for url in urls}
    failures = []
    for number, payload in _share(share):
        _store_everywhere(site, payload)
        for url in urls:
            problems = problems_against_baseline(_render(client, site, url), baselines[url])
            if problems:
                failures.append((number, payload, url, problems))
        if len(failures) >= 10:
            break
    report = [
        f"payload {number} {payload!r} on {url} through "
        f"{_fields_behind(client, site, payload, url, baselines[url])}: {problems}"
        for number, payload, url, problems in failures
    ]
    assert not report, "\n".join(report)
