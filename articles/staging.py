"""Staged updates to live stories: the desk prepares changes readers do not see yet.

A save of a live story from the change form keeps the story's fields as they will be in one
`PendingUpdate` row instead of writing them to the story: readers, feeds, search and wire clients
read the story's own row, so they keep the published version. The desk previews the update at the
story's address (`?update=pending`, staff only, never cached), publishes it now, schedules it
(the `articles-staged-updates` job publishes what is due, `articles.tasks`), or discards it. A
small fix can still go straight out: "Publish changes now" saves the form to the story and
retires the pending update it was built from.

While an update is pending, the change form is built from the story with the update laid over it
(`working_copy`), so the next editor continues the update, and the version token of the form
names the update's own time: a save from an older form meets the conflict page as any other.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from reversion import create_revision, set_comment, set_user

from newsroom import clock
from newsroom.services import audit_record

from .models import Article, Author, PendingUpdate, Section
from .revisions import html_to_text
from .services import WorkflowError, _full_clean, article_state, can_edit_article, is_desk

STAGED = "update staged"
UPDATE_PUBLISHED = "update published"
UPDATE_SCHEDULED = "update scheduled"
UPDATE_DISCARDED = "update discarded"

# The story's own fields an update may change. State and times stay with the workflow; pictures
# in the body and corrections are rows of their own, saved as they are sent.
SCALAR_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline_place",
    "language",
    "urgency",
    "lead_image_caption",
    "show_donation_appeal",
    "comments_enabled",
)
FOREIGN_KEYS = ("section", "lead_image")
TIME_FIELDS = ("embargo_until",)
MANY_FIELDS = ("authors", "tags")
STAGED_FIELDS = (*SCALAR_FIELDS, *FOREIGN_KEYS, *TIME_FIELDS, *MANY_FIELDS)


def stages_edits(article):
    """Whether a save of `article` from the change form becomes a pending update: readers can
    see the story now."""
    return article.pk is not None and article.is_live


def pending_for(article):
    if article.pk is None:
        return None
    return PendingUpdate.objects.filter(article=article).select_related("updated_by").first()


# --- Values: the story as it will be -------------------------------------------------------------


def values_of(article, *, authors, tags):
    """The staged fields of an (unsaved) article and its byline and tags, as kept in the row."""
    values = {name: getattr(article, name) for name in SCALAR_FIELDS}
    values["body"] = Article.body_sanitizer(values["body"] or "")
    for name in FOREIGN_KEYS:
        values[name] = getattr(article, f"{name}_id")
    for name in TIME_FIELDS:
        value = getattr(article, name)
        values[name] = value.isoformat() if isinstance(value, datetime) else None
    values["authors"] = sorted(
        author.pk if isinstance(author, Model) else int(author) for author in authors
    )
    values["tags"] = sorted(str(getattr(tag, "name", tag)) for tag in tags)
    return values


def live_values(article):
    return values_of(article, authors=article.authors.all(), tags=article.tags.names())


def _lay_over(article, values):
    for name in SCALAR_FIELDS:
        if name in values:
            setattr(article, name, values[name])
    for name in FOREIGN_KEYS:
        if name in values:
            setattr(article, f"{name}_id", values[name])
            article._state.fields_cache.pop(name, None)
    for name in TIME_FIELDS:
        if name in values:
            setattr(article, name, parse_datetime(values[name]) if values[name] else None)


def working_copy(article, pending=None):
    """`article` with its pending update laid over it, in memory (nothing is saved).

    Its byline and tags read as the update has them (a prefetch cache), and `updated_at` is the
    update's time, so a version token built from it names the update.
    """
    pending = pending if pending is not None else pending_for(article)
    if pending is None:
        return article
    _lay_over(article, pending.values)
    cache = getattr(article, "_prefetched_objects_cache", {})
    if "authors" in pending.values:
        cache["authors"] = Author.objects.filter(pk__in=pending.values["authors"])
    article._prefetched_objects_cache = cache
    article._staged_tags = list(pending.values.get("tags", []))
    article.updated_at = pending.updated_at
    article.pending_update_row = pending
    return article


def staged_tags(article):
    """The tag names of `article`, as its pending update has them when it is a working copy."""
    tags = getattr(article, "_staged_tags", None)
    return list(tags) if tags is not None else list(article.tags.names())


def changed_fields(article, pending):
    """The labels of the fields the update changes, in the form's order."""
    live = live_values(article)
    return [
        str(Article._meta.get_field(name).verbose_name).capitalize()
        for name in STAGED_FIELDS
        if name in pending.values and pending.values[name] != live.get(name)
    ]


def changes_for_reading(article, pending):
    """[(label, published text, update's text)] for the fields the update changes."""
    live = live_values(article)
    rows = []
    for name in STAGED_FIELDS:
        if name not in pending.values or pending.values[name] == live.get(name):
            continue
        rows.append(
            (
                str(Article._meta.get_field(name).verbose_name).capitalize(),
                _readable(name, live.get(name)),
                _readable(name, pending.values[name]),
            )
        )
    return rows


def _readable(name, value):
    if name == "body":
        return html_to_text(value or "")
    if name == "authors":
        return ", ".join(str(author) for author in Author.objects.filter(pk__in=value or []))
    if name == "section":
        return str(Section.objects.filter(pk=value).first() or "")
    if name == "lead_image":
        from images.models import Image

        return str(Image.objects.filter(pk=value).first() or "") if value else ""
    if name == "tags":
        return ", ".join(value or [])
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return "" if value is None else str(value)


