"""Writing live coverage: starting and ending it, posting, editing, pinning and deleting entries.
The admin, the dashboard's fast entry form and the demo all call these; each records who did it
in the audit log, inside the transaction that makes the change."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article, LiveStatus
from articles.seo import absolute_url
from newsroom.background import enqueue
from newsroom.services import audit_record
from ticker.models import TickerItem
from ticker.services import ticker_item_create

from .models import LiveCoverage, LiveEntry
from .tasks import send_entry_alert

logger = logging.getLogger(__name__)

# A ticker line is short (the ticker asks for under 100 characters).
TICKER_TEXT_LENGTH = 100
# The fields of an entry a writer sets (the rest are kept by the services).
ENTRY_FIELDS = (
    "title",
    "body",
    "image",
    "image_caption",
    "quote",
    "quote_source",
    "embed_url",
    "alert",
)


def _record(*, actor, action, obj, from_state="", to_state="", note=""):
    audit_record(
        actor=actor, action=action, obj=obj, from_state=from_state, to_state=to_state, note=note
    )
    logger.info(
        "live %s: actor=%s %s=%s", action, getattr(actor, "pk", None), obj._meta.model_name, obj.pk
    )


def _mark_story(article_id, status):
    # The story's own row says it is covered live (teasers, feeds, its page): articles never
    # imports live. update() sends no signal: the coverage's save, in the same transaction,
    # invalidates the story's page and the listings (live/invalidation.py).
    Article.objects.filter(pk=article_id).update(live_status=status)


def coverage_start(*, article, actor, started_at=None):
    """Mark a story as covered live (or reopen coverage that had ended); returns the coverage."""
    with transaction.atomic():
        coverage = LiveCoverage.objects.select_for_update().filter(article=article).first()
        if coverage is not None:
            if coverage.is_running:
                return coverage
            coverage.ended_at = None
            coverage.full_clean()
            _mark_story(coverage.article_id, LiveStatus.LIVE)
            coverage.save(update_fields=["ended_at"])
            _record(
                actor=actor, action="reopened", obj=coverage, from_state="ended", to_state="live"
            )
            return coverage
        coverage = LiveCoverage(
            article=article,
            started_by=actor if actor is not None and actor.is_authenticated else None,
            started_at=started_at or timezone.now(),
        )
        coverage.full_clean()
        _mark_story(article.pk, LiveStatus.LIVE)
        coverage.save()
        _record(actor=actor, action="started", obj=coverage, to_state="live")
    return coverage


def coverage_end(*, coverage, summary, actor, ended_at=None):
    """End the coverage: the page becomes an archive with `summary` on top."""
    summary = LiveCoverage.summary_sanitizer(summary or "")
    if not summary.strip() or summary.strip() in {"<p></p>"}:
        raise ValidationError({"summary": _("Write a short summary for readers of the archive.")})
    with transaction.atomic():
        locked = LiveCoverage.objects.select_for_update().get(pk=coverage.pk)
        if not locked.is_running:
            raise ValidationError(_("This coverage has ended already."))
        locked.summary = summary
        locked.ended_at = ended_at or timezone.now()
        locked.full_clean()
        _mark_story(locked.article_id, LiveStatus.ENDED)
        locked.save(update_fields=["summary", "ended_at"])
        _record(actor=actor, action="ended", obj=locked, from_state="live", to_state="ended")
    return locked


def coverage_edit_summary(*, coverage, summary, actor):
    """Change the summary (shown on top once the coverage has ended)."""
    with transaction.atomic():
        locked = LiveCoverage.objects.select_for_update().get(pk=coverage.pk)
        locked.summary = LiveCoverage.summary_sanitizer(summary or "")
        locked.full_clean()
        locked.save(update_fields=["summary"])
        state = "live" if locked.is_running else "ended"
        _record(
            actor=actor,
            action="edited",
            obj=locked,
            from_state=state,
            to_state=state,
            note=_("Changed: summary"),
        )
    return locked


def coverage_delete(*, coverage, actor):
    """Remove the coverage and its entries for good (a mistake, not an ending: use
    coverage_end for that); the story goes back to an ordinary one."""
    with transaction.atomic():
        locked = LiveCoverage.objects.select_for_update().filter(pk=coverage.pk).first()
        if locked is None:
            return False
        _record(
            actor=actor,
            action="deleted",
            obj=locked,
            from_state="live" if locked.is_running else "ended",
            note=_("%(count)s entries deleted with it") % {"count": locked.entries.count()},
        )
        _mark_story(locked.article_id, LiveStatus.NONE)
        locked.delete()
    return True


def _entry_state(entry):
    return "pinned" if entry.pinned else "posted"


def _apply_pin(entry):
    if entry.pinned:
        # One pinned entry per coverage (a constraint): pinning this one unpins the other.
        LiveEntry.objects.filter(coverage_id=entry.coverage_id, pinned=True).exclude(
            pk=entry.pk
        ).update(pinned=False)


def entry_post(*, coverage, actor, pinned=False, posted_at=None, **fields):
    """Post an entry on running coverage; returns it."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown entry fields: {', '.join(sorted(unknown))}")
    entry = LiveEntry(
        coverage=coverage,
        author=actor if actor is not None and actor.is_authenticated else None,
        pinned=pinned,
        posted_at=posted_at or timezone.now(),
        **{name: value for name, value in fields.items() if value is not None},
    )
    entry.body = LiveEntry.body_sanitizer(entry.body or "")
    # Constraints are checked by the database: pinning this one unpins the other first.
    entry.full_clean(validate_constraints=False)
    with transaction.atomic():
        locked = LiveCoverage.objects.select_for_update().get(pk=coverage.pk)
        if not locked.is_running:
            raise ValidationError(_("This coverage has ended: reopen it to post again."))
        _apply_pin(entry)
        entry.save()
        _record(actor=actor, action="posted", obj=entry, to_state=_entry_state(entry))
        if entry.alert:
            # Readers who follow are alerted once the entry is there for them to read.
            transaction.on_commit(lambda: enqueue(send_entry_alert, entry.pk))
    return entry


