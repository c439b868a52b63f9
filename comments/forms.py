from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.cached_forms import for_cached_page
from newsroom.forms import HoneypotForm

from .models import BODY_MAX_LENGTH, NAME_MAX_LENGTH


class PlainTextField(forms.CharField):
    """Browsers send new lines as CRLF; count and store them as one character, as typed."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class CommentForm(HoneypotForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _("Please give a name to show with your comment."),
            "max_length": _("Please shorten your name to %(limit_value)d characters or fewer."),
        },
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("Never shown. Only the desk uses it, if we need to reach you."),
        error_messages={
            "required": _("Please give your email address; it is never shown."),
            "invalid": _("Please give a valid email address, like name@example.com."),
        },
    )
    body = PlainTextField(
        label=_("Comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Plain text, up to 2,000 characters. Comments are read by an editor before they appear."
        ),
        error_messages={
            "required": _("Please write your comment; it is empty."),
            "max_length": _(
                "Please shorten your comment to 2,000 characters or fewer (it has %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("comments:post", kwargs={"article_id": article.pk})
        self.helper.form_class = "comment-form"
        self.helper.layout = Layout(
            "name",
            "email",
            "body",
            self.honeypot_layout(),
            Submit("post", _("Post comment")),
        )

    def for_cached_page(self):
        """For the article page, which may be cached: no per-visitor CSRF token in it; islands.js
        fetches one before the form is sent (newsroom/cached_forms.py)."""
        for_cached_page(self.helper)
        return self
