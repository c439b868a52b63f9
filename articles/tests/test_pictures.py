import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article, ArticleImage
from articles.pictures import missing_image_metadata
from articles.tests.factories import make_article, make_author, make_member, make_section
from images.tests.factories import make_image

pytestmark = pytest.mark.django_db


def test_fit_pictures_raise_no_problem():
    article = make_article(lead_image=make_image())
    ArticleImage.objects.create(article=article, image=make_image())
    assert missing_image_metadata(article) == []


def test_problems_name_the_image_and_what_is_missing():
    lead = make_image(caption="Harbour at dawn", credit="")
    body = make_image(caption="Crowd outside court", alt_text="", credit="")
    article = make_article(lead_image=lead, status=Article.Status.DRAFT)
    ArticleImage.objects.create(article=article, image=make_image())
    ArticleImage.objects.create(article=article, image=body)
    assert missing_image_metadata(article) == [
        f"The lead image #{lead.pk} “Harbour at dawn” has no credit.",
        f"Body image 2, #{body.pk} “Crowd outside court”, has no alt text and credit.",
    ]


def test_a_published_article_cannot_be_saved_through_full_clean_with_an_unfit_picture():
    article = make_article(lead_image=make_image(alt_text=""), status=Article.Status.DRAFT)
    article.full_clean()  # a draft may have an unfinished picture
    article.status = Article.Status.PUBLISHED
    with pytest.raises(ValidationError, match="has no alt text"):
        article.full_clean()


def _article_post(section, **fields):
    data = {
        "headline": "Port strike ends",
        "slug": "port-strike-ends",
        "standfirst": "",
        "body": "<p>One.</p><p>Two.</p>",
        "section": section.pk,
        "tags": "",
        "status": "published",
        "publish_at_0": "",
        "publish_at_1": "",
        "dateline_place": "",
        # The corrections inline, as the page sends it (none added).
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "lead_image": "",
        "lead_image_caption": "",
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def test_admin_refuses_to_publish_with_a_lead_image_without_credit(admin_client):
    image = make_image(caption="Harbour at dawn", credit="")
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        _article_post(
            make_section(),
            lead_image=image.pk,
            standfirst="Dockers return.",
            authors=[make_author().pk],
            _workflow="publish",
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert (
        f"The lead image #{image.pk} “Harbour at dawn” has no credit." in response.content.decode()
    )
    assert not Article.objects.published().exists()
    assert Article.objects.get().status == Article.Status.DRAFT  # the work is kept as a draft


def test_admin_refuses_to_publish_with_a_new_body_image_without_alt_text(admin_client):
    image = make_image(caption="Crowd outside court", alt_text="")
    data = _article_post(
        make_section(),
        **{
            "body_images-TOTAL_FORMS": "1",
            "body_images-0-image": image.pk,
            "body_images-0-caption": "",
            "body_images-0-after_paragraph": "1",
            "standfirst": "Dockers return.",
            "authors": [make_author().pk],
            "_workflow": "publish",
        },
    )
    response = admin_client.post(reverse("admin:articles_article_add"), data, follow=True)
    assert response.status_code == 200
    assert f"Body image 1, #{image.pk} “Crowd outside court”, has no alt text." in (
        response.content.decode()
    )
    assert not Article.objects.published().exists()


def test_admin_publishes_with_fit_pictures_and_saves_the_placement(admin_client):
    lead, body = make_image(), make_image()
    data = _article_post(
        make_section(),
        lead_image=lead.pk,
        lead_image_caption="Own caption.",
        **{
            "body_images-TOTAL_FORMS": "1",
            "body_images-0-image": body.pk,
            "body_images-0-caption": "",
            "body_images-0-after_paragraph": "2",
        },
    )
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.lead_image == lead
    assert article.lead_image_caption == "Own caption."
    assert [(p.image, p.after_paragraph) for p in article.body_images.all()] == [(body, 2)]


def test_a_draft_may_be_saved_with_an_unfinished_picture(admin_client):
    image = make_image(credit="")
    data = _article_post(make_section(), status="draft", lead_image=image.pk)
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["Reporter", "Editor"])
def test_those_who_write_a_story_place_its_body_pictures(client, role):
    # The role groups hold no permissions on placements: the inline follows the story's own.
    writer = make_member("writer", role)
    client.force_login(writer)
    assert (
        "body_images-TOTAL_FORMS"
        in client.get(reverse("admin:articles_article_add")).content.decode()
    )
    picture = make_image()
    data = _article_post(
        make_section(),
        status="draft",
        authors=[make_author().pk],
        **{
            "body_images-TOTAL_FORMS": "1",
            "body_images-0-image": picture.pk,
            "body_images-0-caption": "",
            "body_images-0-after_paragraph": "1",
        },
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert [p.image for p in article.body_images.all()] == [picture]
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert "body_images-0-image" in client.get(change).content.decode()


def test_a_reporter_cannot_place_pictures_in_someone_elses_story(client):
    reporter = make_member("reporter", "Reporter")
    story = make_article(status=Article.Status.PUBLISHED)
    client.force_login(reporter)
    data = _article_post(
        story.section,
        status="published",
        slug=story.slug,
        **{
            "body_images-TOTAL_FORMS": "1",
            "body_images-0-image": make_image().pk,
            "body_images-0-after_paragraph": "1",
        },
    )
    client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    assert not ArticleImage.objects.exists()
