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
        fields = ["file", "alt_text", "caption", "credit", "source_url", "licence_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = self.instance.pk is None
