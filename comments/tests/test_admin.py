import pytest
from django.urls import reverse

from articles.tests.factories import make_article, make_section
from comments.models import Comment

from .factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(django_user_model):
    return django_user_model.objects.create_superuser("chief", "c@example.org", "x")


@pytest.fixture
def admin_client_logged_in(client, chief):
    client.force_login(chief)
    return client


CHANGELIST = reverse("admin:comments_comment_changelist")


def test_changelist_filters_by_status_and_section_and_searches(admin_client_logged_in):
    sport = make_section(name="Sport", slug="sport")
    make_comment(article=make_article(section=sport), body="What a chase!", name="Aloysius")
    make_comment(body="Rates and savers", status=Comment.Status.APPROVED)
    html = admin_client_logged_in.get(CHANGELIST).content.decode()
    assert "What a chase!" in html
    assert "Rates and savers" in html

    by_status = admin_client_logged_in.get(CHANGELIST, {"status__exact": "pending"})
    assert "What a chase!" in by_status.content.decode()
    assert "Rates and savers" not in by_status.content.decode()
    by_section = admin_client_logged_in.get(CHANGELIST, {"article__section__id__exact": sport.pk})
    assert "Rates and savers" not in by_section.content.decode()
    searched = admin_client_logged_in.get(CHANGELIST, {"q": "aloysius"}).content.decode()
    assert "What a chase!" in searched
    assert "Rates and savers" not in searched


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("approve", Comment.Status.APPROVED, "2 comments approved."),
        ("reject", Comment.Status.REJECTED, "2 comments rejected."),
        ("mark_spam", Comment.Status.SPAM, "2 comments marked as spam."),
    ],
)
def test_bulk_actions_go_through_the_services(
    admin_client_logged_in, chief, action, status, message
):
    comments = [make_comment(), make_comment()]
    response = admin_client_logged_in.post(
        CHANGELIST,
        {"action": action, "_selected_action": [comment.pk for comment in comments]},
        follow=True,
    )
    assert message in response.content.decode()
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == status
        assert comment.moderated_by == chief


def test_staff_cannot_add_or_edit_comments_directly(admin_client_logged_in):
    comment = make_comment(ip_address="203.0.113.1", user_agent="Firefox")
    assert admin_client_logged_in.get(reverse("admin:comments_comment_add")).status_code == 403
    change_url = reverse("admin:comments_comment_change", args=[comment.pk])
    html = admin_client_logged_in.get(change_url).content.decode()
    assert "203.0.113.1" in html
    assert "Firefox" in html
    assert 'name="status"' not in html
    assert 'name="body"' not in html


def test_staff_without_change_permission_get_no_moderation_actions(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    comment = make_comment()
    html = client.get(CHANGELIST).content.decode()
    assert "Approve the selected comments" not in html
    client.post(CHANGELIST, {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
