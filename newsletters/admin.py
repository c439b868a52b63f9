import json

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin_choices import SafeChoicesAdminMixin
from newsroom.languages import add_translation_fields, translation_field_names
from newsroom.services import audit_changed_fields_note, audit_record

from .briefing import PIXEL_MARKER
from .models import ConsentEvent, Issue, IssueArticle, Newsletter, Subscriber, Subscription
from .selectors import issues_with_figures, subscribers_with_giving
from .services import breaking_create, issue_send, subscriber_erase, subscriber_export

NEWSLETTER_TRANSLATED = ("name", "description")


class NewsletterAdminForm(forms.ModelForm):
    """The name and description in each of the newsroom's other languages (kept in
    `Newsletter.translations`; pages and e-mails in that language show them)."""

    class Meta:
        model = Newsletter
        fields = [
            *("name", "slug", "description", "kind", "is_active", "is_default"),
            *("send_time", "send_automatically", "sections", "stories_per_section"),
            *("include_appeal", "tracking_pixel"),
        ]


add_translation_fields(NewsletterAdminForm, Newsletter, NEWSLETTER_TRANSLATED)


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    form = NewsletterAdminForm
    list_display = ["name", "kind", "is_active", "is_default", "send_time", "send_automatically"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sections"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "kind", "is_active", "is_default"]}),
        (
            _("Other languages"),
            {"fields": [name for name, _f, _c in translation_field_names(NEWSLETTER_TRANSLATED)]},
        ),
        (
            _("Daily briefing"),
            {
                "fields": [
                    "send_time",
                    "send_automatically",
                    "sections",
                    "stories_per_section",
                    "include_appeal",
                ]
            },
        ),
        (_("Privacy"), {"fields": ["tracking_pixel"]}),
    ]


