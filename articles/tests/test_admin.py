import pytest
from django.urls import reverse

from articles.models import Article

from .factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    return client


def test_article_form_has_the_rich_text_editor_under_the_csp(admin_client_logged_in):
    response = admin_client_logged_in.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "prose-editor" in html or "django_prose_editor" in html
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    # The editor's import map is allowed by this response's own nonce, not by a loose policy.
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in html


def test_article_list_filters_and_search(admin_client_logged_in):
    section = make_section(name="Sport", slug="sport")
    author = make_author(name="Kabir Sethi", handle="kabir")
    make_article(section=section, authors=[author], headline="Final goes to a super over")
    make_article(headline="Monsoon arrives early", status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_changelist")
    html = admin_client_logged_in.get(url, {"q": "kabir"}).content.decode()
    assert "Final goes to a super over" in html
    assert "Monsoon arrives early" not in html
    html = admin_client_logged_in.get(url, {"status__exact": "draft"}).content.decode()
    assert "Monsoon arrives early" in html
    assert "Final goes to a super over" not in html


def test_saving_from_the_admin_sanitises_and_records_the_author(admin_client_logged_in):
    section = make_section()
    response = admin_client_logged_in.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "Port strike ends",
            "slug": "port-strike-ends",
            "standfirst": "Dockers return.",
            "body": '<p onmouseover="x()">Work resumed.<script>alert(1)</script></p>',
            "section": section.pk,
            "tags": "Ports, Labour",
            "status": "draft",
            "dateline_place": "CHENNAI",
            # The corrections inline, as the page sends it (none added).
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            # The (empty) inline of body images (images app).
            "body_images-TOTAL_FORMS": "0",
            "body_images-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="port-strike-ends")
    assert article.body == "<p>Work resumed.</p>"
    assert article.created_by.username == "chief"
    assert sorted(article.tags.names()) == ["Labour", "Ports"]


def test_view_on_site_link(admin_client_logged_in):
    article = make_article()
    html = admin_client_logged_in.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "View on site" in html
