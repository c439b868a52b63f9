"""Form pieces every reader-facing form shares."""

from crispy_forms.layout import Div, Field
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class PlainInputMixin:
    """An <input> widget rendered in Python, for forms on every cached page (the footer's
    newsletter sign-up): the markup of Django's input.html and attrs.html, byte for
    byte (newsroom/tests/test_forms.py compares them), without a template render and an include
    per field, which made the sign-up forms about a tenth of a story page's first render."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"'
        ]
        if widget["value"] is not None:
            parts.append(f' value="{conditional_escape(widget["value"])}"')
        for attribute, setting in widget["attrs"].items():
            if setting is True:
                parts.append(f" {conditional_escape(attribute)}")
            elif setting is not False:
                parts.append(f' {conditional_escape(attribute)}="{conditional_escape(setting)}"')
        parts.append(">")
        return mark_safe("".join(parts))  # every value escaped above

    # Not for crispy-forms layouts: crispy adds the widget's class name as a CSS class.


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainEmailInput(PlainInputMixin, forms.EmailInput):
    pass


class PlainHiddenInput(PlainInputMixin, forms.HiddenInput):
    pass


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


# The largest id any of our databases stores (a signed 64-bit column); SQLite refuses a larger
# number in a query with OverflowError instead of finding nothing.
LARGEST_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, except that a number no id column can hold (a forged or mistyped
    "99999999999999999999" for a ticked box) is the field's "not one of the choices" message
    rather than a database error: Django guards single-id lookups against overflow, not `__in`.
    """

    def _check_values(self, value):
        for item in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(item).strip())
            except ValueError:
                continue  # not a number at all: Django's own check answers it
            if abs(number) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


def usable_ids(column, values):
    """The `values` (posted ids) that the model field `column` could hold."""
    usable = []
    for value in values:
        try:
            prepared = column.get_prep_value(value)
        except (TypeError, ValueError, ValidationError):
            continue
        if isinstance(prepared, int) and abs(prepared) > LARGEST_ID:
            continue
        usable.append(value)
    return usable
