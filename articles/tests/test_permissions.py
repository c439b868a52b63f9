"""Every admin URL of articles, the audit log, images, ticker items, appeals, donations and
comments against every role (and anonymous), as newsroom/roles.py grants them.
"""

import pytest
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from comments.tests.factories import make_comment
from donations.models import Appeal, Donation
from donations.tests.factories import make_appeal, make_donation
from images.models import Image
from images.tests.factories import make_image
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR, FUNDRAISING, MODERATOR, REPORTER
from newsroom.services import audit_record
from ticker.models import TickerItem
from ticker.tests.factories import make_item

from .factories import make_member, make_section, make_story

pytestmark = pytest.mark.django_db

ROLE_USERS = {
    "reporter": REPORTER,
    "editor": EDITOR,
    "moderator": MODERATOR,
    "fundraising": FUNDRAISING,
}


@pytest.fixture
def newsroom(django_user_model):
    users = {name: make_member(name, group) for name, group in ROLE_USERS.items()}
    users["other_reporter"] = make_member("other_reporter", REPORTER)
    own = make_story(by=users["reporter"], headline="Reporter's own draft")
    others = make_story(by=users["other_reporter"], headline="Someone else's draft")
    own_in_review = make_story(by=users["reporter"], status=Article.Status.IN_REVIEW)
    entry = audit_record(actor=users["editor"], action="published", obj=own)
    donation = make_donation(appeal=make_appeal(title="Monsoon appeal"))
    return {
        "users": users,
        "own": own,
        "others": others,
        "in_review": own_in_review,
        "entry": entry,
        "own image": make_image(
            size=(64, 40), actor=users["reporter"], caption="Reporter's own picture."
        ),
        "others' image": make_image(
            size=(64, 40), actor=users["other_reporter"], caption="Someone's picture."
        ),
        "ticker item": make_item(text="Ticker line"),
        "appeal": donation.appeal,
        "donation": donation,
        "comment": make_comment(article=others),
    }


def _admin_urls(label, model, obj, name=None):
    name = name or model
    return {
        f"{name} list": reverse(f"admin:{label}_{model}_changelist"),
        f"{name} add": reverse(f"admin:{label}_{model}_add"),
        f"{name} change": reverse(f"admin:{label}_{model}_change", args=[obj.pk]),
        f"{name} delete": reverse(f"admin:{label}_{model}_delete", args=[obj.pk]),
        f"{name} history": reverse(f"admin:{label}_{model}_history", args=[obj.pk]),
    }


def _urls(newsroom):
    own, others, entry = newsroom["own"], newsroom["others"], newsroom["entry"]
    return {
        "article list": reverse("admin:articles_article_changelist"),
        "article add": reverse("admin:articles_article_add"),
        "own article": reverse("admin:articles_article_change", args=[own.pk]),
        "others' article": reverse("admin:articles_article_change", args=[others.pk]),
        "own article delete": reverse("admin:articles_article_delete", args=[own.pk]),
        "others' article delete": reverse("admin:articles_article_delete", args=[others.pk]),
        "own article history": reverse("admin:articles_article_history", args=[own.pk]),
        "others' article history": reverse("admin:articles_article_history", args=[others.pk]),
        "own article revisions": reverse("admin:articles_article_revisions", args=[own.pk]),
        "others' article revisions": reverse("admin:articles_article_revisions", args=[others.pk]),
        "section list": reverse("admin:articles_section_changelist"),
        "section add": reverse("admin:articles_section_add"),
        "author list": reverse("admin:articles_author_changelist"),
        "audit log": reverse("admin:newsroom_auditentry_changelist"),
        "audit entry": reverse("admin:newsroom_auditentry_change", args=[entry.pk]),
        "audit add": reverse("admin:newsroom_auditentry_add"),
        "audit delete": reverse("admin:newsroom_auditentry_delete", args=[entry.pk]),
        **_admin_urls("images", "image", newsroom["own image"], "own image"),
        "others' image change": reverse(
            "admin:images_image_change", args=[newsroom["others' image"].pk]
        ),
        "others' image delete": reverse(
            "admin:images_image_delete", args=[newsroom["others' image"].pk]
        ),
        **_admin_urls("ticker", "tickeritem", newsroom["ticker item"], "ticker item"),
        **_admin_urls("donations", "appeal", newsroom["appeal"]),
        **_admin_urls("donations", "donation", newsroom["donation"]),
        **_admin_urls("comments", "comment", newsroom["comment"]),
    }


