"""The editorial workflow: who may move an article from which state to which, and the record of it.

Every move is a keyword-only function called alike from the admin, the dashboard and commands. Each
checks the actor's permission and the article's current state on a locked row, validates, saves
inside a revision (so the history has it) and leaves an audit entry, all in one transaction.
An illegal move raises `WorkflowError` with a message meant for the person who tried it.

    draft ──submit──▶ in review ──publish──▶ published (live)
      ▲                  │  └─────schedule──▶ scheduled (published, future time) ──▶ live by itself
      └──────return──────┘          any state but archived ──archive──▶ archived
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion import create_revision, get_comment, set_comment, set_user
from reversion.models import Version

from newsroom import clock
from newsroom.services import audit_record
from newsroom.undo import UndoRefusedError

from .models import Article, StoryReads
from .signals import article_moved

PUBLISH_PERMISSION = "articles.publish_article"

# The states people talk about. "scheduled" is a published article whose time has not come;
# "returned" is a draft the desk sent back (its latest audit entry says so).
DRAFT = Article.Status.DRAFT.value
IN_REVIEW = Article.Status.IN_REVIEW.value
PUBLISHED = Article.Status.PUBLISHED.value
ARCHIVED = Article.Status.ARCHIVED.value
SCHEDULED = "scheduled"
RETURNED = "returned"

STATE_LABELS = {
    DRAFT: gettext_lazy("Draft"),
    RETURNED: gettext_lazy("Returned to the reporter"),
    IN_REVIEW: gettext_lazy("In review"),
    SCHEDULED: gettext_lazy("Scheduled"),
    PUBLISHED: gettext_lazy("Published"),
    ARCHIVED: gettext_lazy("Archived"),
}

# Audit actions of the workflow, and what a person reads for them.
SUBMITTED = "submitted"
RETURNED_ACTION = "returned"
PUBLISHED_ACTION = "published"
SCHEDULED_ACTION = "scheduled"
ARCHIVED_ACTION = "archived"
KILLED_ACTION = "killed"
BACKDATED_ACTION = "backdated"
WITHDRAWN_ACTION = "withdrawn"
RESTORED = "restored"
DELETED = "deleted"
CORRECTED = "corrected"
CORRECTION_CHANGED = "correction changed"
CORRECTION_WITHDRAWN = "correction withdrawn"

# What a restore brings back from an old revision: the text that the comparison shows. The
# article's state, time and address stay as they are, so a restore never publishes or unpublishes.
RESTORED_FIELDS = ("headline", "standfirst", "body")


_KEEP_LIVE_TIME = object()
_NOW_OR_FIRST_PUBLISHED = object()
# Wire copy is filed under its real time, which may be days old; not decades.
BACKDATE_LIMIT_DAYS = 366


class WorkflowError(Exception):
    """A move that is not allowed; the message says why, in words for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def article_state(article):
    """The workflow's word for where the article stands: its status, or "scheduled"."""
    return SCHEDULED if article.is_scheduled else article.status


def state_label(state):
    return STATE_LABELS.get(state, state)


# --- Who may do what -----------------------------------------------------------------------------


