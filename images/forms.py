from django import forms
from django.utils.translation import gettext_lazy as _

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
