"""Form pieces every reader-facing form shares."""

from crispy_forms.layout import Div, Field
from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotForm(forms.Form):
    """A form with the house honeypot: a field people never see (hidden by CSS, never
    style="", and from screen readers) that form-filling bots fill in.

    Put `self.honeypot_layout()` last in the crispy layout; the view checks `is_bot` before
    `is_valid()` and decides what a bot is told (each form says it differently).
    """

    HONEYPOT_FIELD = "website"

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self):
        return bool(str(self.data.get(self.HONEYPOT_FIELD, "")).strip())

    def honeypot_layout(self):
        return Div(Field(self.HONEYPOT_FIELD), css_class="form-trap", aria_hidden="true")
