import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, classproperty
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from newsroom.languages import (
    LocalisedCharField,
    LocalisedTextField,
    current_language,
    language_info,
    story_language_choices,
)
from newsroom.links import reverse_link
from newsroom.text import UnicodeSlugField, opening_text, unicode_slug

from .pictures import missing_image_metadata

# Top-level paths that a section slug may not take, since sections live at /<slug>/.
RESERVED_SECTION_SLUGS = {
    "admin",
    "dashboard",
    "support",
    "newsletters",
    "search",
    "reads",
    "feed",
    "feeds",
    "sitemap.xml",
    "news-sitemap.xml",
    "robots.txt",
    "static",
    "media",
    "author",
    "authors",
    "tag",
    "tags",
    "ticker",
    "comments",
    "donations",
    "accounts",
    "about",
    "corrections",
    "islands",
    "live",
    "csrf-token",
    "healthz",
    "readyz",
    "private",
    "api",
    "preview",
}
# /hi/ and every other language's prefix (docs/architecture.md, "Languages").
RESERVED_SECTION_SLUGS |= {code for code, _name in settings.LANGUAGES}

# What the rich-text editor offers, and so what the sanitiser keeps.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # The editor turns the browser's spell-check off unless told otherwise; writers need it.
    "NoSpellCheck": False,
}


# The languages a story may be written in: settings.LANGUAGES (IETF BCP 47 tags, as ninjs and
# NewsML-G2 carry them). Article.language reads them through the callable, so adding a language
# needs no migration.
STORY_LANGUAGES = story_language_choices()


class Urgency(models.IntegerChoices):
    """The wire's editorial urgency, IPTC's scale: 1 is a flash, 9 the least urgent."""

    FLASH = 1, _("1 — flash")
    BULLETIN = 2, _("2 — bulletin")
    URGENT = 3, _("3 — urgent")
    PRIORITY = 4, _("4 — priority")
    ROUTINE = 5, _("5 — routine")
    DEFERRED = 6, _("6 — deferred")
    LOW = 7, _("7 — low")
    FEATURE = 8, _("8 — feature")
    LOWEST = 9, _("9 — lowest")


def validate_section_slug(value):
    if value.lower() in RESERVED_SECTION_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved for a site page."), params={"slug": value})


class SectionQuerySet(models.QuerySet):
    pass


class SectionManager(models.Manager.from_queryset(SectionQuerySet)):
    @property
    def navigation(self):
        """The sections in the navigation. Lazy: pages that do not show them pay nothing."""
        return SimpleLazyObject(lambda: list(self.get_queryset().filter(show_in_navigation=True)))


class Section(models.Model):
    # In the page's language: another language's name and description are in `translations`.
    name = LocalisedCharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, validators=[validate_section_slug]
    )
    description = LocalisedCharField(_("description"), max_length=240, blank=True)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("The name and description in the newsroom's other languages."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower comes first in the navigation.")
    )
    show_in_navigation = models.BooleanField(_("show in navigation"), default=True)

    objects = SectionManager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_link("articles:section", section=self.slug)


class Author(models.Model):
    # In the page's language: the name as written in another script, and the bio in that
    # language, are in `translations` (the admin edits them).
    name = LocalisedCharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    handle = models.CharField(
        _("handle"),
        max_length=40,
        unique=True,
        help_text=_("Shown in bylines as @handle, without the @."),
    )
    bio = LocalisedTextField(_("short bio"), blank=True, max_length=600)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("The name and bio in the newsroom's other languages."),
    )
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return f"{self.name} (@{self.handle})"

    def get_absolute_url(self):
        return reverse_link("articles:author", slug=self.slug)

    def clean(self):
        self.handle = self.handle.lstrip("@")


# How much of the body stands in for a missing standfirst: about what search results show.
SUMMARY_LENGTH = 200


