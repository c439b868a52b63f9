"""Comments leave audit entries: posted (by no one), moderated and deleted (by the moderator)."""

import pytest
from django.urls import reverse

from articles.tests.factories import make_article, make_member
from comments.models import Comment
from comments.services import comment_approve, comment_create, comments_moderate
from newsroom.models import AuditEntry
from newsroom.roles import MODERATOR
from newsroom.services import audit_entries_for

from .factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return make_member("mod", MODERATOR)


def _states(obj):
    return [
        (entry.actor, entry.action, entry.from_state, entry.to_state)
        for entry in audit_entries_for(obj).order_by("id")
    ]


def test_a_posted_comment_is_recorded_as_the_readers(moderator):
    comment = comment_create(
        article=make_article(), name="Asha", email="asha@example.org", body="Well reported."
    )
    assert _states(comment) == [(None, "posted", "", "pending")]
    # The same text again is the same comment: no second entry.
    comment_create(
        article=comment.article, name="Asha", email="asha@example.org", body="Well reported."
    )
    assert AuditEntry.objects.count() == 1


def test_moderation_records_who_moved_it_and_only_real_changes(moderator):
    comment = make_comment()
    comment_approve(comment=comment, actor=moderator)
    comment_approve(comment=comment, actor=moderator)
    assert _states(comment) == [(moderator, "approved", "pending", "approved")]


def test_bulk_moderation_in_the_admin_records_each_comment(client, moderator):
    first, second = make_comment(), make_comment(status=Comment.Status.SPAM)
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "reject", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    assert _states(first) == [(moderator, "rejected", "pending", "rejected")]
    assert _states(second) == [(moderator, "rejected", "spam", "rejected")]
    assert comments_moderate(comments=[first, second], action="reject", actor=moderator) == 0
    assert AuditEntry.objects.count() == 2


def test_deleting_in_the_admin_leaves_an_entry(client, moderator):
    comment = make_comment(body="Buy cheap watches", status=Comment.Status.SPAM)
    pk = comment.pk
    client.force_login(moderator)
    response = client.post(reverse("admin:comments_comment_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id, entry.from_state) == (
        moderator,
        "deleted",
        pk,
        "spam",
    )


def test_a_post_that_fails_validation_stores_nothing_at_all(client):
    article = make_article()
    response = client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        {"name": "Asha", "email": "not-an-address", "body": "Kept on the page."},
    )
    assert response.status_code == 400
    assert "Kept on the page." in response.content.decode()
    assert not Comment.objects.exists()
    assert not AuditEntry.objects.exists()
