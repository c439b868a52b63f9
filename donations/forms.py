from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.forms import HoneypotForm

from . import tax
from .models import Frequency
from .money import format_inr
from .pan import normalise_pan, validate_pan

OTHER = "other"
TAX_HELP = _("For an 80G receipt, give your PAN, and your name and address as on it.")


class DonationForm(HoneypotForm):
    amount = forms.ChoiceField(label=_("Amount"), widget=forms.RadioSelect)
    other_amount = forms.DecimalField(
        label=_("Other amount (₹)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "1"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        widget=forms.RadioSelect,
        choices=Frequency.choices,
        help_text=_("A monthly gift is charged every month until you cancel it."),
    )
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Email"), help_text=_("For your receipt. We never share it."), max_length=254
    )
    message = forms.CharField(
        label=_("A message to the newsroom (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_public = forms.BooleanField(
        label=_("List my name and message among our supporters"), required=False
    )
    # Attribution from the appeal box's link: the story and the appeal variant shown there.
    story = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    variant = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, appeal, gateway, **kwargs):
        super().__init__(*args, **kwargs)
        self.appeal = appeal
        self.fields["amount"].choices = [
            (str(amount), format_inr(amount)) for amount in appeal.amount_list
        ] + [(OTHER, _("Other amount"))]
        other = self.fields["other_amount"]
        other.validators += [
            MinValueValidator(appeal.minimum_amount),
            MaxValueValidator(appeal.maximum_amount),
        ]
        other.widget.attrs.update(min=appeal.minimum_amount, max=appeal.maximum_amount)
        other.help_text = _("Between %(low)s and %(high)s.") % {
            "low": format_inr(appeal.minimum_amount),
            "high": format_inr(appeal.maximum_amount),
        }
        monthly = appeal.offer_monthly and gateway.supports_monthly
        if monthly:
            self.fields["frequency"].initial = appeal.default_frequency
        else:
            self.fields["frequency"].choices = [(Frequency.ONE_TIME, Frequency.ONE_TIME.label)]
            self.fields["frequency"].initial = Frequency.ONE_TIME
            self.fields["frequency"].help_text = ""
        self.helper = FormHelper()
        self.helper.form_action = reverse("donations:support")
        self.helper.form_class = "donate-form"
        self.helper.form_id = "donate-form"
        self.helper.layout = Layout(
            Field("amount"),
            Field("other_amount"),
            Field("frequency"),
            Field("name", autocomplete="name"),
            Field("email", autocomplete="email"),
            Field("message"),
            Field("is_public"),
            Field("story"),
            Field("variant"),
            *self._tax_layout(),
            self.honeypot_layout(),
        )
        self.helper.add_input(Submit("give", _("Continue to payment"), css_class="btn"))

    def _tax_layout(self):
        """The optional 80G step, only when the publisher is registered under 80G."""
        if not tax.is_enabled():
            return []
        self.fields["wants_80g"] = forms.BooleanField(
            label=_("I want an 80G receipt (for a deduction from my taxable income)"),
            required=False,
        )
        self.fields["pan"] = forms.CharField(
            label=_("PAN"),
            required=False,
            max_length=12,
            help_text=_("Kept encrypted; reported only to the Income Tax Department (Form 10BD)."),
        )
        self.fields["tax_name"] = forms.CharField(
            label=_("Name as on PAN"), required=False, max_length=120
        )
        self.fields["tax_address"] = forms.CharField(
            label=_("Address"),
            required=False,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        return [
            Div(
                HTML(
                    '<p class="form-text">'
                    + str(
                        _("For an 80G receipt, give your PAN, and your name and address as on it.")
                    )
                    + "</p>"
                ),
                Field("wants_80g"),
                Field("pan", autocomplete="off", spellcheck="false", css_class="text-uppercase"),
                Field("tax_name"),
                Field("tax_address", autocomplete="street-address"),
                css_class="donate-form__80g",
            )
        ]

    def clean_story(self):
        story = self.cleaned_data.get("story")
        return story if story and story < 2**31 else None

    def clean_variant(self):
        """The variant, if it is one of this appeal's (anything else is dropped, silently: it
        only says where the reader came from)."""
        variant_id = self.cleaned_data.get("variant")
        if not variant_id or variant_id >= 2**31:
            return None
        return self.appeal.variants.filter(pk=variant_id).first()

    def _clean_fields(self):
        # Attribution is never worth an error message: a bad value is dropped.
        super()._clean_fields()
        for name in ("story", "variant"):
            if name in self.errors:
                del self.errors[name]
                self.cleaned_data[name] = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_80g"):
            pan = normalise_pan(cleaned.get("pan"))
            try:
                validate_pan(pan)
            except forms.ValidationError as error:
                self.add_error("pan", error)
            cleaned["pan"] = pan
            for name, message in (
                ("tax_name", _("Give your name as it is on your PAN.")),
                ("tax_address", _("Give your address for the receipt.")),
            ):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, message)
        else:
            cleaned.update(wants_80g=False, pan="", tax_name="", tax_address="")
        choice = cleaned.get("amount")
        if choice == OTHER:
            other = cleaned.get("other_amount")
            if other is None and "other_amount" not in self.errors:
                self.add_error("other_amount", _("Enter the amount you would like to give."))
            cleaned["rupees"] = other
        elif choice:
            cleaned["rupees"] = Decimal(choice)
        return cleaned

    @property
    def tax_details(self):
        """The 80G details to keep (only after is_valid()), or None when not asked for."""
        data = self.cleaned_data
        if not data.get("wants_80g"):
            return None
        return {
            "pan": data["pan"],
            "name": data["tax_name"].strip(),
            "address": data["tax_address"].strip(),
        }

    @property
    def amount_minor(self):
        """The chosen amount in paise; only after is_valid()."""
        return int(self.cleaned_data["rupees"] * 100)


