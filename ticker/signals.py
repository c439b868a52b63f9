"""Renew the ticker island whenever something it shows changes, however it was changed."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, Section

from .islands import ticker_island
from .models import TickerItem


@receiver(post_save, sender=TickerItem)
@receiver(post_delete, sender=TickerItem)
@receiver(post_delete, sender=Article)
def ticker_changed(sender, **kwargs):
    ticker_island.invalidate()


# A linked story may be unpublished or move to another address. Most saves touch stories that
# are not on the ticker: leave the cache alone for those.
@receiver(post_save, sender=Article)
def linked_article_changed(sender, instance, raw=False, **kwargs):
    if not raw and TickerItem.objects.filter(article=instance).exists():
        ticker_island.invalidate()


@receiver(post_save, sender=Section)
def linked_section_changed(sender, instance, raw=False, **kwargs):
    if not raw and TickerItem.objects.filter(article__section=instance).exists():
        ticker_island.invalidate()
