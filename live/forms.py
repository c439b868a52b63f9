from django import forms
from django.utils.translation import gettext_lazy as _

from images.widgets import ImageChooserWidget

from .models import LiveCoverage, LiveEntry
from .services import ENTRY_FIELDS


class CoverageAdminForm(forms.ModelForm):
    end_coverage = forms.BooleanField(
        label=_("End the coverage now"),
        required=False,
        help_text=_("The page becomes an archive with the summary on top."),
    )

    class Meta:
        model = LiveCoverage
        fields = ["article", "summary"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("end_coverage") and not self.instance.pk:
            raise forms.ValidationError(_("Start the coverage first; end it later."))
        return cleaned


class LiveEntryForm(forms.ModelForm):
    """What a writer fills in for an entry. Save it through `live.services.entry_post(coverage=,
    actor=, **form.cleaned_data)` (or `entry_edit`), never `form.save()`."""

    class Meta:
        model = LiveEntry
        fields = [*ENTRY_FIELDS, "pinned"]
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 2}),
            "image_caption": forms.Textarea(attrs={"rows": 2}),
            # Any library picture, found by searching its thumbnails, or one uploaded on the spot.
            "image": ImageChooserWidget(purpose=_("picture")),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _(
            "Choose one from the library or upload a new one (alt text and credit needed)."
        )
        self.fields["embed_url"].widget.attrs.setdefault("inputmode", "url")


class CoverageEndForm(forms.ModelForm):
    """The summary that tops the archive; end through `live.services.coverage_end`."""

    class Meta:
        model = LiveCoverage
        fields = ["summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].required = True