class GivingLinkForm(HoneypotForm):
    """Ask for a "My giving" link."""

    email = forms.EmailField(
        label=_("The e-mail address you gave with"),
        max_length=254,
        help_text=_("We send a link that opens your gifts once, for 30 minutes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("donations:giving")
        self.helper.layout = Layout(Field("email", autocomplete="email"), self.honeypot_layout())
        self.helper.add_input(Submit("send", _("Send me a link"), css_class="btn"))


class GiftAmountForm(forms.Form):
    """A monthly gift's new amount, in whole rupees."""

    amount = forms.IntegerField(label=_("New monthly amount (₹)"), min_value=1)

    def __init__(self, *args, gift, **kwargs):
        super().__init__(*args, **kwargs)
        appeal = gift.appeal
        self.fields["amount"].widget.attrs.update(
            min=appeal.minimum_amount, max=appeal.maximum_amount, inputmode="numeric"
        )
        self.fields["amount"].initial = gift.amount_minor // 100
        self.fields["amount"].help_text = _("Between %(low)s and %(high)s.") % {
            "low": format_inr(appeal.minimum_amount),
            "high": format_inr(appeal.maximum_amount),
        }
        self.auto_id = f"id_gift{gift.pk}_%s"


class TaxDetailsForm(forms.Form):
    """A donor's 80G details in "My giving": PAN, and name and address as on it."""

    pan = forms.CharField(
        label=_("PAN"),
        max_length=14,
        help_text=_("Ten characters, as on your PAN card (ABCPE1234F)."),
    )
    tax_name = forms.CharField(label=_("Name as on your PAN"), max_length=120)
    tax_address = forms.CharField(
        label=_("Address"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pan"].widget.attrs.update(
            autocomplete="off", spellcheck="false", autocapitalize="characters"
        )
        self.fields["tax_address"].widget.attrs.update(autocomplete="street-address")
        self.auto_id = "id_tax_%s"

    def clean_pan(self):
        pan = normalise_pan(self.cleaned_data["pan"])
        validate_pan(pan)
        return pan


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CertificateFilesField(forms.FileField):
    """One or more files from a single <input type=file multiple>."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            files = [super(CertificateFilesField, self).clean(item, initial) for item in data]
        else:
            files = [super().clean(data, initial)]
        files = [item for item in files if item]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


ACKNOWLEDGEMENT_HELP = _(
    "The acknowledgement number of the filed Form 10BD, as the portal shows it (digits only). "
    "Optional; it is quoted in the e-mail to the donor."
)


class CertificateUploadForm(forms.Form):
    """Form 10BE certificates for a year: files matched to donors by PAN (a ZIP as the portal
    gives them, or PDFs), or one file for one donor (`donor`, the digest of their PAN)."""

    files = CertificateFilesField(
        label=_("Certificates (PDF files, or the ZIP downloaded from the portal)"),
        max_length=200,
    )
    donor = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    acknowledgement_number = forms.RegexField(
        label=_("Form 10BD acknowledgement number"),
        regex=r"^[0-9]{6,20}$",
        required=False,
        help_text=ACKNOWLEDGEMENT_HELP,
        error_messages={"invalid": _("An acknowledgement number is 6 to 20 digits.")},
    )
    send_now = forms.BooleanField(
        label=_("E-mail each donor their certificate once it is attached"),
        required=False,
        initial=True,
    )
