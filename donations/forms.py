from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.forms import HoneypotForm

from .models import Frequency
from .money import format_inr

OTHER = "other"


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
            self.honeypot_layout(),
        )
        self.helper.add_input(Submit("give", _("Continue to payment"), css_class="btn"))

    def clean(self):
        cleaned = super().clean()
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
