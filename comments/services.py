"""Creating and moderating comments. The reader form, the admin and the dashboard call these."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.services import audit_record
from newsroom.undo import UndoRefusedError

from .models import USER_AGENT_MAX_LENGTH, Comment

logger = logging.getLogger(__name__)

# Moderation action name -> the status it sets.
MODERATION_ACTIONS = {
    "approve": Comment.Status.APPROVED,
    "reject": Comment.Status.REJECTED,
    "spam": Comment.Status.SPAM,
}


# The audit log names what happened in the past tense, as the article workflow and ticker do.
AUDIT_ACTIONS = {
    "create": "posted",
    "approve": "approved",
    "reject": "rejected",
    "spam": "marked spam",
    "delete": "deleted",
    "undo": "moderation undone",
}

# How "Undo" in the message after a rejection takes it back (newsroom.undo).
UNDO_MODERATION = "comments.moderation"


def _record(*, actor, action, comment, from_state, to_state):
    """The one place that records who did what to a comment: the audit log and a log line.

    Called inside the transaction that makes the change, so the entry stands or falls with it.
    """
    audit_record(
        actor=actor,
        action=AUDIT_ACTIONS[action],
        obj=comment,
        from_state=from_state,
        to_state=to_state,
    )
    logger.info(
        "comment %s: actor=%s comment=%s from=%s to=%s",
        action,
        getattr(actor, "pk", None),
        comment.pk,
        from_state or "-",
        to_state,
    )


def comment_create(*, article, name, email, body, ip_address=None, user_agent=""):
    """Store a reader's comment, held for moderation.

    Posting the same text twice on the same story (a double click, a resubmitted form) returns
    the comment already stored instead of a second copy.
    """
    if not article.comments_enabled:
        raise ValidationError(_("Comments on this story are closed."))
    comment = Comment(
        article=article,
        name=name.strip(),
        email=email.strip().lower(),
        body=body.replace("\r\n", "\n").strip(),
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:USER_AGENT_MAX_LENGTH],
        status=Comment.Status.PENDING,
    )
    comment.full_clean()
    with transaction.atomic():
        existing = Comment.objects.filter(
            article=article, email=comment.email, body=comment.body
        ).first()
        if existing is not None:
            return existing
        comment.save()
        _record(
            actor=None, action="create", comment=comment, from_state="", to_state=comment.status
        )
    return comment


def _moderate(comment, status, actor, action):
    from_state = comment.status
    if from_state == status:
        return False
    comment.status = status
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    _record(actor=actor, action=action, comment=comment, from_state=from_state, to_state=status)
    # What readers see under the story changes with its comments island only: the save renews
    # it (comments/islands.py), not the page cache.
    return True


def _moderate_one(*, comment, actor, action):
    with transaction.atomic():
        # Lock the row so two moderators acting at once leave one consistent record.
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        _moderate(locked, MODERATION_ACTIONS[action], actor, action)
    comment.refresh_from_db()
    return comment


def comment_approve(*, comment, actor):
    return _moderate_one(comment=comment, actor=actor, action="approve")


def comment_reject(*, comment, actor):
    return _moderate_one(comment=comment, actor=actor, action="reject")


def comment_mark_spam(*, comment, actor):
    return _moderate_one(comment=comment, actor=actor, action="spam")


def comments_delete(*, comments, actor):
    """Delete comments for good (a moderator's clean-up), each leaving an audit entry."""
    deleted = 0
    with transaction.atomic():
        for comment in Comment.objects.select_for_update().filter(
            pk__in=[comment.pk for comment in comments]
        ):
            _record(
                actor=actor,
                action="delete",
                comment=comment,
                from_state=comment.status,
                to_state="",
            )
            comment.delete()
            deleted += 1
    return deleted


def comments_moderate(*, comments, action, actor, waiting_only=False):
    """Apply one action to many comments in one transaction; return how many changed.

    Comments already in the target state are left alone (and not counted), so repeating a bulk
    action changes nothing. With `waiting_only`, only those still awaiting moderation when their
    rows are locked are changed (another moderator may have dealt with some meanwhile).
    """
    if action not in MODERATION_ACTIONS:
        raise ValidationError(
            _("Unknown moderation action “%(action)s”."), params={"action": action}
        )
    status = MODERATION_ACTIONS[action]
    ids = [comment.pk for comment in comments]
    changed = 0
    rows = Comment.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    if waiting_only:
        rows = rows.awaiting_moderation()
    with transaction.atomic():
        for comment in rows:
            changed += _moderate(comment, status, actor, action)
    return changed


def undo_data_for_moderation(*, comment, from_state):
    return {"comment": comment.pk, "from_state": from_state, "to_state": comment.status}


def comment_moderation_undo(*, actor, data):
    """Put a comment just rejected (or marked spam) back in the state it was in, unless someone
    has moderated it since. Audited as "moderation undone"."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=data.get("comment")).first()
        if comment is None:
            raise UndoRefusedError(_("the comment no longer exists."))
        if comment.status != data.get("to_state"):
            raise UndoRefusedError(_("the comment has been moderated again since."))
        previous = data.get("from_state")
        if previous not in Comment.Status.values:
            raise UndoRefusedError(_("the comment's earlier state is not known."))
        _moderate(comment, previous, actor, "undo")
    return _("The comment by %(name)s is back as it was: %(state)s.") % {
        "name": comment.name,
        "state": Comment.Status(previous).label.lower(),
    }
