"""Live coverage of a story: the coverage (started, ended with a summary) and its entries."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

# An entry is short: no sub-heads or rules, which belong to stories.
ENTRY_EXTENSIONS = {
    # The editor turns the browser's spell-check off unless told otherwise; writers need it.
    "NoSpellCheck": False,
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}
TITLE_MAX_LENGTH = 200
QUOTE_MAX_LENGTH = 1000


class LiveCoverageQuerySet(models.QuerySet):
    def running(self):
        return self.filter(ended_at__isnull=True)

    def ended(self):
        return self.filter(ended_at__isnull=False)


class LiveCoverage(models.Model):
    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="live_coverage",
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(
        _("ended at"),
        null=True,
        blank=True,
        help_text=_("Once ended, the page is an archive with the summary on top."),
    )
    summary = ProseEditorField(
        _("summary"),
        extensions=ENTRY_EXTENSIONS,
        sanitize=True,
        blank=True,
        help_text=_("What happened, in a few lines: shown on top once the coverage has ended."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LiveCoverageQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverage")
        indexes = [models.Index(fields=["ended_at", "-started_at"], name="livecoverage_running")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="livecoverage_ends_after_start",
            ),
        ]

    def __str__(self):
        return str(self.article)

    def save(self, *args, **kwargs):
        self.summary = self.summary_sanitizer(self.summary or "")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    @classproperty
    def summary_sanitizer(cls):  # noqa: N805 - a class property
        return cls._meta.get_field("summary").sanitize

    @property
    def is_running(self):
        return self.ended_at is None


class Alert(models.TextChoices):
    NONE = "", _("No alert")
    FOLLOWERS = "followers", _("Alert the story's followers")
    BREAKING = (
        "breaking",
        _("Breaking: alert the story's followers and all breaking-news followers"),
    )


class LiveEntry(models.Model):
    coverage = models.ForeignKey(
        LiveCoverage,
        verbose_name=_("coverage"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    title = models.CharField(
        _("title"), max_length=TITLE_MAX_LENGTH, blank=True, help_text=_("Optional, a few words.")
    )
    body = ProseEditorField(_("text"), extensions=ENTRY_EXTENSIONS, sanitize=True, blank=True)
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("picture"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_entries",
    )
    image_caption = models.TextField(
        _("picture caption"),
        max_length=600,
        blank=True,
        help_text=_("Leave empty to use the library caption. The credit is the library's."),
    )
    quote = models.TextField(_("quote"), max_length=QUOTE_MAX_LENGTH, blank=True)
    quote_source = models.CharField(
        _("quote by"), max_length=200, blank=True, help_text=_("Who said it, and their role.")
    )
    embed_url = models.URLField(
        _("embedded post"),
        max_length=500,
        blank=True,
        help_text=_(
            "The address of a post (X, Instagram, YouTube, ...). Readers see a link and load the "
            "post only if they ask: nothing is fetched from the other site before that."
        ),
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown on top. Pinning one unpins the other.")
    )
    alert = models.CharField(
        _("push alert"),
        max_length=10,
        choices=Alert.choices,
        default=Alert.NONE,
        blank=True,
        help_text=_("Sent once, when the update is posted, to readers who chose to follow."),
    )
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    edited_at = models.DateTimeField(
        _("edited at"), null=True, blank=True, editable=False, help_text=_("Shown as “edited”.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        # Newest first, as readers of a live page expect; the pinned entry is shown above them.
        ordering = ["-posted_at", "-id"]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        indexes = [models.Index(fields=["coverage", "-posted_at"], name="liveentry_coverage_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["coverage"], condition=Q(pinned=True), name="liveentry_one_pinned"
            ),
        ]

    def __str__(self):
        text = self.title or strip_tags(self.body) or self.quote or self.embed_url
        if not text and self.image_id:
            text = _("Picture")
        return Truncator(" ".join(str(text).split())).chars(80)

    def save(self, *args, **kwargs):
        self.body = self.body_sanitizer(self.body or "")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.coverage.article.get_absolute_url()}#entry-{self.pk}"

    @classproperty
    def body_sanitizer(cls):  # noqa: N805 - a class property
        return cls._meta.get_field("body").sanitize

    @property
    def anchor(self):
        return f"entry-{self.pk}"

    @property
    def has_text(self):
        return bool(strip_tags(self.body or "").strip())

    def clean(self):
        if self.quote_source and not self.quote.strip():
            raise ValidationError({"quote": _("Give the quote, or leave “quote by” empty.")})
        if self.image_caption and self.image_id is None:
            raise ValidationError({"image": _("Choose the picture this caption is for.")})
        if not (
            self.title.strip()
            or self.has_text
            or self.image_id
            or self.quote.strip()
            or self.embed_url.strip()
        ):
            raise ValidationError(
                _("An entry needs something to show: text, a picture, a quote or a post.")
            )


class PushSubscription(models.Model):
    """A reader's browser that asked (with "Follow") for Web Push alerts: of one live story, or
    of breaking news. The endpoint and keys are the browser's; nothing else about them is kept."""

    class Topic(models.TextChoices):
        BREAKING = "breaking", _("Breaking news")
        STORY = "story", _("One live story")

    endpoint = models.URLField(_("push endpoint"), max_length=1000)
    p256dh = models.CharField(_("public key (p256dh)"), max_length=200)
    auth = models.CharField(_("auth secret"), max_length=100)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices)
    coverage = models.ForeignKey(
        LiveCoverage,
        verbose_name=_("live story"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    created_at = models.DateTimeField(_("subscribed at"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last alert sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        indexes = [models.Index(fields=["endpoint"], name="pushsub_endpoint")]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic="story", coverage__isnull=False)
                | Q(topic="breaking", coverage__isnull=True),
                name="pushsub_topic_matches_story",
            ),
            models.UniqueConstraint(
                fields=["endpoint", "coverage"],
                condition=Q(topic="story"),
                name="pushsub_one_per_story",
            ),
            models.UniqueConstraint(
                fields=["endpoint"], condition=Q(topic="breaking"), name="pushsub_one_breaking"
            ),
        ]

    def __str__(self):
        return f"{self.get_topic_display()}: {Truncator(self.endpoint).chars(60)}"
