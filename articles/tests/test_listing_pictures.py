import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.islands import most_read_island
from articles.tests.factories import make_article, make_author, make_section
from images.tests.factories import make_image
from newsroom.cache import SITE, STORIES, invalidate

pytestmark = pytest.mark.django_db


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _illustrated(section, author):
    return make_article(
        section=section, authors=[author], tags=["Budget"], lead_image=make_image(size=(64, 40))
    )


@pytest.mark.parametrize("page", ["home", "section", "author", "tag"])
def test_listings_show_thumbnails_with_the_same_queries_for_1_and_50_illustrated(client, page):
    sections = [make_section() for _ in range(2)]
    author = make_author()
    first = _illustrated(sections[0], author)
    urls = {
        "home": reverse("articles:home"),
        "section": sections[0].get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": reverse("articles:tag", args=["budget"]),
    }
    client.get(urls[page])  # warm the site-settings cache both times alike
    # Counted on a full render: after a change (a new content version) nothing shared is reused.
    invalidate(SITE, STORIES)
    most_read_island.invalidate()  # built again on a cold render, as any story's save does
    with_one, html = _count_queries(client, urls[page])
    # Teasers take the 3:2 renditions (cut around the focal point), not the whole frame.
    assert first.lead_image.crops[0]["name"] in html
    assert first.lead_image.renditions[0]["name"] not in html
    assert first.lead_image.credit in html
    for number in range(49):
        _illustrated(sections[number % 2], author)
    invalidate(SITE, STORIES)
    most_read_island.invalidate()  # built again on a cold render, as any story's save does
    with_fifty, html = _count_queries(client, urls[page])
    assert with_one == with_fifty
    assert html.count('class="teaser__media"') >= 4
