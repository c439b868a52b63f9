"""The wire's clients (other newsrooms), their API keys, the versions of stories sent to them in
order, and the record of who took which story when."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import STORY_LANGUAGES, Section
from newsroom.ratelimit import parse_rate


def validate_rate(value):
    try:
        parse_rate(value)
    except ValueError:
        raise ValidationError(
            _("Write the limit as a number of requests per period: “600/h”, “60/m” or “10/5s”.")
        ) from None


def validate_languages(value):
    known = {code for code, _name in STORY_LANGUAGES}
    unknown = [code for code in value if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


def new_webhook_secret():
    return f"whsec_{secrets.token_urlsafe(32)}"


class ClientQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Client(models.Model):
    """A newsroom that takes the wire's stories: what it may take and how often it may ask."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    sections = models.ManyToManyField(
        Section,
        verbose_name=_("sections"),
        related_name="syndication_clients",
        blank=True,
        help_text=_("The sections whose stories this client may take; none means nothing."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_('Language codes of the stories this client may take, e.g. ["en", "hi"].'),
    )
    rate_limit = models.CharField(
        _("request limit"),
        max_length=20,
        default="600/h",
        validators=[validate_rate],
        help_text=_("Requests each key may make per period: “600/h”, “60/m”."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive client's keys are all refused.")
    )
    notes = models.TextField(_("notes"), blank=True)
    webhook_url = models.URLField(
        _("webhook address"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where to push each story as it is published, updated, corrected or killed (a "
            "signed POST). Empty: the client polls the changes feed only."
        ),
    )
    webhook_secret = models.CharField(
        _("webhook signing secret"),
        max_length=80,
        blank=True,
        editable=False,
        help_text=_("Give it to the client: it checks each push's Webhook-Signature with it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("wire client")
        verbose_name_plural = _("wire clients")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.webhook_url and not self.webhook_secret:
            self.webhook_secret = new_webhook_secret()
        super().save(*args, **kwargs)


class ApiKeyQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Keys that open the API now: not revoked, not past their end, of an active client."""
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            revoked_at__isnull=True,
            client__is_active=True,
        )


class ApiKey(models.Model):
    """One key of a client. Only a hash of the secret is stored; the key is shown once."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="api_keys"
    )
    label = models.CharField(_("label"), max_length=80, blank=True)
    # The key's public part, shown in lists and logs so staff can tell keys apart.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=128, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField(
        _("works until"),
        null=True,
        blank=True,
        help_text=_("Set when the key is rotated: the old key keeps working until then."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["client", "-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.client} · {self.prefix}…"

    def state(self, now=None):
        now = now or timezone.now()
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= now:
            return "expired"
        if self.expires_at:
            return "retiring"
        return "active"


class StoryVersion(models.Model):
    """One version of a story as sent to clients, kept as sent (ninjs), in the order clients see
    them.

    `sequence` is given when the version is released, under a lock held until that transaction
    commits (syndication.services.story_versions_release), so sequences become visible in the
    order they are given: a client reading everything after the last sequence it saw misses
    nothing and sees nothing twice, however many stories are published at once. A story
    scheduled for later waits, without a sequence, until its time."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Published")
        UPDATE = "update", _("Updated")
        CORRECT = "correct", _("Corrected")
        WITHHOLD = "withhold", _("Withheld (unpublished)")
        KILL = "kill", _("Killed")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="syndicated_versions",
    )
    story_id = models.PositiveBigIntegerField(_("story id"))
    version = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    sequence = models.PositiveBigIntegerField(_("sequence"), null=True, blank=True, unique=True)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10)
    available_at = models.DateTimeField(_("available at"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    payload = models.JSONField(_("ninjs"))

    class Meta:
        ordering = ["story_id", "version"]
        verbose_name = _("syndicated version")
        verbose_name_plural = _("syndicated versions")
        constraints = [
            models.UniqueConstraint(fields=["story_id", "version"], name="story_version_once"),
        ]
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=Q(sequence__isnull=True),
                name="story_version_waiting",
            ),
        ]

    def __str__(self):
        return (
            f"{self.payload.get('headlines', [{}])[0].get('value', self.story_id)} v{self.version}"
        )


class FeedCounter(models.Model):
    """The last sequence given (one row). Locked while a release gives the next ones."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("feed counter")
        verbose_name_plural = _("feed counter")

    def __str__(self):
        return str(self.value)


class UsageEntry(models.Model):
    """A client took a story (a version of it) through one of the API's addresses."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="usage"
    )
    api_key = models.ForeignKey(
        ApiKey, verbose_name=_("key"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.ForeignKey(
        StoryVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    via = models.CharField(_("via"), max_length=20)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("usage entry")
        verbose_name_plural = _("usage log")
        indexes = [
            models.Index(fields=["client", "-at"], name="usage_client_time"),
            models.Index(fields=["at"], name="usage_time"),
        ]

    def __str__(self):
        return f"{self.client} took {self.version} ({self.via})"


class WebhookDelivery(models.Model):
    """One push of one version to one client (syndication/webhooks.py). Its id is the
    `Webhook-Id` the client sees on every attempt, so a client can drop repeats."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        GAVE_UP = "gave_up", _("Gave up")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="deliveries"
    )
    version = models.ForeignKey(
        StoryVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="webhook_once_per_version"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhook_due",
            ),
        ]

    def __str__(self):
        return f"{self.version} → {self.client} ({self.get_status_display()})"


class WireSource(models.Model):
    """A partner wire whose stories come in: a feed polled at its address, or files uploaded in
    the admin (syndication/ingest.py reads RSS 2.0, Atom 1.0 and ninjs)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    credit = models.CharField(
        _("credit"),
        max_length=120,
        help_text=_("How stories from it are credited, e.g. “Reuters” or “PTI”."),
    )
    url = models.URLField(
        _("feed address"),
        max_length=500,
        blank=True,
        help_text=_("RSS, Atom or ninjs; empty if its stories come only as uploaded files."),
    )
    poll_minutes = models.PositiveSmallIntegerField(
        _("poll every (minutes)"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(1440)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    fallback_section = models.ForeignKey(
        Section,
        verbose_name=_("fallback section"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text=_(
            "Where a draft from this wire goes when none of the story's categories has a rule "
            "below. Chosen here on purpose: nothing goes to a section by accident."
        ),
    )
    last_polled_at = models.DateTimeField(_("last read"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last problem"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("wire source")
        verbose_name_plural = _("wire sources")

    def __str__(self):
        return self.name


class WireSectionRule(models.Model):
    """A wire's category (or subject) and the section its stories' drafts go to."""

    source = models.ForeignKey(
        WireSource,
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        related_name="section_rules",
    )
    category = models.CharField(
        _("category"),
        max_length=100,
        help_text=_(
            "As the feed writes it: a category (“Sports”), a subject's name or code "
            "(“medtop:15000000”). Capitals and spaces do not matter."
        ),
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["source", "category"]
        verbose_name = _("section rule")
        verbose_name_plural = _("section rules")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "category"], name="wire_section_rule_once_per_category"
            ),
        ]

    def __str__(self):
        return f"{self.category} → {self.section}"

    def save(self, *args, **kwargs):
        from .ingest import category_key

        # Kept in the form rules are compared in, so "Sports" and " sports" are one rule.
        self.category = category_key(self.category)
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        from .ingest import category_key

        self.category = category_key(self.category)
        super().validate_unique(exclude=exclude)


class WireItemQuerySet(models.QuerySet):
    def search(self, query):
        """Items whose headline, summary, body or source matches every word of `query`."""
        queryset = self
        for word in query.split()[:8]:
            queryset = queryset.filter(
                Q(headline__icontains=word)
                | Q(summary__icontains=word)
                | Q(body__icontains=word)
                | Q(source__credit__icontains=word)
            )
        return queryset


class WireItem(models.Model):
    """One story from a partner wire, as it came in (sanitised). Unique per source and the
    source's own id, so a story is never taken in twice."""

    source = models.ForeignKey(
        WireSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="items"
    )
    source_item_id = models.CharField(_("id at the source"), max_length=300)
    headline = models.CharField(_("headline"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgency"), null=True, blank=True)
    # The feed's categories (RSS), categories' terms and labels (Atom) or subjects' names and
    # codes (ninjs), in the feed's order: what the source's section rules are matched against.
    categories = models.JSONField(_("categories"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at the source"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    draft = models.ForeignKey(
        "articles.Article",
        verbose_name=_("draft made from it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = WireItemQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("wire item")
        verbose_name_plural = _("wire items")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_item_id"], name="wire_item_once_per_source"
            ),
        ]
        indexes = [models.Index(fields=["-received_at"], name="wire_item_received")]

    def __str__(self):
        return f"{self.source.credit}: {self.headline}"


class HeldPicture(models.Model):
    """A picture kept off its public media URLs while embargoed stories use it (pictures.py):
    its files wait in the private storage until `held_until`."""

    image = models.OneToOneField(
        "images.Image",
        verbose_name=_("picture"),
        on_delete=models.CASCADE,
        related_name="syndication_hold",
    )
    held_until = models.DateTimeField(
        _("held until"), help_text=_("The end of the latest embargo of the stories using it.")
    )
    files = models.JSONField(_("files"), default=list)
    held_at = models.DateTimeField(_("held since"), default=timezone.now)

    class Meta:
        ordering = ["held_until", "id"]
        verbose_name = _("held picture")
        verbose_name_plural = _("held pictures")
        indexes = [models.Index(fields=["held_until"], name="held_picture_until")]

    def __str__(self):
        return str(self.image)
