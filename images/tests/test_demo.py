import pytest

from articles import demo as articles_demo
from articles.models import Article
from images import demo as images_demo
from images.models import Image

pytestmark = pytest.mark.django_db


class _Command:
    class stdout:  # noqa: N801 - stands in for a management command's stdout
        @staticmethod
        def write(text):
            pass


def test_demo_gives_every_article_a_credited_picture_and_is_safe_to_run_twice(
    tmp_path, monkeypatch
):
    from newsroom import demo as newsroom_demo

    monkeypatch.setattr(newsroom_demo, "CREDENTIALS_FILE", tmp_path / "demo-accounts.txt")
    newsroom_demo.load(_Command)  # the demo's stories are written and published by its accounts
    articles_demo.load(_Command)
    images_demo.load(_Command)
    count = Image.objects.count()
    assert count == Article.objects.count()
    for article in Article.objects.select_related("lead_image"):
        image = article.lead_image
        assert image.credit
        assert image.alt_text
        assert [r["width"] for r in image.renditions] == [480, 800, 1200, 1600]
    images_demo.load(_Command)
    assert Image.objects.count() == count