# (url name) -> expected status for reporter, editor, moderator, fundraising, superuser.
MATRIX = {
    "article list": (200, 200, 403, 403, 200),
    "article add": (200, 200, 403, 403, 200),
    "own article": (200, 200, 403, 403, 200),
    "others' article": (403, 200, 403, 403, 200),
    "own article delete": (403, 200, 403, 403, 200),
    "others' article delete": (403, 200, 403, 403, 200),
    "own article history": (200, 200, 403, 403, 200),
    "others' article history": (403, 200, 403, 403, 200),
    "own article revisions": (200, 200, 403, 403, 200),
    "others' article revisions": (403, 200, 403, 403, 200),
    "section list": (200, 200, 403, 403, 200),
    "section add": (403, 200, 403, 403, 200),
    "author list": (200, 200, 403, 403, 200),
    "audit log": (403, 200, 403, 403, 200),
    "audit entry": (403, 200, 403, 403, 200),
    "audit add": (403, 403, 403, 403, 403),
    "audit delete": (403, 403, 403, 403, 403),
    # Reporters upload and see every picture; someone else's opens read-only (200, no form).
    "own image list": (200, 200, 403, 403, 200),
    "own image add": (200, 200, 403, 403, 200),
    "own image change": (200, 200, 403, 403, 200),
    "own image delete": (403, 200, 403, 403, 200),
    "own image history": (200, 200, 403, 403, 200),
    "others' image change": (200, 200, 403, 403, 200),
    "others' image delete": (403, 200, 403, 403, 200),
    "ticker item list": (403, 200, 403, 403, 200),
    "ticker item add": (403, 200, 403, 403, 200),
    "ticker item change": (403, 200, 403, 403, 200),
    "ticker item delete": (403, 200, 403, 403, 200),
    "ticker item history": (403, 200, 403, 403, 200),
    "appeal list": (403, 403, 403, 200, 200),
    "appeal add": (403, 403, 403, 200, 200),
    "appeal change": (403, 403, 403, 200, 200),
    "appeal delete": (403, 403, 403, 200, 200),
    "appeal history": (403, 403, 403, 200, 200),
    # Payment records: nobody adds or deletes them; fundraising reads them (view-only form).
    "donation list": (403, 403, 403, 200, 200),
    "donation add": (403, 403, 403, 403, 403),
    "donation change": (403, 403, 403, 200, 200),
    "donation delete": (403, 403, 403, 403, 403),
    "donation history": (403, 403, 403, 200, 200),
    # Readers write comments; moderators moderate and delete them.
    "comment list": (403, 403, 200, 403, 200),
    "comment add": (403, 403, 403, 403, 403),
    "comment change": (403, 403, 200, 403, 200),
    "comment delete": (403, 403, 200, 403, 200),
    "comment history": (403, 403, 200, 403, 200),
}
ROLES = ["reporter", "editor", "moderator", "fundraising", "superuser"]


def test_the_matrix_covers_every_url_for_every_role(newsroom):
    assert set(MATRIX) == set(_urls(newsroom))
    assert all(len(statuses) == len(ROLES) for statuses in MATRIX.values())
    # 44 admin URLs, each for anonymous and five roles.
    assert len(MATRIX) * (len(ROLES) + 1) >= 264