# images: the lead image's fields a teaser thumbnail needs (renditions are on the row).
LISTING_IMAGE_FIELDS = (
    "id",
    "file",
    "alt_text",
    "caption",
    "credit",
    "renditions",
    "crops",
    "focal_x",
    "focal_y",
)


class ArticleQuerySet(models.QuerySet):
    def free_slug(self, text, *, fallback="story"):
        """A slug no story has yet, made from `text` in its own script (Devanagari's vowel signs
        kept, newsroom.text.unicode_slug), `fallback` when nothing is left of it; "-2", "-3"...
        added when taken. Looks at every story, not only this queryset's."""
        max_length = self.model._meta.get_field("slug").max_length
        base = unicode_slug(text, max_length=max_length - 6) or fallback
        taken = set(
            self.model._base_manager.filter(slug__startswith=base).values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def published(self):
        """What readers may see: published, due, and out of embargo. The one definition, used
        everywhere (pages, feeds, sitemaps, search, JSON-LD, comments, the ticker)."""
        now = timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            status=Article.Status.PUBLISHED,
            publish_at__lte=now,
        )

    def in_language(self, language=None):
        """Stories in `language`, by default the page's (newsroom.languages.current_language):
        every reader listing, feed, sitemap and search shows one language's stories."""
        return self.filter(language=language or current_language())

    def embargoed(self, now=None):
        """Published and due, but held from readers until the embargo lifts (wire clients
        already have them, marked embargoed)."""
        now = now or timezone.now()
        return self.filter(
            status=Article.Status.PUBLISHED, publish_at__lte=now, embargo_until__gt=now
        )

    def next_release(self, now=None):
        """When the next published story becomes public by the clock alone (its publish time
        or its embargo's end), or None: cached pages and search results must not outlive it."""
        now = now or timezone.now()
        published = self.filter(status=Article.Status.PUBLISHED)
        times = [
            published.filter(publish_at__gt=now)
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first(),
            published.filter(embargo_until__gt=now)
            .order_by("embargo_until")
            .values_list("embargo_until", flat=True)
            .first(),
        ]
        return min((time for time in times if time is not None), default=None)

    def scheduled(self, now=None):
        """Published with a time still to come: they go live by themselves then."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def in_review(self):
        """Submitted by a reporter, waiting for an editor."""
        return self.filter(status=Article.Status.IN_REVIEW)

    def for_listing(self):
        """What a list of teasers needs, in a fixed number of queries."""
        return (
            self.select_related("section", "lead_image")
            .prefetch_related("authors")
            .only(
                "id",
                "headline",
                "slug",
                "language",
                "standfirst",
                "publish_at",
                "status",
                "live_status",
                "section__id",
                "section__name",
                "section__translations",
                "section__slug",
                # images: what the teaser's {% figure %} needs, renditions included.
                *(f"lead_image__{name}" for name in LISTING_IMAGE_FIELDS),
            )
        )

    def latest_per_section(self, per_section, newest_overall=0):
        """The newest `per_section` articles of each section: a small indexed query per section
        (joined with UNION ALL where the database allows, as PostgreSQL does) and one for the
        articles. Their number is fixed by the newsroom, not by the size of the archive; a window
        function over every published article would read the whole archive.

        With `newest_overall`, the newest that many of all sections come in the same queries
        (the home page's top stories): each section's newest `per_section` are still its first
        ones in the ordering, since any extra article of a section is older than those."""
        newest = [
            self.filter(section_id=section_id)
            .order_by("-publish_at", "-id")
            .values_list("id", "publish_at")[:per_section]
            for section_id in Section.objects.order_by().values_list("id", flat=True)
        ]
        if newest_overall:
            newest.append(
                self.order_by("-publish_at", "-id").values_list("id", "publish_at")[:newest_overall]
            )
        if len(newest) > 1 and connections[self.db].features.supports_slicing_ordering_in_compound:
            rows = newest[0].union(*newest[1:], all=True)  # PostgreSQL: one query
        else:
            rows = [row for query in newest for row in query]
        ids = [pk for pk, _publish_at in rows]
        return self.filter(pk__in=ids).order_by(
            "section__position", "section__name", "-publish_at", "-id"
        )


class LiveStatus(models.TextChoices):
    NONE = "", _("Not covered live")
    LIVE = "live", _("Live")
    ENDED = "ended", _("Live coverage ended")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    headline = models.CharField(_("headline"), max_length=200)
    # In the story's own script: "bharat-men-barish" would be neither Hindi nor English, and
    # Django's slugify drops Devanagari's vowel signs (docs/architecture.md, "Languages").
    slug = UnicodeSlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_(
            "The last part of the article's address, in the story's own script. Keep it once "
            "published."
        ),
    )
    standfirst = models.TextField(
        _("standfirst"), max_length=400, blank=True, help_text=_("One or two sentences.")
    )
    body = ProseEditorField(_("body"), extensions=BODY_EXTENSIONS, sanitize=True, blank=True)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), related_name="articles", blank=True
    )
    tags = TaggableManager(_("tags"), blank=True)
    dateline_place = models.CharField(
        _("dateline place"), max_length=60, blank=True, help_text=_("For example NEW DELHI.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=story_language_choices,
        default="en",
        help_text=_(
            "The language the story is written in: its pages, feeds and search are that "
            "language's; wire clients take only theirs."
        ),
    )
    # The versions of one story in different languages share a group (one per language, a
    # constraint): the first version's own id-like value, given on creation.
    translation_group = models.UUIDField(
        _("translation group"), default=uuid.uuid4, editable=False, db_index=True
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"),
        choices=Urgency.choices,
        default=Urgency.ROUTINE,
        help_text=_("For wire clients: 1 is a flash, 5 routine, 9 the least urgent."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the article; it goes live then by itself."),
    )
    first_published_at = models.DateTimeField(
        _("first published at"),
        null=True,
        blank=True,
        help_text=_(
            "When the story first went out. Kept when it is unpublished and published again, so "
            "an old story never comes back as fresh news."
        ),
    )
    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_(
            "Wire clients receive the story when it is published, marked embargoed until this "
            "time; readers, feeds, sitemaps and search see it only from then."
        ),
    )
    # The time of the story's latest correction (articles.corrections keeps it), for the
    # /corrections/ archive's order; the corrections themselves are Correction rows.
    corrected_at = models.DateTimeField(
        _("last corrected at"), null=True, blank=True, editable=False
    )
    # A kill: the story withdrawn for good (legal reasons), by articles.services.article_kill.
    killed_at = models.DateTimeField(_("killed at"), null=True, blank=True, editable=False)
    kill_note = models.TextField(
        _("kill notice"),
        blank=True,
        editable=False,
        help_text=_("Why the story was withdrawn, as told to wire clients."),
    )
    revised_at = models.DateTimeField(
        _("revised at"),
        null=True,
        blank=True,
        help_text=_("When the published text last changed; shown as “Updated”."),
    )
    # The text changed while the story was off the site after going out: publishing it again is
    # then an update readers are told of ("Updated" at that moment).
    changed_while_unpublished = models.BooleanField(
        _("changed while unpublished"), default=False, editable=False
    )
    show_donation_appeal = models.BooleanField(
        _("show the donation appeal"),
        default=True,
        help_text=_("Switch off for sensitive stories (deaths, disasters)."),
    )
    comments_enabled = models.BooleanField(_("comments open"), default=True)
    # Kept by the live app's services (live/services.py), so teasers, feeds and the story page
    # know about live coverage from the story's own row, without articles importing live.
    live_status = models.CharField(
        _("live coverage"),
        max_length=10,
        choices=LiveStatus.choices,
        default=LiveStatus.NONE,
        blank=True,
        editable=False,
    )
    # images: the lead picture from the library, and this article's own wording for its caption.
    lead_image = models.ForeignKey(
        "images.Image",
        verbose_name=_("lead image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of",
    )
    lead_image_caption = models.TextField(
        _("lead image caption"),
        max_length=600,
        blank=True,
        help_text=_("Leave empty to use the library caption."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # PostgreSQL keeps this current itself (a trigger, migration 0005) from the headline,
    # standfirst and body, whichever way they are written; articles.search matches and ranks on
    # it. Empty on SQLite, where search does not use it.
    search_document = SearchVectorField(_("search document"), null=True, editable=False)
    # The text-search configuration the document is built with: the story's language's
    # (settings.NEWSROOM_LANGUAGES; PostgreSQL's "hindi" for Hindi), set on every save; the
    # trigger falls back to "simple" for a name the database does not have (migration 0022).
    search_config = models.CharField(
        _("search configuration"), max_length=63, default="english", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    # Fields whose change after publication readers are told about ("Updated ...").
    REVISION_FIELDS = ("headline", "standfirst", "body")

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can review, publish, schedule and archive articles"))]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish"),
            models.Index(
                fields=["section", "status", "-publish_at"], name="article_section_publish"
            ),
            models.Index(
                fields=["language", "status", "-publish_at"], name="article_language_publish"
            ),
            models.Index(
                fields=["-corrected_at", "-id"],
                condition=Q(corrected_at__isnull=False),
                name="article_corrected",
            ),
            # next_release(): the next embargo to lift, read on the first page-cache miss after
            # any publish. Few stories carry an embargo, so the index holds only those.
            models.Index(
                fields=["embargo_until"],
                condition=Q(embargo_until__isnull=False),
                name="article_embargo_until",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(urgency__gte=1, urgency__lte=9), name="article_urgency_range"
            ),
            models.UniqueConstraint(
                fields=["translation_group", "language"],
                name="article_one_version_per_language",
                violation_error_message=_("This story already has a version in that language."),
            ),
        ]

    def __str__(self):
        # A translation starts without a headline (articles.translations).
        return self.headline or str(
            _("Untitled draft (%(language)s)") % {"language": self.language}
        )

    def save(self, *args, **kwargs):
        # Sanitise here too, not only in forms: nothing reaches the database unsanitised,
        # whichever way it was written (admin, services, commands, fixtures).
        self.body = self.body_sanitizer(self.body or "")
        self.search_config = language_info(self.language)["search_config"]
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()
        self._note_revision()
        super().save(*args, **kwargs)
        self._loaded_values = {name: getattr(self, name) for name in self.REVISION_FIELDS}

    def get_absolute_url(self):
        # Under the story's own language's prefix (/hi/...), whatever the page's language.
        return reverse_link(
            "articles:detail", language=self.language, section=self.section.slug, slug=self.slug
        )

    def language_versions(self):
        """Every version of this story, this one included, in the order of settings.LANGUAGES."""
        order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
        versions = Article.objects.filter(translation_group=self.translation_group).select_related(
            "section"
        )
        return sorted(versions, key=lambda version: (order.get(version.language, 99), version.pk))

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()
        # No publishing while a picture lacks alt text or a credit.
        if self.status == self.Status.PUBLISHED and (problems := missing_image_metadata(self)):
            raise ValidationError(problems)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_values = {
            name: value
            for name, value in zip(field_names, values, strict=False)
            if name in cls.REVISION_FIELDS
        }
        return instance

    @classproperty
    def body_sanitizer(cls):  # noqa: N805 - a class property
        return cls._meta.get_field("body").sanitize

    @property
    def is_live(self):
        """What published() says, for one row."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and not self.is_embargoed_at(now)
        )

    def is_embargoed_at(self, now=None):
        return self.embargo_until is not None and self.embargo_until > (now or timezone.now())

    @property
    def is_embargoed(self):
        return self.is_embargoed_at()

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    def went_out_at(self, now=None):
        """When the story first went out to readers, or None if it never has.

        The kept `first_published_at` when it is set; stories published before it existed (or
        written straight to the table) went out at their own `publish_at`.
        """
        now = now or timezone.now()
        if self.first_published_at is not None:
            return self.first_published_at if self.first_published_at <= now else None
        if self.status in (self.Status.PUBLISHED, self.Status.ARCHIVED) and self.publish_at:
            return self.publish_at if self.publish_at <= now else None
        return None

    @property
    def dateline_in_body(self):
        """Whether the copy already opens with its dateline ("HAVANA, Cuba (Newswire) — ...")."""
        place = self.dateline_place.strip().upper()
        return bool(place) and strip_tags(self.body).lstrip().upper().startswith(place)

    @property
    def correction(self):
        """The text of the story's latest correction, "" if it has none (what a single-value
        consumer such as a wire client's ninjs `correction` description carries)."""
        corrections = list(self.corrections.all())
        return corrections[-1].text if corrections else ""

    @property
    def summary(self):
        """The standfirst, or where a story has none (wire copy often has not), the opening of
        its body: what the meta description, share cards, JSON-LD and feeds say of it."""
        return self.standfirst.strip() or opening_text(self.body, SUMMARY_LENGTH)

    @property
    def shows_updated(self):
        return bool(self.revised_at and self.publish_at and self.revised_at > self.publish_at)

    def _note_revision(self):
        loaded = getattr(self, "_loaded_values", None)
        if not loaded:
            return
        changed = [name for name, value in loaded.items() if value != getattr(self, name)]
        if not changed:
            return
        if self.is_live:
            self.revised_at = timezone.now()
        elif self.first_published_at is not None and self.status != self.Status.PUBLISHED:
            # Readers will be told when it goes out again (services._move).
            self.changed_while_unpublished = True