def is_desk(user):
    """Editors (and superusers): they see and change every article and decide what goes out."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_own_article(user, article):
    if article.pk is None or not user.is_authenticated:
        return False
    if article.created_by_id == user.pk:
        return True
    return article.authors.filter(user=user).exists()


def can_view_article(user, article):
    if not (user.has_perm("articles.view_article") or user.has_perm("articles.change_article")):
        return False
    return is_desk(user) or is_own_article(user, article)


def can_edit_article(user, article):
    """Reporters change their own articles while they are drafts (returned ones included)."""
    if not user.has_perm("articles.change_article"):
        return False
    if is_desk(user):
        return True
    return article.status == DRAFT and is_own_article(user, article)


def can_delete_article(user, article):
    return user.has_perm("articles.delete_article") and is_desk(user)


def available_moves(user, article):
    """The workflow moves `user` may make on `article` now, as (move, label) pairs."""
    if article.pk is None or article.killed_at or not can_edit_article(user, article):
        return []
    state = article_state(article)
    moves = []
    if state == DRAFT:
        moves.append(("submit", _("Save and submit for review")))
    if is_desk(user):
        if state in {DRAFT, IN_REVIEW, SCHEDULED, ARCHIVED}:
            moves.append(("publish", _("Save and publish now")))
            moves.append(("schedule", _("Save and schedule")))
        moves.append(("backdate", _("Save and publish under an earlier time")))
        if state in {IN_REVIEW, SCHEDULED}:
            moves.append(("return", _("Save and return to the reporter")))
        if state != ARCHIVED:
            moves.append(("archive", _("Save and unpublish / archive")))
        if state in {PUBLISHED, SCHEDULED} or (state == ARCHIVED and article.publish_at):
            moves.append(("kill", _("Kill (withdraw for legal reasons)")))
    return moves


# --- The moves -----------------------------------------------------------------------------------


def article_submit(*, actor, article, note=""):
    """A reporter (or the desk) hands a finished draft to the desk."""
    if not can_edit_article(actor, article):
        raise WorkflowError(_("You can only submit your own drafts for review."))
    return _move(
        actor=actor,
        article=article,
        action=SUBMITTED,
        allowed_from={DRAFT},
        status=IN_REVIEW,
        publish_at=None,
        note=note,
        needs_ready=True,
    )


def article_return(*, actor, article, note):
    """The desk sends an article back to its reporter as a draft, saying what to fix."""
    _require_desk(actor, _("Only an editor can return an article to its reporter."))
    if not (note or "").strip():
        raise WorkflowError(_("Say what needs to change: a returned article needs a note."))
    return _move(
        actor=actor,
        article=article,
        action=RETURNED_ACTION,
        allowed_from={IN_REVIEW, SCHEDULED},
        status=DRAFT,
        publish_at=None,
        note=note.strip(),
    )


def article_publish(*, actor, article, note=""):
    """The desk puts an article live now.

    A story that was live before (and was unpublished) goes back under its first-published time,
    so it does not return to the top of the home page as fresh news.
    """
    _require_desk(actor, _("Only an editor can publish articles."))
    return _move(
        actor=actor,
        article=article,
        action=PUBLISHED_ACTION,
        allowed_from={DRAFT, IN_REVIEW, SCHEDULED, ARCHIVED},
        status=PUBLISHED,
        publish_at=_NOW_OR_FIRST_PUBLISHED,
        note=note,
        needs_ready=True,
    )


def article_backdate(*, actor, article, publish_at, note):
    """The desk publishes under an earlier time (wire copy filed under its real time), or moves a
    live story's time back to it. The dateline then shows that time; the audit log says who did it,
    when, and why."""
    _require_desk(actor, _("Only an editor can set a story's published time."))
    if publish_at is None:
        raise WorkflowError(_("Give the earlier date and time the story was filed at."))
    publish_at = clock.parse_local(publish_at)
    now = timezone.now()
    if publish_at > now:
        raise WorkflowError(
            _("That time is in the future. To publish later, use “Save and schedule”.")
        )
    if publish_at < now - timedelta(days=BACKDATE_LIMIT_DAYS):
        raise WorkflowError(_("A story can be dated at most a year back."))
    if not (note or "").strip():
        raise WorkflowError(
            _("Say why the story carries an earlier time (for example the wire's filing time).")
        )
    when = f"{clock.dateline(publish_at)} {clock.zone_name(publish_at)}"
    return _move(
        actor=actor,
        article=article,
        action=BACKDATED_ACTION,
        allowed_from={DRAFT, IN_REVIEW, SCHEDULED, ARCHIVED, PUBLISHED},
        status=PUBLISHED,
        publish_at=publish_at,
        note=_("Published under the earlier time %(when)s: %(note)s")
        % {"when": when, "note": note.strip()},
        needs_ready=True,
        first_published_at=publish_at,
    )


def article_withdraw(*, actor, article, note=""):
    """A reporter takes their own submitted story back to draft to fix it."""
    if not (is_desk(actor) or is_own_article(actor, article)):
        raise WorkflowError(_("You can only withdraw your own stories."))
    return _move(
        actor=actor,
        article=article,
        action=WITHDRAWN_ACTION,
        allowed_from={IN_REVIEW},
        status=DRAFT,
        publish_at=None,
        note=note,
    )


def can_withdraw_article(user, article):
    return (
        article.pk is not None
        and article.status == IN_REVIEW
        and user.has_perm("articles.change_article")
        and is_own_article(user, article)
    )


def article_schedule(*, actor, article, publish_at, note=""):
    """The desk sets a future time; the article goes live by itself then (see published())."""
    _require_desk(actor, _("Only an editor can schedule articles."))
    if publish_at is None:
        raise WorkflowError(_("Give the date and time to publish at."))
    publish_at = clock.parse_local(publish_at)
    if publish_at <= timezone.now():
        raise WorkflowError(
            _("The time to publish must be in the future. To publish now, use “Publish now”.")
        )
    return _move(
        actor=actor,
        article=article,
        action=SCHEDULED_ACTION,
        allowed_from={DRAFT, IN_REVIEW, SCHEDULED, ARCHIVED},
        status=PUBLISHED,
        publish_at=publish_at,
        note=note,
        needs_ready=True,
    )


def article_archive(*, actor, article, note=""):
    """The desk takes an article off the site (or spikes a draft). Its address then 404s."""
    _require_desk(actor, _("Only an editor can unpublish or archive articles."))
    return _move(
        actor=actor,
        article=article,
        action=ARCHIVED_ACTION,
        allowed_from={DRAFT, IN_REVIEW, SCHEDULED, PUBLISHED},
        status=ARCHIVED,
        publish_at=_KEEP_LIVE_TIME,
        note=note,
    )


# How "Undo" in the message after an unpublish takes it back (newsroom.undo).
UNDO_ARCHIVE = "articles.archive"


def undo_data_for_archive(*, article, from_state, publish_at):
    """What taking back the unpublish of `article` needs (it was `from_state`, at `publish_at`)."""
    return {
        "article": article.pk,
        "from_state": from_state,
        "publish_at": publish_at.isoformat() if publish_at else None,
    }


def article_archive_undo(*, actor, data):
    """Put a story just unpublished back as it was: live again (under its first time), or
    scheduled again for the same time. Audited as the publish or schedule it is."""
    article = Article.objects.filter(pk=data.get("article")).first()
    if article is None:
        raise UndoRefusedError(_("the story no longer exists."))
    if article.status != ARCHIVED or article.killed_at:
        raise UndoRefusedError(_("“%(article)s” has been changed since.") % {"article": article})
    note = _("Undo of the unpublish.")
    try:
        if data.get("from_state") == SCHEDULED and data.get("publish_at"):
            when = datetime.fromisoformat(data["publish_at"])
            if when <= timezone.now():
                article_publish(actor=actor, article=article, note=note)
            else:
                article_schedule(actor=actor, article=article, publish_at=when, note=note)
        else:
            article_publish(actor=actor, article=article, note=note)
    except WorkflowError as error:
        raise UndoRefusedError(error.message) from error
    return _("“%(article)s” is back as it was: %(state)s.") % {
        "article": article,
        "state": str(state_label(article_state(article))).lower(),
    }


UNDO_ARCHIVE_MANY = "articles.archive_many"


def article_archive_many_undo(*, actor, data):
    """Take back a bulk unpublish: each story as `article_archive_undo` does; those changed since
    are named and left as they are."""
    back, refused = 0, []
    for story in (data.get("stories") or [])[:500]:
        try:
            article_archive_undo(actor=actor, data=story)
            back += 1
        except UndoRefusedError as error:
            refused.append(error.message)
    if not back:
        raise UndoRefusedError(" ".join(refused) or _("there was nothing to take back."))
    message = _("%(count)d back as they were.") % {"count": back}
    if refused:
        message = f"{message} {_('Not undone:')} {' '.join(refused)}"
    return message


def article_kill(*, actor, article, note):
    """Withdraw a story for good (a legal kill): off the site and its feeds at once (archived),
    never to be published again, and wire clients told to remove it (syndication sends the
    kill notice when this commits). The note is the reason they are given."""
    _require_desk(actor, _("Only an editor can kill a story."))
    if not (note or "").strip():
        raise WorkflowError(_("Say why the story is killed: clients are told the reason."))
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.killed_at:
            raise WorkflowError(_("This story has already been killed."))
        if current.publish_at is None:
            raise WorkflowError(_("This story never went out; archive or delete it instead."))
        from_state = article_state(current)
        current.status = Article.Status.ARCHIVED
        current.killed_at = timezone.now()
        current.kill_note = note.strip()
        with create_revision():
            current.save()
            set_user(actor)
            set_comment(_("Killed: %(note)s") % {"note": current.kill_note})
        audit_record(
            actor=actor,
            action=KILLED_ACTION,
            obj=current,
            from_state=from_state,
            to_state=article_state(current),
            note=current.kill_note,
        )
    article.refresh_from_db()
    return current


def article_delete(*, actor, article):
    """Delete for good (the audit entry and the last revision remain)."""
    if not can_delete_article(actor, article):
        raise WorkflowError(_("Only an editor can delete articles."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=DELETED,
            obj=article,
            from_state=article_state(article),
            to_state="",
        )
        article.delete()


def article_restore(*, actor, article, version):
    """Bring back the headline, standfirst and body of an old revision, as a new revision."""
    if not can_edit_article(actor, article):
        raise WorkflowError(_("You may not change this article, so you cannot restore a revision."))
    if not article_versions(article).filter(pk=version.pk).exists():
        raise WorkflowError(_("That revision belongs to another article."))
    old = version.field_dict
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        for name in RESTORED_FIELDS:
            setattr(current, name, old.get(name, getattr(current, name)))
        _full_clean(current)
        note = _("Restored the text of revision #%(number)s (%(when)s).") % {
            "number": version.revision_id,
            "when": clock.dateline(version.revision.date_created),
        }
        with create_revision():
            current.save()
            set_user(actor)
            set_comment(note)
        state = article_state(current)
        audit_record(
            actor=actor, action=RESTORED, obj=current, from_state=state, to_state=state, note=note
        )
    article.refresh_from_db()
    return current


def correction_save(*, actor, correction):
    """Add a correction to a story, or change the wording of one (the audit log keeps each)."""
    article = correction.article
    if not can_edit_article(actor, article):
        raise WorkflowError(_("You may not change this article, so you cannot correct it."))
    created = correction.pk is None
    if created and correction.created_by_id is None and actor is not None:
        correction.created_by = actor
    correction.full_clean()
    with transaction.atomic():
        correction.save()
        state = article_state(article)
        audit_record(
            actor=actor,
            action=CORRECTED if created else CORRECTION_CHANGED,
            obj=article,
            from_state=state,
            to_state=state,
            note=correction.text,
        )
    return correction


def correction_withdraw(*, actor, correction):
    """Remove a correction made in error (the audit log keeps what it said)."""
    article = correction.article
    if not can_edit_article(actor, article):
        raise WorkflowError(
            _("You may not change this article, so you cannot change its corrections.")
        )
    with transaction.atomic():
        state = article_state(article)
        audit_record(
            actor=actor,
            action=CORRECTION_WITHDRAWN,
            obj=article,
            from_state=state,
            to_state=state,
            note=correction.text,
        )
        correction.delete()


def article_versions(article):
    """The article's revisions, newest first."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


