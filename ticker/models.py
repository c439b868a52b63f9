from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom.languages import current_language, story_language_choices
from newsroom.models import SiteSettings


class TickerItemQuerySet(models.QuerySet):
    """Where items stand at `now`: upcoming, live or ended (each item is exactly one).

    Decided at query time, so nothing has to switch items on or off.
    """

    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now())

    def live(self, now=None):
        """Items on the strip at `now`: started (inclusive) and not yet ended (exclusive)."""
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now)

    def ended(self, now=None):
        # An item never ends before it starts (a constraint), so this implies it started.
        return self.filter(ends_at__lte=now or timezone.now())

    def for_strip(self, now=None):
        """Live items in strip order, with what their links need, in one query."""
        return (
            self.live(now)
            .filter(language=current_language())
            .select_related("article__section")
            .annotate(urgency_rank=TickerItem.Urgency.rank_expression())
            .order_by("-pinned", "-urgency_rank", "-starts_at", "-id")
        )


class TickerItem(models.Model):
    class Urgency(models.TextChoices):
        BREAKING = "breaking", _("Breaking")
        URGENT = "urgent", _("Urgent")
        NORMAL = "normal", _("Normal")

        @classmethod
        def rank_expression(cls):
            # Higher is more urgent; the strip sorts on this, not on the stored word.
            ranks = {cls.BREAKING: 3, cls.URGENT: 2, cls.NORMAL: 1}
            return Case(
                *(When(urgency=value, then=Value(rank)) for value, rank in ranks.items()),
                default=Value(0),
                output_field=IntegerField(),
            )

    text = models.CharField(
        _("text"),
        max_length=200,
        help_text=_("One line, as readers will see it. Keep it short: under 100 characters."),
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ticker_items",
        help_text=_("Link to one of our published stories …"),
    )
    url = models.URLField(
        _("link URL"),
        max_length=500,
        blank=True,
        help_text=_("… or to any other address. Leave both empty for plain text."),
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    # Each language's pages show their own strip (the ticker island is rendered per language).
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=story_language_choices,
        default="en",
        help_text=_("The strip of the pages in this language shows it; write it in that language."),
    )
    pinned = models.BooleanField(
        _("pinned"),
        default=False,
        help_text=_("Pinned items lead the strip, ahead of more urgent ones."),
    )
    starts_at = models.DateTimeField(_("starts at"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("ends at"),
        blank=True,
        help_text=_(
            "Leave empty to use the site-wide default (Site settings, Ticker), "
            "counted from the start."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TickerItemQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("ticker item")
        verbose_name_plural = _("ticker items")
        indexes = [
            # The strip's filter: ends_at > now AND starts_at <= now.
            models.Index(fields=["ends_at", "starts_at"], name="ticker_item_live"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="ticker_item_has_text"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="ticker_item_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=True) | Q(url=""),
                name="ticker_item_one_link",
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=["breaking", "urgent", "normal"]),
                name="ticker_item_urgency_valid",
            ),
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.fill_default_end()
        super().save(*args, **kwargs)

    def clean(self):
        self.text = (self.text or "").strip()
        self.fill_default_end()
        errors = {}
        if self.article_id and self.url:
            errors["url"] = _("Link to an article or to a URL, not both.")
        if self.article_id and self.article.language != self.language:
            errors["language"] = _(
                "The linked story is in another language: a strip links its own language's stories."
            )
        if self.starts_at and self.ends_at:
            # A saved item may end exactly when it starts: that is how one expired before it
            # began is recorded. A new item that could never be shown is a mistake.
            too_early = self.ends_at < self.starts_at if self.pk else self.ends_at <= self.starts_at
            if too_early:
                errors["ends_at"] = _("The item must end after it starts.")
        if self.article_id and not self._article_published_by_start():
            errors["article"] = _(
                "That story is not published (or not by the time this item starts): "
                "readers would follow the link to a missing page."
            )
        if errors:
            raise ValidationError(errors)

    def fill_default_end(self):
        if self.ends_at is None and self.starts_at is not None:
            self.ends_at = self.starts_at + default_duration()

    def _article_published_by_start(self):
        article = self.article
        return (
            article.status == Article.Status.PUBLISHED
            and article.publish_at is not None
            and article.publish_at <= max(self.starts_at or timezone.now(), timezone.now())
        )

    def is_live(self, now=None):
        return self.state(now) == "live"

    def state(self, now=None):
        """upcoming, live or ended, as TickerItemQuerySet judges it ("" before its times are
        set)."""
        if self.starts_at is None or self.ends_at is None:
            return ""
        now = now or timezone.now()
        if self.starts_at > now:
            return "upcoming"
        return "live" if now < self.ends_at else "ended"

    @property
    def link_url(self):
        """Where the item links to, or "" — never to a story readers cannot see."""
        if self.article_id:
            return self.article.get_absolute_url() if self.article.is_live else ""
        return self.url


def default_duration():
    return timedelta(hours=SiteSettings.current().ticker_default_hours)