class ArticleImage(models.Model):
    """A library image placed in an article's body, after a given paragraph.

    It belongs to the article, not to the library: the image library knows nothing of where a
    picture is used. The table keeps the name it had when the model lived in images/.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="body_images",
    )
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    caption = models.TextField(
        _("caption for this article"),
        max_length=600,
        blank=True,
        help_text=_("Leave empty to use the library caption."),
    )
    after_paragraph = models.PositiveSmallIntegerField(
        _("after paragraph"),
        default=1,
        help_text=_(
            "Counts the body's paragraphs, sub-heads, quotes and lists. 0 puts the picture "
            "above the first; a number past the end puts it at the end."
        ),
    )

    class Meta:
        db_table = "images_articleimage"
        ordering = ["after_paragraph", "id"]
        verbose_name = _("image in the body")
        verbose_name_plural = _("images in the body")

    def __str__(self):
        return f"{self.image} (after paragraph {self.after_paragraph})"

    @property
    def shown_caption(self):
        return self.caption or self.image.caption


class Correction(models.Model):
    """One correction to a story: what was wrong and what is right, and when it was put right.

    A story keeps every correction it has had; readers see them in order under the story, and in
    the /corrections/ archive and its feed. Made and changed in the story's admin form (by those who
    may change the story); `articles.corrections` keeps the story's `corrected_at` and the pages
    in step.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    text = models.TextField(
        _("correction"),
        max_length=1000,
        help_text=_(
            "Shown to readers under the story: what was wrong and what is right. For example: "
            "“An earlier version of this story gave the wrong date for the vote.”"
        ),
    )
    corrected_at = models.DateTimeField(
        _("corrected at"),
        default=timezone.now,
        help_text=_("When the story was put right; shown with the correction."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["corrected_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["article", "corrected_at"], name="correction_article")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="correction_has_text"),
        ]

    def __str__(self):
        return _("Correction to “%(headline)s”") % {"headline": self.article.headline}

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    def clean(self):
        self.text = (self.text or "").strip()
        # A little slack for the clock of the browser that filled in the form.
        if self.corrected_at and self.corrected_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError(
                {"corrected_at": _("A correction is dated when it was made, not in the future.")}
            )


class DraftShareLink(models.Model):
    """A link that lets someone without an account read an unpublished story (a source checking
    quotes, a lawyer): signed, until `expires_at`, unless revoked. Made and revoked by the desk
    (articles.sharing), each in the audit log; the page is never cached and never indexed."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="share_links",
    )
    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    note = models.CharField(
        _("who it is for"),
        max_length=200,
        blank=True,
        help_text=_("For the record: who the link was given to and why."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    views = models.PositiveIntegerField(_("times opened"), default=0)
    last_viewed_at = models.DateTimeField(_("last opened at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("draft share link")
        verbose_name_plural = _("draft share links")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="share_link_expires_later"
            ),
        ]

    def __str__(self):
        return _("Preview link to “%(headline)s”") % {"headline": self.article.headline}

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class EditingSession(models.Model):
    """Someone has a story open in the change form (articles.editing keeps it current).

    In the database, not in a process, so every worker and machine sees who is editing.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="editing_sessions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    started_at = models.DateTimeField(_("editing since"))
    last_seen_at = models.DateTimeField(_("last seen at"))
    taken_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken over by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    taken_over_at = models.DateTimeField(_("taken over at"), null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("editing session")
        verbose_name_plural = _("editing sessions")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_editing_session_per_user")
        ]
        indexes = [models.Index(fields=["article", "-last_seen_at"], name="editing_session_recent")]

    def __str__(self):
        return f"{self.user} on {self.article}"


class Autosave(models.Model):
    """A writer's unsaved text of a story, kept while they type (articles.autosave).

    Not a revision: it never changes the story, and only its writer is offered it back.
    """

    # None: a new story, not saved yet (the add form's autosave; one per writer).
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="autosaves",
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    values = models.JSONField(_("unsaved text"), default=dict)
    version_token = models.TextField(_("version the form was built from"), blank=True)
    saved_at = models.DateTimeField(_("kept at"))

    class Meta:
        ordering = ["-saved_at", "id"]
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_autosave_per_user"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="one_new_story_autosave_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.article or _('a new story')}"


class StoryReads(models.Model):
    """How often a story was opened on one day (site time): what "Most read" ranks by.

    Counted by the story page's own beacon (`articles.views.count_read`, sent by site.js): no
    cookie, no address kept, no third party; one row per story per day, so the table stays small.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="reads"
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        ordering = ["-day", "-count"]
        verbose_name = _("story reads")
        verbose_name_plural = _("story reads")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="story_reads_one_row_a_day"),
        ]
        # most_read(): the rows of the last days, summed per story.
        indexes = [models.Index(fields=["day", "article"], name="story_reads_by_day")]

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.count}"


class PendingUpdate(models.Model):
    """Changes to a live story prepared by the desk but not yet shown to readers
    (articles.staging): the story's own fields as they will be, kept apart from the story.

    One per story. Readers, feeds, search and wire clients read the story's row, so they see the
    published version until the update is published (at once, or at `go_live_at` by the
    `articles-staged-updates` job); staff preview it at the story's address.
    """

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="pending_update",
    )
    values = models.JSONField(_("the story as it will be"), default=dict)
    go_live_at = models.DateTimeField(
        _("goes live at"),
        null=True,
        blank=True,
        help_text=_("When set, the update is published by itself at this time."),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
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
    created_at = models.DateTimeField(_("prepared at"))
    updated_at = models.DateTimeField(_("last changed at"))

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("pending update")
        verbose_name_plural = _("pending updates")
        # The job publishing scheduled updates asks for those due.
        indexes = [
            models.Index(
                fields=["go_live_at"],
                condition=Q(go_live_at__isnull=False),
                name="pending_update_due",
            )
        ]

    def __str__(self):
        return _("Pending update to “%(headline)s”") % {"headline": self.article.headline}
