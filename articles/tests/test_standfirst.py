"""A standfirst is optional (issue 20): wire copy often has none. Such a story is submitted and
published like any other, and what would have quoted the standfirst (the meta description, share
cards, JSON-LD, feeds) quotes the opening of the body instead."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article
from newsroom.roles import EDITOR, REPORTER
from newsroom.text import opening_text

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db

BODY = (
    "<p>NEW DELHI (Newswire) — The monsoon reached Kerala on Thursday, three days early, "
    "the weather office said &amp; farmers welcomed it.</p>"
    "<h2>What comes next</h2><p>Rain will spread north over the coming fortnight, "
    "reaching the capital by the end of June if the winds hold, forecasters said.</p>"
)


@pytest.fixture
def story():
    reporter = make_member("reporter", REPORTER)
    return reporter, make_story(by=reporter, standfirst="", body=BODY)


def test_a_story_without_a_standfirst_is_submitted_and_published(story):
    reporter, article = story
    editor = make_member("editor", EDITOR)
    services.article_submit(actor=reporter, article=article)
    services.article_publish(actor=editor, article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_live


def test_its_summary_is_the_opening_of_the_body_as_plain_text(story):
    _reporter, article = story
    summary = article.summary
    assert summary.startswith("NEW DELHI (Newswire) — The monsoon reached Kerala on Thursday")
    assert "said & farmers" in summary
    assert "&amp;" not in summary
    assert "<" not in summary
    # Blocks are kept apart by a space; the text is cut on a word with an ellipsis.
    assert "welcomed it. What comes next Rain will" in summary
    assert len(summary) <= 200
    assert summary.endswith("…")
    article.standfirst = "  The written standfirst wins.  "
    assert article.summary == "The written standfirst wins."


def test_opening_text_keeps_short_text_whole():
    assert opening_text("<p>One&nbsp;line.</p>") == "One line."
    assert opening_text("") == ""


def _published_without_standfirst(story):
    _reporter, article = story
    article.status = Article.Status.PUBLISHED
    article.save()
    return article


def test_the_page_describes_it_by_the_opening_of_the_body(client, story):
    article = _published_without_standfirst(story)
    html = client.get(article.get_absolute_url()).content.decode()
    opening = "NEW DELHI (Newswire) — The monsoon reached Kerala on Thursday, three days early"
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.startswith(opening)
    og = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    assert og.startswith(opening)
    ld = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    news = next(item for item in ld if item.get("@type") == "NewsArticle")
    assert news["description"].startswith(opening)
    # No empty standfirst paragraph on the page.
    assert "story__standfirst" not in html


def test_the_feeds_summarise_it_by_the_opening_of_the_body(client, story):
    article = _published_without_standfirst(story)
    rss = ET.fromstring(client.get(reverse("feed")).content)  # noqa: S314 - our own feed
    item = next(i for i in rss.iter("item") if i.findtext("title") == article.headline)
    assert item.findtext("description").startswith("NEW DELHI (Newswire) — The monsoon reached")
    atom = ET.fromstring(client.get(reverse("feed-atom")).content)  # noqa: S314 - our own feed
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entry = next(
        e
        for e in atom.findall("atom:entry", ns)
        if e.findtext("atom:title", namespaces=ns) == article.headline
    )
    assert entry.findtext("atom:summary", namespaces=ns).startswith("NEW DELHI (Newswire)")
