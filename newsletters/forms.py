from django import forms
from django.utils.translation import gettext_lazy as _

from newsroom.forms import (
    HoneypotForm,
    ModelMultipleChoiceField,
    PlainEmailInput,
    PlainHiddenInput,
    PlainTextInput,
)

from .models import Newsletter, Source

# What the quick forms say, kept with each consent record as the words the reader agreed to.
QUICK_WORDING = _(
    "Get our newsletter by e-mail. We will send a link to confirm; unsubscribe at any time."
)
PAGE_WORDING = _(
    "Send me the newsletters I ticked. We will send a link to confirm; unsubscribe at any time."
)

# The forms a reader may sign up from, and the address fragment each one's form id uses (three
# may share a page: the footer, the end of a story, the support page).
QUICK_SOURCES = (Source.FOOTER, Source.ARTICLE, Source.SUPPORT)


class SignupForm(HoneypotForm):
    """The quick sign-up form (an address; the lists offered by default) or, with
    `choose=True`, the newsletters page's form with a box per list."""

    # Plain inputs: the quick form is on every page (newsroom.forms.PlainInputMixin).
    email = forms.EmailField(label=_("E-mail address"), max_length=254, widget=PlainEmailInput)
    source = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (*QUICK_SOURCES, Source.NEWSLETTERS_PAGE)],
        widget=PlainHiddenInput,
    )
    page = forms.CharField(max_length=300, required=False, widget=PlainHiddenInput)

    def __init__(self, *args, source=Source.FOOTER, choose=False, **kwargs):
        kwargs.setdefault("auto_id", f"id_newsletter_{source}_%s")
        super().__init__(*args, **kwargs)
        self.fields["source"].initial = source
        # The honeypot too is a plain input here (the form is not a crispy layout).
        self.fields["website"].widget = PlainTextInput(attrs=self.fields["website"].widget.attrs)
        self.fields["email"].widget.attrs.update(
            {"autocomplete": "email", "class": "form-control", "inputmode": "email"}
        )
        self.wording = PAGE_WORDING if choose else QUICK_WORDING
        if choose:
            self.fields["newsletters"] = ModelMultipleChoiceField(
                label=_("Newsletters"),
                queryset=Newsletter.objects.filter(is_active=True),
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Tick at least one newsletter.")},
            )
            self.order_fields(["newsletters", "email"])


class PreferencesForm(forms.Form):
    newsletters = ModelMultipleChoiceField(
        label=_("Send me"),
        queryset=Newsletter.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
