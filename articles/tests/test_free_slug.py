"""A new story's address when nobody typed one: made from the headline in its own script
(Devanagari's vowel signs kept), never one another story has; live promotion and wire drafts use
the same rule."""

import pytest
from django.urls import reverse

from articles.models import Article

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    return client


def test_a_free_slug_keeps_the_script_and_steps_past_taken_ones():
    assert Article.objects.free_slug("भारत में बारिश की चेतावनी") == "भारत-में-बारिश-की-चेतावनी"
    make_article(headline="Rain", slug="rain")
    make_article(headline="Rain", slug="rain-2")
    assert Article.objects.free_slug("Rain!") == "rain-3"
    # Only a whole slug counts as taken: "rain-storm" leaves "rain-s" free.
    make_article(headline="Rain storm", slug="rain-storm")
    assert Article.objects.free_slug("Rain s") == "rain-s"
    assert Article.objects.free_slug("<>!", fallback="live-update-7") == "live-update-7"
    long = Article.objects.free_slug("बारिश " * 60)
    assert len(long) <= Article._meta.get_field("slug").max_length


def _new_story(client, **fields):
    section = make_section()
    data = {
        "headline": "मानसून समय से पहले केरल पहुंचा",
        "slug": "",
        "language": "hi",
        "body": "<p>बारिश।</p>",
        "section": section.pk,
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(reverse("admin:articles_article_add"), data)


def test_a_new_story_saved_without_a_slug_gets_one_from_its_headline(admin_client_logged_in):
    make_article(headline="पहले की खबर", slug="मानसून-समय-से-पहले-केरल-पहुंचा")
    response = _new_story(admin_client_logged_in)
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Article.objects.get(headline="मानसून समय से पहले केरल पहुंचा")
    assert story.slug == "मानसून-समय-से-पहले-केरल-पहुंचा-2"


def test_a_typed_slug_is_kept_and_a_taken_one_refused(admin_client_logged_in):
    response = _new_story(admin_client_logged_in, slug="monsoon-kerala")
    assert response.status_code == 302
    assert Article.objects.filter(slug="monsoon-kerala").exists()
    again = _new_story(admin_client_logged_in, headline="Another", slug="monsoon-kerala")
    assert again.status_code == 200
    assert again.context["adminform"].form.errors.get("slug")


def test_an_existing_story_still_needs_its_slug(admin_client_logged_in):
    story = make_article(headline="Rains", slug="rains")
    response = admin_client_logged_in.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        {"headline": "Rains", "slug": "", "body": "<p>Rain.</p>"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("slug")
    story.refresh_from_db()
    assert story.slug == "rains"
