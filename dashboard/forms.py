from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Hidden, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ticker.forms import TickerQuickAddForm

RECENT_STORIES = timedelta(days=14)
SECONDARY = "btn btn-secondary"

BULK_ACTION_LABELS = {
    "approve": _("Approve"),
    "reject": _("Reject"),
    "spam": _("Mark as spam"),
}


def _helper(action, submit_label, next_url, *, form_id, button_class="btn"):
    helper = FormHelper()
    helper.form_action = action
    helper.form_class = "dashboard-form"
    helper.form_id = form_id
    if next_url:
        # Where the action leads back to (checked with safe_next in the view).
        helper.add_input(Hidden("next", next_url))
    helper.add_input(
        Submit("submit", submit_label, css_class=button_class, css_id=f"{form_id}-submit")
    )
    return helper


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at (IST)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Give the date and time to publish at."),
            "invalid": _("Give the date and time as shown, for example 2026-02-04 18:30."),
        },
    )

    def __init__(self, *args, action="", next_url="", form_id="schedule", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            action, _("Schedule"), next_url, form_id=form_id, button_class=SECONDARY
        )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What needs to change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Say what needs to change: a returned article needs a note."),
        },
    )

    def __init__(self, *args, action="", next_url="", form_id="return", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            action, _("Return to the reporter"), next_url, form_id=form_id, button_class=SECONDARY
        )

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(self.fields["note"].error_messages["required"])
        return note


class CommentIdsField(forms.Field):
    """The ids of the ticked comments (checkboxes named `comments`)."""

    widget = forms.MultipleHiddenInput
    max_ids = 200

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        try:
            ids = sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise forms.ValidationError(
                _("The selection was not understood; reload the page and try again."),
                code="invalid",
            ) from None
        if len(ids) > self.max_ids:
            raise forms.ValidationError(
                _("Select at most %(max)d comments at a time."),
                code="too_many",
                params={"max": self.max_ids},
            )
        return ids


class BulkCommentForm(forms.Form):
    """The action chosen for the ticked comments of the moderation queue."""

    action = forms.ChoiceField(
        label=_("With the selected comments"),
        choices=[("", _("Choose an action")), *BULK_ACTION_LABELS.items()],
        error_messages={
            "required": _("Choose what to do with the selected comments."),
            "invalid_choice": _("Choose approve, reject or mark as spam."),
        },
    )
    comments = CommentIdsField(
        error_messages={"required": _("Tick at least one comment first.")},
    )


class DashboardTickerForm(TickerQuickAddForm):
    """The ticker's own quick-add form, laid out for the dashboard."""

    def __init__(self, *args, action="", next_url="", **kwargs):
        super().__init__(*args, **kwargs)
        # The dashboard page has other forms; do not steal the focus on load.
        self.fields["text"].widget.attrs.pop("autofocus", None)
        # A list a person can scan: the last fortnight's stories (older ones from the admin).
        since = timezone.now() - RECENT_STORIES
        self.fields["article"].queryset = (
            self.fields["article"]
            .queryset.filter(publish_at__gte=since)
            .order_by("-publish_at", "-pk")
        )
        self.fields["article"].help_text = _(
            "Link to one of the stories published in the last 14 days …"
        )
        self.helper = _helper(action, _("Add to the ticker"), next_url, form_id="ticker-add")
