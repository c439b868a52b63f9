from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Widths of the WebP renditions a page may ask for; never wider than the original.
RENDITION_WIDTHS = (480, 800, 1200, 1600)
# Teaser cards show every picture at one shape, 3:2: renditions cut to it around the focal point
# (images.services.image_make_crops), so a card downloads only what it shows. A card is at most
# about 46rem wide (the home page's lead), so 1200 px covers it at twice the density.
CROP_RATIO = (3, 2)
CROP_WIDTHS = (480, 800, 1200)


def original_upload_to(image, filename):
    # Named by content, not by what the uploader called it (the name is also not guessable).
    return f"images/originals/{image.content_hash[:2]}/{filename}"


class Image(models.Model):
    file = models.FileField(
        _("file"),
        upload_to=original_upload_to,
        max_length=255,
        help_text=_("A JPEG, PNG, WebP or GIF picture."),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, for readers who cannot see it. Required before an article "
            "using it is published."
        ),
    )
    caption = models.TextField(
        _("caption"),
        max_length=600,
        blank=True,
        help_text=_("The library caption; an article may override it for its own use."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who took or supplied it, e.g. “Official Instagram/The White House”. Required before "
            "an article using it is published."
        ),
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    licence_note = models.CharField(
        _("licence note"),
        max_length=300,
        blank=True,
        help_text=_("Terms of use, e.g. “Handout, editorial use only”."),
    )
    # The point that matters (a face, say), in percent of the width and height from the top left:
    # wherever a picture is cut to a shape (teaser cards), the cut keeps this point in view.
    focal_x = models.PositiveSmallIntegerField(
        _("focal point across (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("Click the preview where the picture must never be cut off (a face)."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point down (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    content_hash = models.CharField(
        _("content hash"), max_length=64, editable=False, db_index=True, default=""
    )
    # [{"width": 480, "height": 300, "name": "images/renditions/..."}], narrowest first. Kept on
    # the row so a page that has the image has its renditions without another query.
    renditions = models.JSONField(_("renditions"), default=list, editable=False, blank=True)
    # The same, cut to CROP_RATIO around the focal point they were made for:
    # [{"width": 480, "height": 320, "name": "...", "focal": [50, 40]}], narrowest first.
    crops = models.JSONField(_("3:2 renditions"), default=list, editable=False, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(width__gte=0, height__gte=0), name="image_size_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(focal_x__lte=100, focal_y__lte=100), name="image_focal_in_frame"
            ),
        ]

    def __str__(self):
        label = self.caption or self.alt_text or _("Untitled picture")
        label = label if len(label) <= 80 else label[:79] + "…"
        return f"{label} — {self.credit}" if self.credit else str(label)

    @property
    def missing_metadata(self):
        """What a published article cannot do without, as readable words."""
        missing = []
        if not self.alt_text.strip():
            missing.append(str(_("alt text")))
        if not self.credit.strip():
            missing.append(str(_("credit")))
        return missing

    @property
    def focal_classes(self):
        """The CSS classes that place a cut picture on its focal point, in steps of 10%
        (css/site.css; classes, not a style attribute, under the strict CSP)."""
        return f"focal-x-{round(self.focal_x / 10)} focal-y-{round(self.focal_y / 10)}"

    @property
    def crops_are_current(self):
        """True when the 3:2 renditions were cut around the focal point the picture has now."""
        return bool(self.crops) and all(
            crop.get("focal") == [self.focal_x, self.focal_y] for crop in self.crops
        )

    @property
    def largest_rendition(self):
        return self.renditions[-1] if self.renditions else None

    @property
    def smallest_rendition(self):
        return self.renditions[0] if self.renditions else None
