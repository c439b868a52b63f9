from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 80
EMAIL_MAX_LENGTH = 320  # As Django's form EmailField allows (RFC 3696).
USER_AGENT_MAX_LENGTH = 300


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What readers may see under a story."""
        return self.filter(status=Comment.Status.APPROVED)

    def awaiting_moderation(self):
        return self.filter(status=Comment.Status.PENDING)

    def from_reader(self, email):
        """Everything one reader has written, so a moderator can judge a comment in context."""
        return self.filter(email=email.strip().lower())


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(
        _("email"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Never shown to readers; stored in lower case."),
    )
    body = models.TextField(
        _("comment"),
        max_length=BODY_MAX_LENGTH,
        validators=[MaxLengthValidator(BODY_MAX_LENGTH)],
        help_text=_("Plain text. Shown as written: no HTML, links are not clickable."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, help_text=_("For spam handling only.")
    )
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_MAX_LENGTH, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # The article page: its approved comments, oldest first.
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status"),
            # The moderation queue: pending comments, oldest first.
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
            # A reader's earlier comments, beside the one being moderated.
            models.Index(fields=["email", "created_at"], name="comment_email_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "spam"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    GreaterThan(Length("body"), 0), LessThanOrEqual(Length("body"), BODY_MAX_LENGTH)
                ),
                name="comment_body_length",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(moderated_at__isnull=False),
                name="comment_moderated_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.name}: {Truncator(self.body).chars(60)}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"