def entry_edit(*, entry, actor, **fields):
    """Change an entry's content (and pinning, with `pinned=`); the audit entry names what
    changed."""
    unknown = set(fields) - set(ENTRY_FIELDS) - {"pinned"}
    if unknown:
        raise TypeError(f"unknown entry fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = LiveEntry.objects.select_for_update().get(pk=entry.pk)
        from_state = _entry_state(locked)
        changed = []
        for name, value in fields.items():
            if name == "body":
                value = LiveEntry.body_sanitizer(value or "")
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name)
        if not changed:
            return locked
        if set(changed) - {"pinned"}:
            locked.edited_at = timezone.now()
        locked.full_clean(validate_constraints=False)
        _apply_pin(locked)
        locked.save()
        _record(
            actor=actor,
            action="edited",
            obj=locked,
            from_state=from_state,
            to_state=_entry_state(locked),
            note=_("Changed: %(fields)s") % {"fields": ", ".join(changed)},
        )
    return locked


def entry_pin(*, entry, actor, pinned=True):
    return entry_edit(entry=entry, actor=actor, pinned=pinned)


def entry_delete(*, entry, actor):
    with transaction.atomic():
        locked = LiveEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if locked is None:
            return False
        _record(actor=actor, action="deleted", obj=locked, from_state=_entry_state(locked))
        locked.delete()
    return True


def _entry_text(entry):
    return " ".join(strip_tags(entry.body or "").split())


def _unique_slug(headline, fallback):
    return Article.objects.free_slug(headline, fallback=fallback)


def entry_promote(*, entry, actor):
    """A standalone story draft from an entry, for the desk to write up: the entry's title (or
    the start of its text) as headline, its text and quote as the body, its picture as the lead,
    in the live story's section. Returns the draft; both are audited."""
    story = entry.coverage.article
    text = _entry_text(entry)
    headline = entry.title or Truncator(text or entry.quote or str(entry)).words(14)
    body = entry.body if text else ""
    if entry.quote:
        source = f"<p>— {escape(entry.quote_source)}</p>" if entry.quote_source else ""
        body += f"<blockquote><p>{escape(entry.quote)}</p>{source}</blockquote>"
    if entry.embed_url:
        body += format_html('<p><a href="{}">{}</a></p>', entry.embed_url, entry.embed_url)
    draft = Article(
        headline=Truncator(headline).chars(200),
        slug=_unique_slug(headline, f"live-update-{entry.pk}"),
        standfirst="",
        body=body,
        section_id=story.section_id,
        dateline_place=story.dateline_place,
        status=Article.Status.DRAFT,
        lead_image=entry.image,
        lead_image_caption=entry.image_caption,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    draft.full_clean()
    with transaction.atomic():
        draft.save()
        draft.authors.set(story.authors.all())
        _record(
            actor=actor,
            action="created",
            obj=draft,
            to_state=Article.Status.DRAFT,
            note=_("From a live update on “%(story)s”") % {"story": story.headline},
        )
        _record(
            actor=actor,
            action="promoted",
            obj=entry,
            from_state=_entry_state(entry),
            to_state=_entry_state(entry),
            note=_("Draft story #%(id)s") % {"id": draft.pk},
        )
    return draft


def entry_send_to_ticker(*, entry, actor, urgency=None):
    """Put an entry on the ticker, linking to it on the live page; returns the ticker item."""
    text = entry.title or _entry_text(entry) or entry.quote
    if not text:
        raise ValidationError(_("This update has no words for the ticker: give it a title."))
    with transaction.atomic():
        item = ticker_item_create(
            actor=actor,
            text=Truncator(text).chars(TICKER_TEXT_LENGTH),
            urgency=urgency or TickerItem.Urgency.NORMAL,
            url=absolute_url(entry.get_absolute_url()),
        )
        _record(
            actor=actor,
            action="sent to ticker",
            obj=entry,
            from_state=_entry_state(entry),
            to_state=_entry_state(entry),
            note=_("Ticker item #%(id)s") % {"id": item.pk},
        )
    return item
