"""Everything that writes ticker items: the admin, the dashboard and load_demo call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article

from .models import TickerItem


def ticker_item_save(*, item, by):
    """Validate and save an item built elsewhere (the admin's form), recording who did it."""
    if item.pk is None and item.created_by_id is None:
        item.created_by = by
    item.updated_by = by
    item.full_clean()
    with transaction.atomic():
        item.save()
    return item


def ticker_item_create(
    *,
    by,
    text,
    urgency=TickerItem.Urgency.NORMAL,
    article=None,
    url="",
    pinned=False,
    starts_at=None,
    ends_at=None,
):
    """A new item; it starts now and ends after the site-wide default unless told otherwise."""
    item = TickerItem(
        text=text,
        urgency=urgency,
        article=article,
        url=url or "",
        pinned=pinned,
        starts_at=starts_at or timezone.now(),
        ends_at=ends_at,
    )
    return ticker_item_save(item=item, by=by)


def ticker_item_expire(*, item, by, now=None):
    """Take an item off the strip now. Returns False if it had already ended."""
    now = now or timezone.now()
    with transaction.atomic():
        item = TickerItem.objects.select_for_update().get(pk=item.pk)
        if item.ends_at <= now:
            return False
        item.ends_at = now
        # One that had not started yet ends before it ever shows.
        item.starts_at = min(item.starts_at, now)
        item.updated_by = by
        item.full_clean()
        item.save(update_fields=["ends_at", "starts_at", "updated_by", "updated_at"])
    return True


def ticker_item_send_article(*, article, by, urgency=TickerItem.Urgency.NORMAL):
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
        return ticker_item_create(by=by, text=article.headline, urgency=urgency, article=article)
