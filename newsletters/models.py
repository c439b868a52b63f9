import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsroom.languages import LocalisedCharField, story_language_choices


class Newsletter(models.Model):
    """A list readers sign up to: the morning briefing, breaking news, one per section."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Daily briefing (assembled at a set time)")
        BREAKING = "breaking", _("Breaking news (sent by the desk)")
        OTHER = "other", _("Other (written by hand)")

    # In the page's (or the e-mail's) language: the others' are in `translations`.
    name = LocalisedCharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = LocalisedCharField(
        _("description"), max_length=240, blank=True, help_text=_("One line readers see.")
    )
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("The name and description in the newsroom's other languages."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    is_active = models.BooleanField(
        _("open for sign-up"), default=True, help_text=_("Readers may sign up and issues go out.")
    )
    is_default = models.BooleanField(
        _("offered by default"),
        default=False,
        help_text=_("The quick sign-up forms (footer, story end, support page) subscribe to it."),
    )
    send_time = models.TimeField(
        _("send time (IST)"),
        null=True,
        blank=True,
        help_text=_("For a daily briefing: when it is assembled each day, in the site's time."),
    )
    send_automatically = models.BooleanField(
        _("send without review"),
        default=False,
        help_text=_("Send the assembled briefing at once; otherwise it waits for an editor."),
    )
    sections = models.ManyToManyField(
        "articles.Section",
        verbose_name=_("sections"),
        blank=True,
        help_text=_("The briefing's top stories come from these sections (all when empty)."),
    )
    stories_per_section = models.PositiveSmallIntegerField(_("stories per section"), default=3)
    include_appeal = models.BooleanField(
        _("carry the appeal"), default=True, help_text=_("The live appeal's box at the end.")
    )
    tracking_pixel = models.BooleanField(
        _("count opens"),
        default=False,
        help_text=_(
            "Adds a one-pixel image that tells us when an issue is opened. Off unless needed."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="briefing") | Q(send_time__isnull=False),
                name="newsletters_briefing_has_send_time",
                violation_error_message=_("A daily briefing needs a send time."),
            ),
        ]

    def __str__(self):
        return self.name


class Subscriber(models.Model):
    """One e-mail address. Its `token` is what signed links name (never the address or the pk);
    erasing a reader's data deletes the row, so old links stop working."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    # The language of the page the reader last signed up on: its e-mails (the confirmation,
    # "already subscribed") and the pages their links open are in it.
    language = models.CharField(
        _("language"), max_length=10, choices=story_language_choices, default="en"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    suppressed_at = models.DateTimeField(_("suppressed"), null=True, blank=True)
    suppression_reason = models.CharField(_("suppression reason"), max_length=40, blank=True)
    last_confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        permissions = [
            ("export_subscriber", _("Can export or erase a subscriber's data")),
            ("view_subscriber_giving", _("Can see which subscribers have given")),
        ]

    def __str__(self):
        return self.email

    @property
    def is_suppressed(self):
        return self.suppressed_at is not None


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscription.Status.CONFIRMED)

    def deliverable(self):
        """Confirmed, to an address that has not bounced or complained."""
        return self.confirmed().filter(subscriber__suppressed_at__isnull=True)


class Source(models.TextChoices):
    FOOTER = "footer", _("the sign-up form at the foot of a page")
    ARTICLE = "article", _("the sign-up form at the end of a story")
    SUPPORT = "support", _("the sign-up form on the support page")
    NEWSLETTERS_PAGE = "newsletters", _("the newsletters page")
    PREFERENCES = "preferences", _("the preferences page, from a link e-mailed to the address")
    EMAIL_LINK = "email", _("the unsubscribe link in an e-mail")
    STAFF = "staff", _("staff")


class Subscription(models.Model):
    """A subscriber on one newsletter, and where it stands. Its consent is the latest
    `ConsentEvent`s; the fields here repeat the current consent for lists and exports."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.PROTECT, related_name="subscriptions"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    requested_at = models.DateTimeField(_("asked for"))
    source = models.CharField(_("signed up from"), max_length=20, choices=Source)
    source_page = models.CharField(_("page"), max_length=300, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["newsletter", "subscriber"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="newsletters_one_subscription_per_list"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="newsletters_confirmed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["newsletter", "status"])]

    def __str__(self):
        return f"{self.subscriber} → {self.newsletter}"


class ConsentEvent(models.Model):
    """The record of consent: every request, confirmation, unsubscribe and suppression, with
    when, where (the form and page) and how (the words the reader saw, the address it came from).
    Kept until the reader's data is erased."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("asked to subscribe")
        CONFIRMED = "confirmed", _("confirmed by the e-mailed link")
        SUBSCRIBED = "subscribed", _("subscribed from the preferences page")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        SUPPRESSED = "suppressed", _("suppressed after a bounce or complaint")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="consent_events"
    )
    action = models.CharField(_("what"), max_length=20, choices=Action)
    at = models.DateTimeField(_("when"))
    source = models.CharField(_("where"), max_length=20, choices=Source, blank=True)
    source_page = models.CharField(_("page"), max_length=300, blank=True)
    wording = models.CharField(_("what the reader was shown"), max_length=500, blank=True)
    client_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("consent event")
        verbose_name_plural = _("consent events")

    def __str__(self):
        return f"{self.subscription}: {self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"


class Issue(models.Model):
    """One edition of a newsletter. Its HTML and text are fixed when it is sent, so every reader
    gets the same thing and the archive shows what went out."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (waiting for an editor)")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="issues")
    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A few lines from the editor, at the top.")
    )
    articles = models.ManyToManyField(
        "articles.Article", through="IssueArticle", verbose_name=_("stories"), blank=True
    )
    include_appeal = models.BooleanField(_("carry the appeal"), default=False)
    edition_date = models.DateField(_("edition of"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    html = models.TextField(blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    send_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "edition_date"],
                condition=Q(edition_date__isnull=False),
                name="newsletters_one_briefing_per_day",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]
        permissions = [("send_issue", _("Can send an issue to its readers"))]

    def __str__(self):
        return f"{self.newsletter}: {self.subject}"


class IssueArticle(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="placements")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("story in an issue")
        verbose_name_plural = _("stories in an issue")
        constraints = [
            models.UniqueConstraint(fields=["issue", "article"], name="newsletters_story_once")
        ]

    def __str__(self):
        return f"{self.issue} #{self.position}"


class Delivery(models.Model):
    """One issue to one subscriber: the row that makes sending idempotent. It is claimed
    (SENDING) and committed before the message goes out, so a retried batch never sends twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (unsubscribed or suppressed meanwhile)")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, related_name="deliveries"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    complained_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    appeal_clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletters_one_delivery_per_reader"
            )
        ]
        indexes = [
            models.Index(fields=["issue", "status"]),
            models.Index(fields=["message_id"]),
        ]

    def __str__(self):
        return f"{self.issue} → {self.subscriber_id}"
