"""Everything that writes ticker items: the admin, the dashboard and load_demo call these."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from newsroom.services import audit_record
from newsroom.undo import UndoRefusedError

from .models import TickerItem

# Audit log actions on ticker items.
CREATED = "created"
CHANGED = "changed"
EXPIRED = "expired"
EXPIRY_UNDONE = "expiry undone"
# How "Undo" in the message after taking an item off the strip takes it back (newsroom.undo).
UNDO_EXPIRE = "ticker.expire"
SENT_FROM_ARTICLE = "sent to ticker"
DELETED = "deleted"


def ticker_item_save(*, item, actor, note=""):
    """Validate and save an item built elsewhere (the admin's form), recording who did it."""
    return _save(item=item, actor=actor, action=None, note=note)


def _save(*, item, actor, action, note=""):
    is_new = item.pk is None
    if is_new and item.created_by_id is None:
        item.created_by = actor
    item.updated_by = actor
    item.full_clean()
    with transaction.atomic():
        from_state = ""
        if not is_new:
            stored = TickerItem.objects.select_for_update().filter(pk=item.pk).first()
            from_state = stored.state() if stored is not None else ""
        item.save()
        audit_record(
            actor=actor,
            action=action or (CREATED if is_new else CHANGED),
            obj=item,
            from_state=from_state,
            to_state=item.state(),
            note=note,
        )
    return item


def ticker_item_create(
    *,
    actor,
    text,
    urgency=TickerItem.Urgency.NORMAL,
    article=None,
    url="",
    pinned=False,
    starts_at=None,
    ends_at=None,
    language=None,
):
    """A new item; it starts now and ends after the site-wide default unless told otherwise. Its
    language is its story's, or the one given, or the default (each language has its strip)."""
    item = _new_item(
        text=text,
        urgency=urgency,
        article=article,
        url=url,
        pinned=pinned,
        starts_at=starts_at,
        ends_at=ends_at,
        language=language,
    )
    return _save(item=item, actor=actor, action=CREATED)


def _new_item(
    *,
    text,
    urgency,
    article=None,
    url="",
    pinned=False,
    starts_at=None,
    ends_at=None,
    language=None,
):
    return TickerItem(
        text=text,
        language=article.language if article is not None else language or settings.LANGUAGE_CODE,
        urgency=urgency,
        article=article,
        url=url or "",
        pinned=pinned,
        starts_at=starts_at or timezone.now(),
        ends_at=ends_at,
    )


def ticker_item_expire(*, item, actor, now=None):
    """Take an item off the strip now. Returns False if it had already ended."""
    now = now or timezone.now()
    with transaction.atomic():
        item = TickerItem.objects.select_for_update().get(pk=item.pk)
        if item.ends_at <= now:
            return False
        from_state = item.state(now)
        item.ends_at = now
        # One that had not started yet ends before it ever shows.
        item.starts_at = min(item.starts_at, now)
        item.updated_by = actor
        item.full_clean()
        item.save(update_fields=["ends_at", "starts_at", "updated_by", "updated_at"])
        audit_record(actor=actor, action=EXPIRED, obj=item, from_state=from_state, to_state="ended")
    return True


def ticker_item_send_article(*, article, actor, urgency=TickerItem.Urgency.NORMAL):
    """Put a published story's headline on the ticker, linked to it, once."""
    with transaction.atomic():
        # Lock the story so two editors sending it at once make one item, not two.
        article = Article.objects.select_for_update().select_related("section").get(pk=article.pk)
        if not article.is_live:
            raise ValidationError(
                _("“%(headline)s” is not published."),
                code="not_live",
                params={"headline": article.headline},
            )
        if TickerItem.objects.live().filter(article=article).exists():
            raise ValidationError(
                _("“%(headline)s” is already on the ticker."),
                code="already_live",
                params={"headline": article.headline},
            )
        item = _new_item(text=article.headline, urgency=urgency, article=article)
        return _save(
            item=item,
            actor=actor,
            action=SENT_FROM_ARTICLE,
            note=_("From the article “%(headline)s”.") % {"headline": article.headline},
        )


def ticker_items_delete(*, items, actor):
    """Delete items for good, each leaving an audit entry. Returns how many were deleted."""
    deleted = 0
    with transaction.atomic():
        for item in TickerItem.objects.select_for_update().filter(
            pk__in=[item.pk for item in items]
        ):
            audit_record(
                actor=actor,
                action=DELETED,
                obj=item,
                from_state=item.state(),
                to_state="",
            )
            item.delete()
            deleted += 1
    return deleted


def undo_data_for_expiry(*, item, starts_at, ends_at):
    """What taking back the expiry of `item` needs: its times before, and the end it was given."""
    return {
        "item": item.pk,
        "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(),
        "expired_at": item.ends_at.isoformat(),
    }


def ticker_item_expire_undo(*, actor, data):
    """Put an item just taken off the strip back with its times, unless it was changed since or
    would have ended by now. Audited as "expiry undone"."""
    now = timezone.now()
    with transaction.atomic():
        item = TickerItem.objects.select_for_update().filter(pk=data.get("item")).first()
        if item is None:
            raise UndoRefusedError(_("the ticker item no longer exists."))
        try:
            starts_at = datetime.fromisoformat(data["starts_at"])
            ends_at = datetime.fromisoformat(data["ends_at"])
            expired_at = datetime.fromisoformat(data["expired_at"])
        except (KeyError, TypeError, ValueError):
            raise UndoRefusedError(_("the item's earlier times are not known.")) from None
        if item.ends_at != expired_at:
            raise UndoRefusedError(_("“%(text)s” has been changed since.") % {"text": item.text})
        if ends_at <= now:
            raise UndoRefusedError(_("“%(text)s” would have ended by now.") % {"text": item.text})
        item.starts_at, item.ends_at, item.updated_by = starts_at, ends_at, actor
        item.full_clean()
        item.save(update_fields=["ends_at", "starts_at", "updated_by", "updated_at"])
        audit_record(
            actor=actor, action=EXPIRY_UNDONE, obj=item, from_state="ended", to_state=item.state()
        )
    return _("“%(text)s” is back on the ticker.") % {"text": item.text}
