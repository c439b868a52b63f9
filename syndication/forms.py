from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import STORY_LANGUAGES

from .models import Client

# How long the client's current keys keep working after a new one is made.
ROTATION_CHOICES = [
    ("keep", _("Keep working (an extra key)")),
    ("0", _("Stop at once")),
    ("1", _("Stop in 1 hour")),
    ("24", _("Stop in 24 hours")),
    ("168", _("Stop in 7 days")),
]


class ClientForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=STORY_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Stories in these languages only."),
    )

    class Meta:
        model = Client
        fields = [
            "name",
            "is_active",
            "notes",
            "contact_name",
            "contact_email",
            "contact_phone",
            "sections",
            "languages",
            "rate_limit",
            "webhook_url",
        ]


class NewKeyForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=80,
        required=False,
        help_text=_("Where the key will be used, e.g. “production CMS”."),
    )
    others = forms.ChoiceField(
        label=_("The client's current keys"),
        choices=ROTATION_CHOICES,
        initial="24",
        help_text=_("To rotate without a gap, let the old keys work until the client switches."),
    )

    def retire_others_after(self):
        value = self.cleaned_data["others"]
        return None if value == "keep" else timedelta(hours=int(value))


class WireFileForm(forms.Form):
    file = forms.FileField(
        label=_("Feed file"),
        help_text=_("RSS 2.0, Atom 1.0 or ninjs (JSON), at most 5 MB."),
    )

    def clean_file(self):
        from .ingest import MAX_FEED_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_FEED_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        self.cleaned_data["data"] = upload.read(MAX_FEED_BYTES + 1)
        return upload
