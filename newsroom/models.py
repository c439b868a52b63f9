from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .languages import LocalisedTextField

SITE_SETTINGS_CACHE_KEY = "newsroom:site-settings"


class SiteSettings(models.Model):
    """The one row of site-wide settings that staff edit in the admin."""

    site_name = models.CharField(_("site name"), max_length=80, default="Newswire")
    tagline = models.CharField(
        _("tagline"), max_length=160, blank=True, default="Independent news from New Delhi"
    )
    byline_handle = models.CharField(
        _("wire byline handle"),
        max_length=40,
        default="newswire",
        help_text=_("Shown as @handle on stories credited to the desk."),
    )
    facebook_url = models.URLField(_("Facebook URL"), blank=True)
    x_url = models.URLField(_("X URL"), blank=True)
    instagram_url = models.URLField(_("Instagram URL"), blank=True)
    youtube_url = models.URLField(_("YouTube URL"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    about = LocalisedTextField(_("about the newsroom"), blank=True)
    corrections_policy = LocalisedTextField(_("corrections policy"), blank=True)
    # The about page and the corrections policy in the newsroom's other languages.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    ticker_default_hours = models.PositiveSmallIntegerField(
        _("ticker items last (hours)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("How long a new ticker item stays up when no end time is given (1 to 168)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ticker_default_hours__gte=1, ticker_default_hours__lte=168),
                name="site_ticker_default_hours_range",
            ),
        ]

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """The settings, from the shared cache (every process sees a save at once: see
        newsroom/apps.py) or the database."""
        settings = cache.get(SITE_SETTINGS_CACHE_KEY)
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, settings, 300)
        return settings

    @property
    def follow_links(self):
        """(network, label, url) for each network that has a URL, in the order of the header."""
        links = [
            ("facebook", "Facebook", self.facebook_url),
            ("x", "X", self.x_url),
            ("instagram", "Instagram", self.instagram_url),
            ("youtube", "YouTube", self.youtube_url),
        ]
        return [link for link in links if link[2]]


class AuditEntry(models.Model):
    """One thing someone did to something: a workflow move, a publication, a deletion.

    Written only by `newsroom.services.audit_record`; the admin shows it and offers no way to
    change or remove it. The object is referred to by type and id (not a foreign key), so the
    entry outlives the object, and `object_repr` keeps what it was called.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(
        _("who (name at the time)"), max_length=150, blank=True, editable=False
    )
    action = models.CharField(_("action"), max_length=40)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type of object"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=200)
    from_state = models.CharField(_("from state"), max_length=40, blank=True)
    to_state = models.CharField(_("to state"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="audit_object_time"
            ),
            models.Index(fields=["action", "-created_at"], name="audit_action_time"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_time"),
        ]

    def __str__(self):
        change = f" ({self.from_state} → {self.to_state})" if self.to_state else ""
        return f"{self.actor_name or '—'} {self.action} “{self.object_repr}”{change}"


class ScheduledRun(models.Model):
    """One slot of a periodic job, enqueued once (newsroom.background.enqueue_due_jobs).

    The unique key is the lock: of all the schedulers that try to enqueue a slot, only the one
    whose insert succeeds does, in the same transaction as the task's row."""

    job = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("slot"))
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("enqueued at"), default=timezone.now)

    class Meta:
        ordering = ["-slot", "job"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")
        ]

    def __str__(self):
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M:%S}"
