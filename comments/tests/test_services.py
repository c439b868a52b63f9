import logging

import pytest
from django.core.exceptions import ValidationError

from articles.tests.factories import make_article, make_staff
from comments.models import Comment
from comments.services import (
    comment_approve,
    comment_create,
    comment_mark_spam,
    comment_reject,
    comments_moderate,
)

from .factories import make_comment

pytestmark = pytest.mark.django_db


def _create(article, **fields):
    fields.setdefault("name", "Revathi")
    fields.setdefault("email", "Revathi.S@Example.org")
    fields.setdefault("body", "  Clear and balanced report.  ")
    return comment_create(article=article, **fields)


def test_create_holds_the_comment_for_moderation_and_tidies_input():
    comment = _create(make_article(), ip_address="203.0.113.9", user_agent="B" * 500)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.email == "revathi.s@example.org"
    assert comment.body == "Clear and balanced report."
    assert str(comment.ip_address) == "203.0.113.9"
    assert len(comment.user_agent) == 300


def test_create_twice_with_the_same_text_stores_one_comment():
    article = make_article()
    first = _create(article)
    second = _create(article, email="revathi.s@example.org")
    assert first.pk == second.pk
    assert Comment.objects.count() == 1


def test_create_refuses_closed_articles_and_invalid_input():
    with pytest.raises(ValidationError):
        _create(make_article(comments_enabled=False))
    with pytest.raises(ValidationError):
        _create(make_article(), body="x" * 2001)
    with pytest.raises(ValidationError):
        _create(make_article(), email="not an address")
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (comment_approve, Comment.Status.APPROVED),
        (comment_reject, Comment.Status.REJECTED),
        (comment_mark_spam, Comment.Status.SPAM),
    ],
)
def test_moderation_sets_status_and_records_who_and_when(service, status, caplog):
    editor = make_staff("editor")
    comment = make_comment()
    with caplog.at_level(logging.INFO, logger="comments.services"):
        result = service(comment=comment, actor=editor)
    assert result.status == status
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == editor
    assert comment.moderated_at is not None
    assert f"actor={editor.pk} comment={comment.pk} from=pending to={status}" in caplog.text


def test_repeating_an_action_changes_and_records_nothing(caplog):
    editor = make_staff("editor")
    comment = comment_approve(comment=make_comment(), actor=editor)
    first_time = comment.moderated_at
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="comments.services"):
        comment_approve(comment=comment, actor=make_staff("other"))
    assert comment.moderated_at == first_time
    assert comment.moderated_by == editor
    assert "approve" not in caplog.text


def test_bulk_moderation_counts_only_the_comments_it_changed():
    editor = make_staff("editor")
    pending = [make_comment() for _ in range(3)]
    already_spam = make_comment(status=Comment.Status.SPAM)
    changed = comments_moderate(comments=[*pending, already_spam], action="spam", actor=editor)
    assert changed == 3
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.SPAM}
    assert comments_moderate(comments=Comment.objects.all(), action="spam", actor=editor) == 0


def test_bulk_moderation_of_waiting_comments_leaves_those_already_dealt_with():
    editor = make_staff("editor")
    waiting = make_comment()
    rejected = make_comment(status=Comment.Status.REJECTED)
    changed = comments_moderate(
        comments=[waiting, rejected], action="approve", actor=editor, waiting_only=True
    )
    assert changed == 1
    rejected.refresh_from_db()
    assert rejected.status == Comment.Status.REJECTED
    # Without waiting_only (the admin's action), a rejected comment may be approved after all.
    assert comments_moderate(comments=[rejected], action="approve", actor=editor) == 1


def test_bulk_moderation_refuses_an_unknown_action():
    comment = make_comment()
    with pytest.raises(ValidationError):
        comments_moderate(comments=[comment], action="delete", actor=make_staff())
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