def test_anonymous_is_sent_to_the_login_page_everywhere(client, newsroom):
    wrong = []
    for url_name, url in _urls(newsroom).items():
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(
            reverse("admin:login")
        ):
            wrong.append(f"anonymous GET {url_name}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, django_user_model, newsroom, role):
    """One role through every URL; every mismatch is listed, not only the first."""
    if role == "superuser":
        user = django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
    else:
        user = newsroom["users"][role]
    client.force_login(user)
    wrong = []
    for url_name, url in _urls(newsroom).items():
        expected = MATRIX[url_name][ROLES.index(role)]
        status = client.get(url).status_code
        if status != expected:
            wrong.append(f"{role} GET {url_name}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


# Pictures in the body (the placement inline) on each article page: "edit" (place, re-caption,
# remove), "read" (shown, not editable), "none" (no page or no inline). Reporter, editor, superuser.
BODY_PICTURES = {
    "article add": ("edit", "edit", "edit"),
    "own article": ("edit", "edit", "edit"),
    "own article in review": ("read", "edit", "edit"),
    "others' article": ("none", "edit", "edit"),
}
WRITERS = ["reporter", "editor", "superuser"]


def _body_pictures_access(response):
    html = response.content.decode()
    if response.status_code != 200 or "body_images-TOTAL_FORMS" not in html:
        return "none"
    # The empty row the "Add another" link copies, and the delete boxes, only when editable.
    return "edit" if "body_images-__prefix__-image" in html else "read"


@pytest.mark.parametrize("role", WRITERS)
def test_body_pictures_in_the_permission_matrix(client, django_user_model, newsroom, role):
    if role == "superuser":
        user = django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
    else:
        user = newsroom["users"][role]
    client.force_login(user)
    pages = {
        "article add": reverse("admin:articles_article_add"),
        "own article": reverse("admin:articles_article_change", args=[newsroom["own"].pk]),
        "own article in review": reverse(
            "admin:articles_article_change", args=[newsroom["in_review"].pk]
        ),
        "others' article": reverse("admin:articles_article_change", args=[newsroom["others"].pk]),
    }
    wrong = []
    for page, url in pages.items():
        expected = BODY_PICTURES[page][WRITERS.index(role)]
        found = _body_pictures_access(client.get(url))
        if found != expected:
            wrong.append(f"{role} body pictures on {page}: {found}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("role", "story"), [("reporter", "own"), ("editor", "others")])
def test_writers_place_recaption_and_remove_body_pictures(client, newsroom, role, story):
    from articles.models import ArticleImage

    article = newsroom[story]
    picture = newsroom["own image"]
    client.force_login(newsroom["users"][role])
    url = reverse("admin:articles_article_change", args=[article.pk])
    placed = {
        "body_images-TOTAL_FORMS": "1",
        "body_images-0-image": picture.pk,
        "body_images-0-caption": "",
        "body_images-0-after_paragraph": "1",
    }
    response = client.post(url, _form_data(article, **placed))
    assert response.status_code == 302, response.content.decode()[:2000]
    placement = ArticleImage.objects.get(article=article)
    assert placement.shown_caption == "Reporter's own picture."

    existing = {
        "body_images-TOTAL_FORMS": "1",
        "body_images-INITIAL_FORMS": "1",
        "body_images-0-id": placement.pk,
        "body_images-0-article": article.pk,
        "body_images-0-image": picture.pk,
        "body_images-0-after_paragraph": "1",
    }
    response = client.post(
        url, _form_data(article, **existing, **{"body_images-0-caption": "Our own caption."})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    placement.refresh_from_db()
    assert placement.shown_caption == "Our own caption."

    response = client.post(url, _form_data(article, **existing, **{"body_images-0-DELETE": "on"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not ArticleImage.objects.filter(article=article).exists()


def test_staff_without_a_role_sees_nothing_of_the_newsroom(client, django_user_model, newsroom):
    client.force_login(make_member("intern"))
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    html = client.get(reverse("admin:index")).content.decode()
    assert "Articles" not in html


def test_reporter_lists_only_their_own_articles(client, newsroom):
    client.force_login(newsroom["users"]["reporter"])
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Reporter&#x27;s own draft" in html
    assert "Someone else&#x27;s draft" not in html


def test_reporter_sees_articles_with_their_byline(client, newsroom):
    reporter = newsroom["users"]["reporter"]
    shared = make_story(by=newsroom["users"]["editor"], headline="Desk story with a byline")
    shared.authors.update(user=reporter)
    client.force_login(reporter)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Desk story with a byline" in html


def test_editor_lists_everyones_articles(client, newsroom):
    client.force_login(newsroom["users"]["editor"])
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Reporter&#x27;s own draft" in html
    assert "Someone else&#x27;s draft" in html


def _form_data(article, **changes):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "authors": [author.pk for author in article.authors.all()],
        "tags": "",
        "dateline_place": "",
        # The corrections inline, as the page sends it (none added).
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "show_donation_appeal": "on",
        "comments_enabled": "on",
        # The body pictures' inline, as the page sends it (none placed).
        "body_images-TOTAL_FORMS": "0",
        "body_images-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_reporter_cannot_publish_through_the_plain_form(client, newsroom):
    own = newsroom["own"]
    client.force_login(newsroom["users"]["reporter"])
    url = reverse("admin:articles_article_change", args=[own.pk])
    response = client.post(
        url, _form_data(own, status="published", publish_at_0="2026-01-01", publish_at_1="10:00")
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == Article.Status.DRAFT
    assert own.publish_at is None


def test_reporter_cannot_post_changes_to_their_article_in_review(client, newsroom):
    in_review = newsroom["in_review"]
    client.force_login(newsroom["users"]["reporter"])
    url = reverse("admin:articles_article_change", args=[in_review.pk])
    html = client.get(url).content.decode()
    assert 'name="headline"' not in html  # shown read-only
    response = client.post(url, _form_data(in_review, headline="Sneaky change"))
    assert response.status_code == 403
    in_review.refresh_from_db()
    assert in_review.headline != "Sneaky change"


def test_reporter_cannot_change_someone_elses_article(client, newsroom):
    others = newsroom["others"]
    client.force_login(newsroom["users"]["reporter"])
    url = reverse("admin:articles_article_change", args=[others.pk])
    response = client.post(url, _form_data(others, headline="Hijacked"))
    assert response.status_code == 403
    others.refresh_from_db()
    assert others.headline == "Someone else's draft"


def test_reporter_cannot_delete_even_their_own_article(client, newsroom):
    own = newsroom["own"]
    client.force_login(newsroom["users"]["reporter"])
    response = client.post(reverse("admin:articles_article_delete", args=[own.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=own.pk).exists()


def test_nobody_can_change_or_delete_the_audit_log(client, django_user_model, newsroom):
    entry = newsroom["entry"]
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    change_url = reverse("admin:newsroom_auditentry_change", args=[entry.pk])
    assert client.post(change_url, {"note": "rewritten"}).status_code == 403
    delete_url = reverse("admin:newsroom_auditentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:newsroom_auditentry_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert AuditEntry.objects.filter(pk=entry.pk, note="").exists()
    assert response.status_code in {200, 302}


def test_audit_log_is_searchable_and_filterable(client, newsroom):
    editor = newsroom["users"]["editor"]
    audit_record(actor=editor, action="archived", obj=newsroom["others"], note="Legal asked")
    client.force_login(editor)
    url = reverse("admin:newsroom_auditentry_changelist")
    html = client.get(url, {"q": "legal asked"}).content.decode()
    assert "Someone else&#x27;s draft" in html
    assert "Reporter&#x27;s own draft" not in html
    html = client.get(url, {"action": "published"}).content.decode()
    assert "Reporter&#x27;s own draft" in html
    assert "Legal asked" not in html


def test_section_choices_need_no_section_to_be_made(client, newsroom):
    # The reporter picks a section through the autocomplete, which needs only view permission.
    make_section(name="Monsoon desk")
    client.force_login(newsroom["users"]["reporter"])
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Monsoon",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "section",
        },
    )
    assert response.status_code == 200
    assert "Monsoon desk" in response.content.decode()


def _image_form(image, **changes):
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source_url": "",
        "licence_note": "",
    }
    data.update(changes)
    return data


def test_someone_elses_picture_opens_read_only_for_a_reporter(client, newsroom):
    image = newsroom["others' image"]
    client.force_login(newsroom["users"]["reporter"])
    url = reverse("admin:images_image_change", args=[image.pk])
    html = client.get(url).content.decode()
    assert 'name="caption"' not in html
    response = client.post(url, _image_form(image, caption="Rewritten by a colleague."))
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.caption == "Someone's picture."


def test_a_reporter_changes_their_own_picture_and_the_desk_changes_any(client, newsroom):
    own, others = newsroom["own image"], newsroom["others' image"]
    client.force_login(newsroom["users"]["reporter"])
    url = reverse("admin:images_image_change", args=[own.pk])
    assert 'name="caption"' in client.get(url).content.decode()
    response = client.post(url, _image_form(own, caption="Better caption."))
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Image.objects.get(pk=own.pk).caption == "Better caption."

    client.force_login(newsroom["users"]["editor"])
    url = reverse("admin:images_image_change", args=[others.pk])
    response = client.post(url, _image_form(others, credit="PTI/Desk"))
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Image.objects.get(pk=others.pk).credit == "PTI/Desk"


@pytest.mark.parametrize(
    ("role", "url_name", "data"),
    [
        ("fundraising", "donation change", {"message": "Edited", "is_public": "on"}),
        ("editor", "appeal change", {"title": "Hijacked appeal"}),
        ("fundraising", "ticker item delete", {"post": "yes"}),
        ("moderator", "donation delete", {"post": "yes"}),
        ("reporter", "others' image delete", {"post": "yes"}),
        ("editor", "comment delete", {"post": "yes"}),
    ],
)
def test_a_refused_post_changes_nothing(client, newsroom, role, url_name, data):
    client.force_login(newsroom["users"][role])
    models = [Image, AuditEntry, TickerItem, Appeal, Donation, Comment]
    before = {model: list(model.objects.values()) for model in models}
    response = client.post(_urls(newsroom)[url_name], data)
    assert response.status_code == 403
    for model, rows in before.items():
        assert list(model.objects.values()) == rows, model
