"""A story page keeps its own parts (its head's metadata, its header, its body) as fragments on
its own tag's generation (newsroom.templatetags.page_fragments): read with the page's other
fragments, dropped by anything that changes the story and by nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from images.tests.factories import make_image
from newsroom.templatetags import page_fragments

from .factories import make_article, make_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_renders(monkeypatch):
    """The story parts rendered (not read from the cache), by name."""
    rendered = []
    real = page_fragments.PageFragmentNode.render

    def counting(node, context):
        original = node.nodelist.render

        def render(context):
            rendered.append(node.fragment_name)
            return original(context)

        node.nodelist.render = render
        try:
            return real(node, context)
        finally:
            del node.nodelist.render

    monkeypatch.setattr(page_fragments.PageFragmentNode, "render", counting)
    return rendered


def _html(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_edit_shows_at_once_and_other_stories_keep_theirs(client, story_renders):
    one, two = make_article(headline="First story"), make_article(headline="Second story")
    _html(client, one)
    _html(client, two)
    assert len(story_renders) == 6  # meta, header, body of each
    story_renders.clear()
    one.headline = "First story, updated"
    one.body = "<p>A new paragraph.</p>"
    one.save()
    html = _html(client, one)
    assert "First story, updated" in html
    assert "A new paragraph." in html
    assert '"headline": "First story, updated"' in html  # the head's JSON-LD too
    _html(client, two)
    assert story_renders == ["page:story-meta", "page:story-header", "page:story-body"]


def _story_reads(queries):
    """The statements that read the story's bylines or tags."""
    return [
        query["sql"]
        for query in queries
        if "articles_article_authors" in query["sql"] or "taggit_tag" in query["sql"]
    ]


def test_a_story_read_again_reads_no_byline_or_tag_until_it_is_edited(client):
    article = make_article(authors=[make_author()], tags=["Monsoon"])
    _html(client, article)
    _html(client, article)
    with CaptureQueriesContext(connection) as queries:
        html = _html(client, article)
    assert "Monsoon" in html
    assert _story_reads(queries) == []
    # Nor the story itself: its row is kept with its fragments (any change of it drops them).
    assert not [q for q in queries if 'FROM "articles_article" ' in q["sql"] and "slug" in q["sql"]]
    article.standfirst = "Changed."
    article.save()
    with CaptureQueriesContext(connection) as queries:
        assert "Changed." in _html(client, article)
    # Its authors and tags are kept apart from its text (articles.people): not read again.
    assert _story_reads(queries) == []


def test_new_authors_and_tags_show_at_once_from_either_side(client):
    asha, ravi = make_author(name="Asha Rao", handle="asharao"), make_author(handle="raviv")
    article = make_article(authors=[asha], tags=["Monsoon"])
    _html(client, article)
    article.tags.add("Floods")
    html = _html(client, article)
    assert ">Floods</a>" in html
    assert '<meta property="article:tag" content="Floods">' in html  # the head's too
    ravi.articles.add(article)
    asha.articles.remove(article)
    html = _html(client, article)
    assert "@raviv" in html
    assert "@asharao" not in html
    with CaptureQueriesContext(connection) as queries:
        _html(client, article)
    assert _story_reads(queries) == []


def test_a_new_caption_for_its_picture_and_a_renamed_author_show_at_once(client):
    author = make_author(name="Asha Rao", handle="asharao")
    picture = make_image(caption="Boats on the Hooghly", credit="Photo: A. Sen")
    article = make_article(authors=[author], lead_image=picture)
    assert "Boats on the Hooghly" in _html(client, article)
    picture.caption = "Ferries on the Hooghly at dawn"
    picture.save()
    assert "Ferries on the Hooghly at dawn" in _html(client, article)
    author.handle = "asha"
    author.save()
    html = _html(client, article)
    assert "@asha<" in html
    assert "@asharao" not in html


def test_a_taken_down_story_is_gone_at_once(client):
    article = make_article()
    _html(client, article)
    article.status = article.Status.ARCHIVED
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
