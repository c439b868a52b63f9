from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LiveCoverage


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
