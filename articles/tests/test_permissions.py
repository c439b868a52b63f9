"""Every admin URL of articles (and the audit log) against every role.

The images, ticker and donations apps extend this matrix once their models land; their
permissions are already in the role table (see newsroom/tests/test_roles.py).
"""

import pytest
from django.urls import reverse

from articles.models import Article
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR, FUNDRAISING, MODERATOR, REPORTER
from newsroom.services import audit_record

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
    return {
        "users": users,
        "own": own,
        "others": others,
        "in_review": own_in_review,
        "entry": entry,
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
}
ROLES = ["reporter", "editor", "moderator", "fundraising", "superuser"]


@pytest.mark.parametrize("url_name", list(MATRIX))
def test_anonymous_is_sent_to_the_login_page(client, newsroom, url_name):
    response = client.get(_urls(newsroom)[url_name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", list(MATRIX))
def test_permission_matrix(client, django_user_model, newsroom, role, url_name):
    if role == "superuser":
        user = django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
    else:
        user = newsroom["users"][role]
    client.force_login(user)
    expected = MATRIX[url_name][ROLES.index(role)]
    response = client.get(_urls(newsroom)[url_name])
    assert response.status_code == expected, f"{role} GET {url_name}"


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
        "correction": "",
        "show_donation_appeal": "on",
        "comments_enabled": "on",
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
