from django import forms
from django.utils.translation import gettext_lazy as _

from newsroom.spelling import spellchecked

from .models import Image
from .validation import ACCEPTED_FORMATS, inspect_upload


class ImageFileField(forms.FileField):
    """A picture upload, judged by its content (see validation.inspect_upload)."""

    widget = forms.FileInput(
        attrs={"accept": ",".join(f"image/{name.lower()}" for name in ACCEPTED_FORMATS)}
    )

    def validate(self, value):
        super().validate(value)
        if value and hasattr(value, "content_type"):  # a new upload, not the stored file
            inspect_upload(value)


class ImageForm(forms.ModelForm):
    file = ImageFileField(
        label=_("file"),
        help_text=_("A JPEG, PNG, WebP or GIF picture. Replacing it remakes the renditions."),
    )

    class Meta:
        model = Image
        fields = [
            "file",
            "alt_text",
            "caption",
            "credit",
            "focal_x",
            "focal_y",
            "source_url",
            "licence_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = self.instance.pk is None
        # Left empty (or sent by a script written before the focal point existed): unchanged.
        for name in ("focal_x", "focal_y"):
            if name in self.fields:  # not on a read-only form
                self.fields[name].required = False

    def clean_focal_x(self):
        return self._focal("focal_x")

    def clean_focal_y(self):
        return self._focal("focal_y")

    def _focal(self, name):
        value = self.cleaned_data.get(name)
        return getattr(self.instance, name) if value is None else value


class ChooserUploadForm(forms.ModelForm):
    """A picture uploaded from the chooser in a story's form: the file is judged as the library's
    own form judges it, and the alt text and credit a story needs before it is published are
    asked for at once, while the uploader knows them."""

    file = ImageFileField(
        label=_("Picture file"),
        help_text=_("JPEG, PNG, WebP or GIF, up to 25 megapixels."),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt_text"].required = True
        self.fields["credit"].required = True
        self.fields["alt_text"].help_text = _(
            "What the picture shows, for readers who cannot see it."
        )
        self.fields["credit"].help_text = _("Who took or supplied it.")
        self.fields["caption"].help_text = ""
        for name in ("alt_text", "caption", "credit"):
            spellchecked(self.fields[name].widget)
