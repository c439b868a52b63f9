from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Hidden, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import Article, LiveStatus
from articles.services import WorkflowError, article_return, article_schedule
from live.forms import CoverageEndForm, LiveEntryForm
from live.services import coverage_end, coverage_start, entry_post
from newsroom import clock
from ticker.forms import TickerQuickAddForm
from ticker.services import ticker_item_create

RECENT_STORIES = timedelta(days=14)
SECONDARY = "btn btn-secondary"

BULK_ACTION_LABELS = {
    "approve": _("Approve"),
    "reject": _("Reject"),
    "spam": _("Mark as spam"),
}


class DashboardActionForm:
    """What every dashboard action form shares (mix in before forms.Form): its crispy helper
    (the action URL, a hidden `next`, one submit button), ids that stay unique when one page
    shows a form per article, and `perform()`, which calls the form's service and turns its
    refusal into errors shown on the form.

    A subclass names `url_name`, `form_name`, `submit_label` and implements `act(actor,
    target)`, which calls the service and returns a success message.
    """

    url_name = ""
    form_name = ""
    submit_label = ""
    button_class = SECONDARY

    def __init__(self, *args, target=None, next_url="", **kwargs):
        self.target = target
        pk = getattr(target, "pk", None)
        if pk is not None:
            kwargs.setdefault("auto_id", f"id_{self.form_name}_{pk}_%s")
        super().__init__(*args, **kwargs)
        helper = FormHelper()
        helper.form_action = reverse(self.url_name, args=[pk] if pk is not None else [])
        helper.form_class = "dashboard-form"
        helper.form_id = self.form_name if pk is None else f"{self.form_name}-{pk}"
        if next_url:
            # Where the action leads back to (checked with safe_next in the view).
            helper.add_input(Hidden("next", next_url))
        helper.add_input(
            Submit(
                "submit",
                self.submit_label,
                css_class=self.button_class,
                css_id=f"{helper.form_id}-submit",
            )
        )
        self.helper = helper

    def perform(self, actor):
        """Validate and act; the success message, or None with the errors on the form."""
        if not self.is_valid():
            return None
        try:
            return self.act(actor, self.target)
        except WorkflowError as error:
            self.add_error(None, error.message)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
        return None

    def act(self, actor, target):
        raise NotImplementedError


class ScheduleForm(DashboardActionForm, forms.Form):
    url_name = "dashboard:article_schedule"
    form_name = "schedule"
    submit_label = _("Schedule")

    publish_at = forms.DateTimeField(
        label=format_lazy("{} ({})", _("Publish at"), clock.zone_abbreviation_lazy()),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Give the date and time to publish at."),
            "invalid": _("Give the date and time as shown, for example 2026-02-04 18:30."),
        },
    )

    def refused(self):
        return _("“%(headline)s” was not scheduled.") % {"headline": self.target.headline}

    def act(self, actor, article):
        article_schedule(actor=actor, article=article, publish_at=self.cleaned_data["publish_at"])
        return _("Scheduled “%(headline)s” for %(when)s.") % {
            "headline": article.headline,
            "when": clock.clock(article.publish_at),
        }


class ReturnForm(DashboardActionForm, forms.Form):
    url_name = "dashboard:article_return"
    form_name = "return"
    submit_label = _("Return to the reporter")

    note = forms.CharField(
        label=_("What needs to change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Say what needs to change: a returned article needs a note."),
        },
    )

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(self.fields["note"].error_messages["required"])
        return note

    def refused(self):
        return _("“%(headline)s” was not returned.") % {"headline": self.target.headline}

    def act(self, actor, article):
        article_return(actor=actor, article=article, note=self.cleaned_data["note"])
        return _("Returned “%(headline)s” to the reporter with your note.") % {
            "headline": article.headline
        }


# The forms each article in the editorial queue carries, by the name the templates use.
ARTICLE_FORMS = {"schedule": ScheduleForm, "return": ReturnForm}


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


class DashboardTickerForm(DashboardActionForm, TickerQuickAddForm):
    """The ticker's own quick-add form, laid out for the dashboard."""

    url_name = "dashboard:ticker_add"
    form_name = "ticker-add-form"
    submit_label = _("Add to the ticker")
    button_class = "btn"

    def __init__(self, *args, **kwargs):
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

    def act(self, actor, target):
        item = ticker_item_create(actor=actor, **self.cleaned_data)
        return _("Added “%(text)s” to the ticker; it is live now.") % {"text": item.text}


class DashboardLiveEntryForm(DashboardActionForm, LiveEntryForm):
    """The fast entry form: live's own entry form, laid out for the dashboard (and a phone)."""

    url_name = "dashboard:live_post"
    form_name = "live-entry-form"
    submit_label = _("Post the update")
    button_class = "btn"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The editor's scripts go in the page's head with the CSP nonce (live_coverage.html).
        self.helper.include_media = False

    def act(self, actor, target):
        entry = entry_post(coverage=target, actor=actor, **self.cleaned_data)
        return _("Posted “%(entry)s”. Readers with the page open see it within half a minute.") % {
            "entry": entry
        }


class LiveStartForm(DashboardActionForm, forms.Form):
    url_name = "dashboard:live_start"
    form_name = "live-start-form"
    submit_label = _("Start live coverage")
    button_class = "btn"

    article = forms.ModelChoiceField(
        label=_("Story"),
        queryset=Article.objects.none(),
        help_text=_("A story published in the last 14 days and not covered live yet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        since = timezone.now() - RECENT_STORIES
        self.fields["article"].queryset = (
            Article.objects.published()
            .filter(publish_at__gte=since, live_status=LiveStatus.NONE)
            .order_by("-publish_at", "-pk")
        )

    def act(self, actor, target):
        coverage = coverage_start(article=self.cleaned_data["article"], actor=actor)
        self.coverage = coverage
        return _("“%(story)s” is live. Post the first update below.") % {"story": coverage.article}


class LiveEndForm(DashboardActionForm, CoverageEndForm):
    url_name = "dashboard:live_end"
    form_name = "live-end-form"
    submit_label = _("End the coverage")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.include_media = False

    def act(self, actor, target):
        coverage_end(coverage=target, summary=self.cleaned_data["summary"], actor=actor)
        return _("Coverage of “%(story)s” ended; the page is now an archive.") % {
            "story": target.article
        }
