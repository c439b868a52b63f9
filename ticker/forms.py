from django import forms

from articles.models import Article

from .models import TickerItem


class TickerQuickAddForm(forms.ModelForm):
    """Text, link and urgency: all an editor types when news breaks. Times take the defaults.

    Save it through `ticker.services.ticker_item_create(actor=user, **form.cleaned_data)`.
    """

    class Meta:
        model = TickerItem
        fields = ["text", "article", "url", "urgency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.published().select_related("section")
        self.fields["text"].widget.attrs.setdefault("autofocus", True)
