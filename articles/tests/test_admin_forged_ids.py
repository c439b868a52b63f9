"""A story form posted with ids that cannot exist (typed into the browser's tools, or a script):
the form comes back with its message, never a 500, and the story is as it was."""

import pytest
from django.urls import reverse

from articles.models import Article

from .factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

FORGED = ["x", "\x00", "99999999999999999999", "<script>alert(1)</script>"]


@pytest.fixture
def chief(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    return client


@pytest.mark.parametrize("field", ["section", "authors", "lead_image"])
@pytest.mark.parametrize("forged", FORGED)
def test_the_new_story_form_refuses_a_forged_id(chief, field, forged):
    make_section()
    data = {"headline": "Rains", "slug": "rains", "language": "en", "body": "<p>Rain.</p>"}
    response = chief.post(reverse("admin:articles_article_add"), {**data, field: [forged]})
    assert response.status_code == 200  # the admin's way: the form again, with its errors
    assert response.context["adminform"].form.errors.get(field)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("field", ["section", "authors", "lead_image"])
@pytest.mark.parametrize("forged", FORGED)
def test_the_story_change_form_refuses_a_forged_id(chief, field, forged):
    author = make_author(name="Meera Nair")
    article = make_article(headline="Rains", authors=[author])
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {"headline": "Rains again", "slug": article.slug, "body": "<p>Rain.</p>"}
    response = chief.post(url, {**data, field: [forged]})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get(field)
    article.refresh_from_db()
    assert article.headline == "Rains"
    assert list(article.authors.all()) == [author]


@pytest.mark.parametrize(
    "query",
    [
        "publish_at__year=9999&publish_at__month=12",
        "publish_at__year=99999999999999999999",
        "publish_at__day=1&publish_at__month=1&publish_at__year=1",
    ],
)
def test_a_date_filter_beyond_the_calendar_goes_back_to_the_plain_list(chief, query):
    make_article(headline="Rains")
    response = chief.get(reverse("admin:articles_article_changelist") + "?" + query)
    # Never a 500: PostgreSQL can hold year 1 and answers with the (empty) list; where the date
    # cannot be held the admin goes back to the plain list ("?e=1").
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