# --- Helpers -------------------------------------------------------------------------------------


def _require_desk(actor, message):
    if not is_desk(actor):
        raise WorkflowError(message)


def readiness_problems(article):
    """What stops an article going to the desk or out: empty parts a reader would notice. A
    standfirst is not one of them: wire copy often has none, and `Article.summary` stands in."""
    problems = []
    if not article.headline.strip():
        problems.append(_("a headline"))
    if not strip_tags(article.body or "").strip():
        problems.append(_("body text"))
    if article.pk is None or not article.authors.exists():
        problems.append(_("at least one author in the byline"))
    return problems


def _full_clean(article):
    try:
        article.full_clean()
    except ValidationError as error:
        details = "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
        raise WorkflowError(
            format_lazy("{} {}", _("The article does not validate:"), details)
        ) from error


def _move(
    *,
    actor,
    article,
    action,
    allowed_from,
    status,
    publish_at,
    note="",
    needs_ready=False,
    first_published_at=None,
):
    with transaction.atomic():
        # The state is checked on the locked row, so two people pressing at once cannot both move
        # the article out of the same state.
        current = Article.objects.select_for_update().get(pk=article.pk)
        from_state = article_state(current)
        if current.killed_at and status == PUBLISHED:
            raise WorkflowError(
                _("This story was killed and cannot go out again; write a new story instead.")
            )
        if from_state not in allowed_from:
            raise WorkflowError(
                _("This article is %(state)s, so it cannot be %(action)s.")
                % {"state": str(state_label(from_state)).lower(), "action": action}
            )
        if needs_ready:
            problems = readiness_problems(current)
            if problems:
                raise WorkflowError(
                    _("The article is not ready to be %(action)s: it needs %(what)s.")
                    % {"action": action, "what": ", ".join(str(problem) for problem in problems)}
                )
        current.status = status
        now = timezone.now()
        first_out = current.went_out_at(now)
        went_out = first_out is not None
        if publish_at is _KEEP_LIVE_TIME:
            # An archived story keeps the time it went out; one that never went out has none.
            publish_at = None if from_state == SCHEDULED else current.publish_at
        elif publish_at is _NOW_OR_FIRST_PUBLISHED:
            publish_at = first_out if went_out else now
        current.publish_at = publish_at
        # The first time a story goes out is kept for good; a time not yet come (scheduled) is
        # only a plan, and goes with the plan.
        if first_published_at is not None:
            current.first_published_at = (
                min(first_published_at, first_out) if went_out else first_published_at
            )
        elif went_out:
            current.first_published_at = first_out
        elif status == PUBLISHED:
            current.first_published_at = publish_at
        else:
            current.first_published_at = None
        if status == PUBLISHED and went_out and current.changed_while_unpublished:
            # Back out with a changed text: "Updated" says when readers got the new one.
            current.revised_at = max(now, publish_at)
            current.changed_while_unpublished = False
        _full_clean(current)
        with create_revision():
            current.save()
            set_user(actor)
            # Inside an admin save the form's own comment ("Changed body.") is kept in front.
            moved = _("Moved to “%(state)s”.") % {"state": state_label(article_state(current))}
            set_comment(f"{get_comment()} {moved}".strip())
        audit_record(
            actor=actor,
            action=action,
            obj=current,
            from_state=from_state,
            to_state=article_state(current),
            note=note,
        )
        article_moved.send(
            sender=Article,
            actor=actor,
            article=current,
            action=action,
            from_state=from_state,
            to_state=article_state(current),
            note=note,
        )
    article.refresh_from_db()
    return current


def story_read_count(*, article, actor=None):
    """Count one read of a published story today (site time): one UPDATE, or an INSERT for the
    day's first. Two first reads at once: the loser of the unique constraint adds to the winner's
    row. Nothing is audited: a read is not an editorial act."""
    day = clock.local().date()
    reads = StoryReads.objects.filter(article=article, day=day)
    if reads.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            StoryReads.objects.create(article=article, day=day, count=1)
    except IntegrityError:
        reads.update(count=F("count") + 1)