class ConsentEventInline(admin.TabularInline):
    model = ConsentEvent
    extra = 0
    can_delete = False
    fields = ["action", "at", "source", "source_page", "wording", "client_address", "user_agent"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Read-only: consent changes only through the reader's own links or the services."""

    list_display = ["subscriber", "newsletter", "status", "source", "requested_at", "confirmed_at"]
    list_filter = ["newsletter", "status", "source"]
    search_fields = ["subscriber__email"]
    list_select_related = ["subscriber", "newsletter"]
    inlines = [ConsentEventInline]
    readonly_fields = [
        "subscriber",
        "newsletter",
        "status",
        "requested_at",
        "source",
        "source_page",
        "confirmed_at",
        "unsubscribed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["newsletter", "status", "source", "requested_at", "confirmed_at", "unsubscribed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Addresses, read-only. Exporting or erasing a reader's data (on their request) are audited
    actions for holders of newsletters.export_subscriber (Fundraising); whether a subscriber has
    given is shown only to holders of newsletters.view_subscriber_giving (Fundraising), never
    editors."""

    list_display = ["email", "created_at", "suppressed_at", "suppression_reason"]
    list_filter = [("suppressed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    inlines = [SubscriptionInline]
    readonly_fields = ["email", "created_at", "suppressed_at", "suppression_reason"]
    actions = ["export_data", "erase_data"]

    def _sees_giving(self, request):
        return request.user.has_perm("newsletters.view_subscriber_giving")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._sees_giving(request):
            queryset = subscribers_with_giving(queryset)
        return queryset

    def get_list_display(self, request):
        if self._sees_giving(request):
            return [*self.list_display, "has_given_display"]
        return self.list_display

    def get_list_filter(self, request):
        if self._sees_giving(request):
            return [*self.list_filter, GaveFilter]
        return self.list_filter

    @admin.display(description=_("has given"), boolean=True, ordering="has_given")
    def has_given_display(self, subscriber):
        return subscriber.has_given

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Erasing a reader's data is the audited action below, not the admin's delete.
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("newsletters.export_subscriber")

    @admin.action(description=_("Export the selected readers' data (JSON)"), permissions=["export"])
    def export_data(self, request, queryset):
        data = [subscriber_export(subscriber=s, actor=request.user) for s in queryset]
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="subscriber-data.json"'
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Erase the selected readers' data"), permissions=["export"])
    def erase_data(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            return render(
                request,
                "admin/newsletters/subscriber/erase_confirmation.html",
                {**self.admin_site.each_context(request), "subscribers": queryset},
            )
        erased = 0
        for subscriber in queryset:
            subscriber_erase(subscriber=subscriber, actor=request.user)
            erased += 1
        self.message_user(
            request,
            ngettext("Erased %(n)d reader's data.", "Erased %(n)d readers' data.", erased)
            % {"n": erased},
            messages.SUCCESS,
        )
        return None


class GaveFilter(admin.SimpleListFilter):
    title = _("has given")
    parameter_name = "gave"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_given=True)
        if self.value() == "no":
            return queryset.filter(has_given=False)
        return queryset


class IssueArticleInline(SafeChoicesAdminMixin, admin.TabularInline):
    model = IssueArticle
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["position", "article"]

    # The stories of an issue are part of it: whoever may write the issue (while it is a draft)
    # may place them; no separate permission on the rows.
    def _may_edit(self, request, obj):
        if obj is None:
            return request.user.has_perm("newsletters.add_issue")
        return (
            request.user.has_perm("newsletters.change_issue") and obj.status == Issue.Status.DRAFT
        )

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("newsletters.view_issue")


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    """Issues: the briefing the scheduler assembled, or a Breaking draft, is edited here (intro,
    stories), previewed exactly as readers will get it, then sent with one press."""

    list_display = ["subject", "newsletter", "status", "edition_date", "sent_at", "figures"]
    list_filter = ["newsletter", "status"]
    search_fields = ["subject"]
    inlines = [IssueArticleInline]
    fields = ["newsletter", "subject", "intro", "include_appeal", "status", "edition_date"]
    readonly_fields = ["status", "edition_date"]
    change_form_template = "admin/newsletters/issue/change_form.html"

    class Media:
        css = {"all": ["css/admin-newsletters.css"]}

    def get_queryset(self, request):
        return issues_with_figures(super().get_queryset(request).select_related("newsletter"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return [*self.fields]
        if obj is not None:
            return [*self.readonly_fields, "newsletter"]
        return self.readonly_fields

    @admin.display(description=_("sent · bounced · unsubscribed"))
    def figures(self, issue):
        return f"{issue.sent_count} · {issue.bounced_count} · {issue.unsubscribed_count}"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="changed" if change else "created",
            obj=obj,
            note=audit_changed_fields_note(form),
        )

    def get_urls(self):
        own = [
            path(
                "<int:issue_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletters_issue_preview",
            ),
            path(
                "<int:issue_id>/send/",
                self.admin_site.admin_view(self.send_view),
                name="newsletters_issue_send",
            ),
            path(
                "breaking/",
                self.admin_site.admin_view(self.breaking_view),
                name="newsletters_issue_breaking",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if issue is not None:
            extra_context.update(
                readers=Subscription.objects.deliverable()
                .filter(newsletter_id=issue.newsletter_id)
                .count(),
                can_send=issue.status == Issue.Status.DRAFT
                and request.user.has_perm("newsletters.send_issue"),
                issue=issue,
            )
        response = super().change_view(request, object_id, form_url, extra_context)
        # The page frames the preview, from this site: the site's policy frames only the few
        # outside players live entries use (frame-src), so this page adds 'self' to it.
        policy = dict(settings.SECURE_CSP)
        policy["frame-src"] = [*policy.get("frame-src", []), CSP.SELF]
        response._csp_config = policy  # what django.views.decorators.csp.csp_override sets
        return response

    def preview_view(self, request, issue_id):
        issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=issue_id)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        return _preview_response(issue)

    def send_view(self, request, issue_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        issue = get_object_or_404(Issue, pk=issue_id)
        if not request.user.has_perm("newsletters.send_issue"):
            raise PermissionDenied
        try:
            issue_send(issue=issue, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("“%(subject)s” is on its way to its readers.") % {"subject": issue.subject},
                messages.SUCCESS,
            )
        return redirect("admin:newsletters_issue_change", issue.pk)

    def breaking_view(self, request):
        """The "Breaking news e-mail" button among the object tools of a story's or a ticker
        item's change page: the first press makes the draft (a second opens the same draft) and
        opens it, with its preview and "Send now"; that is the second press."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("newsletters.send_issue"):
            raise PermissionDenied
        if "ticker_item" in request.POST:
            label, field = "ticker.TickerItem", "ticker_item"
        else:
            label, field = "articles.Article", "article"
        object_id = request.POST.get(field, "")
        if not object_id.isdigit() or int(object_id) >= 2**31:
            return HttpResponseBadRequest(
                _("No such ticker item.") if field == "ticker_item" else _("No such story.")
            )
        model = apps.get_model(label)
        chosen = get_object_or_404(model, pk=int(object_id))
        if not self.admin_site.get_model_admin(model).has_view_permission(request, chosen):
            raise PermissionDenied
        try:
            if field == "ticker_item":
                issue = breaking_create(
                    article=chosen.article, headline=chosen.text, url=chosen.url, actor=request.user
                )
            else:
                issue = breaking_create(article=chosen, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change", chosen.pk
            )
        return redirect("admin:newsletters_issue_change", issue.pk)


# The preview is the e-mail itself, whose styles must be inline (mail programs drop style
# sheets): its own policy allows inline styles and nothing else; no script, no form, no plugin,
# shown only inside the admin's own page.
PREVIEW_POLICY = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "https:", "http:"],
    "frame-ancestors": [CSP.SELF],
    "sandbox": True,
}


