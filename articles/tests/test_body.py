import pytest

from articles.body import split_blocks
from articles.models import ArticleImage
from articles.tests.factories import make_article
from images.tests.factories import make_image

pytestmark = pytest.mark.django_db


def test_body_images_render_in_place_after_their_paragraph(client):
    article = make_article(
        body="<p>First.</p><h2>Sub-head</h2><p>Second.</p><blockquote><p>Q</p></blockquote>"
    )
    after_first = make_image(caption="After the first paragraph.", credit="A")
    at_end = make_image(caption="Library words", credit="B")
    ArticleImage.objects.create(article=article, image=after_first, after_paragraph=1)
    ArticleImage.objects.create(
        article=article, image=at_end, after_paragraph=99, caption="Own words."
    )
    html = client.get(article.get_absolute_url()).content.decode()
    order = [
        html.index("<p>First.</p>"),
        html.index("After the first paragraph."),
        html.index("<h2>Sub-head</h2>"),
        html.index("<blockquote><p>Q</p></blockquote>"),
        html.index("Own words."),
    ]
    assert order == sorted(order)
    assert "Library words" not in html
    assert html.count('loading="lazy"') == 2


def test_split_blocks_keeps_blocks_whole_and_unchanged():
    body = (
        '<p>A &amp; B <a href="https://example.org/?a=1&amp;b=2">link</a></p>'
        "<ul><li><p>one</p></li><li>two</li></ul><hr><blockquote><p>x</p><p>y</p></blockquote>"
    )
    blocks = split_blocks(body)
    assert blocks == [
        '<p>A &amp; B <a href="https://example.org/?a=1&amp;b=2">link</a></p>',
        "<ul><li><p>one</p></li><li>two</li></ul>",
        "<hr>",
        "<blockquote><p>x</p><p>y</p></blockquote>",
    ]
    assert "".join(blocks) == body