# --- The moves -----------------------------------------------------------------------------------


def update_stage(*, actor, article, values):
    """Keep `values` (from `values_of`) as the pending update of the live `article`."""
    if not can_edit_article(actor, article):
        raise WorkflowError(_("You may not change this story."))
    now = timezone.now()
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        pending = PendingUpdate.objects.select_for_update().filter(article=current).first()
        first = pending is None
        if first:
            pending = PendingUpdate(article=current, created_by=actor, created_at=now)
        pending.values = values
        pending.updated_by = actor
        pending.updated_at = now
        pending.save()
        if first:
            state = article_state(current)
            audit_record(
                actor=actor,
                action=STAGED,
                obj=current,
                from_state=state,
                to_state=state,
                note=_("Prepared an update; readers see the published version until it goes out."),
            )
    return pending


def update_publish(*, actor, article, scheduled=False):
    """Put the pending update on the story now: readers, feeds and clients get it."""
    if not scheduled and not is_desk(actor):
        raise WorkflowError(_("Only an editor can publish an update."))
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        pending = PendingUpdate.objects.select_for_update().filter(article=current).first()
        if pending is None:
            raise WorkflowError(
                _("There is no pending update to publish: it went out or was discarded.")
            )
        if scheduled and (pending.go_live_at is None or pending.go_live_at > timezone.now()):
            return None
        changed = changed_fields(current, pending)
        _lay_over(current, pending.values)
        _full_clean(current)
        with create_revision():
            current.save()
            if "authors" in pending.values:
                current.authors.set(pending.values["authors"])
            if "tags" in pending.values:
                current.tags.set(pending.values["tags"])
            set_user(actor)
            set_comment(
                _("Published the pending update (%(fields)s).")
                % {"fields": ", ".join(changed) or _("nothing changed")}
            )
        state = article_state(current)
        note = _("Changed: %(fields)s.") % {"fields": ", ".join(changed) or _("nothing")}
        if scheduled:
            note = _("Published at its scheduled time. %(note)s") % {"note": note}
        audit_record(
            actor=actor,
            action=UPDATE_PUBLISHED,
            obj=current,
            from_state=state,
            to_state=state,
            note=note,
        )
        pending.delete()
    article.refresh_from_db()
    return current


def update_schedule(*, actor, article, go_live_at):
    """Publish the pending update by itself at `go_live_at` (a time to come)."""
    if not is_desk(actor):
        raise WorkflowError(_("Only an editor can schedule an update."))
    if go_live_at is None:
        raise WorkflowError(_("Give the date and time the update goes live."))
    go_live_at = clock.parse_local(go_live_at)
    if go_live_at <= timezone.now():
        raise WorkflowError(
            _("The time must be in the future. To publish the update now, use “Publish now”.")
        )
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        pending = PendingUpdate.objects.select_for_update().filter(article=current).first()
        if pending is None:
            raise WorkflowError(_("There is no pending update to schedule."))
        pending.go_live_at = go_live_at
        pending.scheduled_by = actor
        pending.save(update_fields=["go_live_at", "scheduled_by"])
        state = article_state(current)
        audit_record(
            actor=actor,
            action=UPDATE_SCHEDULED,
            obj=current,
            from_state=state,
            to_state=state,
            note=_("The update goes live at %(when)s %(zone)s.")
            % {"when": clock.dateline(go_live_at), "zone": clock.zone_name(go_live_at)},
        )
    return pending


def update_discard(*, actor, article, note=""):
    """Throw the pending update away; the published story stays as it is."""
    if not can_edit_article(actor, article):
        raise WorkflowError(_("You may not change this story."))
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        pending = PendingUpdate.objects.select_for_update().filter(article=current).first()
        if pending is None:
            return False
        changed = changed_fields(current, pending)
        state = article_state(current)
        note = (note or "").strip()[:300]
        audit_record(
            actor=actor,
            action=UPDATE_DISCARDED,
            obj=current,
            from_state=state,
            to_state=state,
            note=(f"{note} " if note else "")
            + _("Discarded changes to: %(fields)s.")
            % {"fields": ", ".join(changed) or _("nothing")},
        )
        pending.delete()
    return True


def update_retire(*, actor, article):
    """The story was saved straight from a form built on its pending update ("publish changes
    now"): the update is in the story, so the row goes (audited as published)."""
    with transaction.atomic():
        pending = PendingUpdate.objects.select_for_update().filter(article=article).first()
        if pending is None:
            return
        state = article_state(article)
        audit_record(
            actor=actor,
            action=UPDATE_PUBLISHED,
            obj=article,
            from_state=state,
            to_state=state,
            note=_("Published straight from the change form."),
        )
        pending.delete()


def updates_publish_due(now=None):
    """Publish every pending update whose time has come (the periodic job). Returns how many."""
    now = now or timezone.now()
    published = 0
    due = PendingUpdate.objects.filter(go_live_at__lte=now).select_related(
        "article", "scheduled_by"
    )
    for pending in due:
        try:
            if update_publish(actor=pending.scheduled_by, article=pending.article, scheduled=True):
                published += 1
        except WorkflowError:
            continue
    return published