def _preview_response(issue):
    from .briefing import personalise, render_issue

    if issue.status == Issue.Status.DRAFT:
        html, _text = render_issue(issue, tracking_pixel=False)
    else:
        html = issue.html.replace(PIXEL_MARKER, "")
    html = personalise(html, unsubscribe_url="#unsubscribe", preferences_url="#preferences")
    response = HttpResponse(html)
    response._csp_config = PREVIEW_POLICY  # what django.views.decorators.csp.csp_override sets
    response["X-Frame-Options"] = "SAMEORIGIN"
    add_never_cache_headers(response)
    return response


# "Breaking" in two clicks, from the story list and the ticker's list: the action makes a draft
# issue and opens it (preview, reader count); "Send now" there sends it. The action is added to
# whatever admin those apps registered (the ticker's subclass of the story admin, for one),
# found through the registry: this app imports neither.


@admin.action(description=_("Send as breaking news by e-mail (preview first)"))
def send_as_breaking_news(modeladmin, request, queryset):
    if not request.user.has_perm("newsletters.send_issue"):
        modeladmin.message_user(request, _("You may not send newsletters."), messages.ERROR)
        return None
    chosen = list(queryset[:2])
    if len(chosen) != 1:
        modeladmin.message_user(
            request, _("Choose exactly one item to send as breaking news."), messages.WARNING
        )
        return None
    item = chosen[0]
    try:
        if queryset.model._meta.label == "ticker.TickerItem":
            issue = breaking_create(
                article=item.article,
                headline=item.text,
                url=item.url,
                actor=request.user,
            )
        else:
            issue = breaking_create(article=item, actor=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    return redirect("admin:newsletters_issue_change", issue.pk)


def _offer_breaking_on(model_label):
    try:
        model_admin = admin.site.get_model_admin(apps.get_model(model_label))
    except (LookupError, admin.exceptions.NotRegistered):
        return
    if send_as_breaking_news not in (model_admin.actions or []):
        model_admin.actions = [*(model_admin.actions or []), send_as_breaking_news]


for _label in ("articles.Article", "ticker.TickerItem"):
    _offer_breaking_on(_label)
