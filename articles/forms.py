from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The search box: in the header of every page and on the search page."""

    # No max_length on the field: the view explains an over-long query instead of hiding it.
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args, compact=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["q"]
        field.widget = forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Search stories"),
                "maxlength": MAX_QUERY_LENGTH,
                "enterkeyhint": "search",
                # The compact box shows no label, so it is named for screen readers here.
                **({"aria-label": _("Search stories")} if compact else {}),
            }
        )
        self.helper = FormHelper(self)
        self.helper.form_method = "get"
        self.helper.form_action = reverse_lazy("search")
        self.helper.disable_csrf = True
        self.helper.form_class = "search-form search-form--compact" if compact else "search-form"
        self.helper.attrs = {"role": "search"}
        self.helper.form_show_labels = not compact
        self.helper.layout = Layout(Field("q"), StrictButton(_("Search"), type="submit"))
