"""Wire clients in the admin: entitlements, keys (made here and shown once, revoked, rotated),
what was sent and the usage log. The Syndication role (newsroom.roles) holds these permissions."""

import json

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from newsroom.admin_choices import SafeChoicesAdminMixin
from newsroom.services import audit_entries_for
from newsroom.storage import private_storage

from . import ingest, pictures, services
from .forms import ClientForm, NewKeyForm, WireFileForm
from .models import (
    ApiKey,
    Client,
    HeldPicture,
    StoryVersion,
    UsageEntry,
    WebhookDelivery,
    WireItem,
    WireSectionRule,
    WireSource,
    new_webhook_secret,
)


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    fields = ["prefix", "label", "key_state", "created_at", "expires_at", "last_used_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj):
        return False  # keys are made with "New key", which shows the secret once

    @admin.display(description=_("state"))
    def key_state(self, api_key):
        return api_key.state()


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    form = ClientForm
    list_display = ["name", "contact_email", "rate_limit", "is_active", "working_keys"]
    list_filter = ["is_active", "sections"]
    search_fields = ["name", "contact_name", "contact_email"]
    filter_horizontal = ["sections"]
    inlines = [ApiKeyInline]
    fieldsets = [
        (None, {"fields": ["name", "is_active", "notes"]}),
        (_("Contact"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (_("What the client may take"), {"fields": ["sections", "languages", "rate_limit"]}),
        (_("Push"), {"fields": ["webhook_url", "webhook_secret"]}),
    ]
    readonly_fields = ["webhook_secret"]
    actions = ["new_webhook_secrets"]

    @admin.action(
        description=_("Give the selected clients a new webhook secret"), permissions=["change"]
    )
    def new_webhook_secrets(self, request, queryset):
        for client in queryset:
            client.webhook_secret = new_webhook_secret() if client.webhook_url else ""
            client.save(update_fields=["webhook_secret"])
        self.message_user(request, _("New secrets made: tell the clients."), messages.SUCCESS)

    @admin.display(description=_("working keys"))
    def working_keys(self, client):
        return ApiKey.objects.usable().filter(client=client).count()

    def get_urls(self):
        return [
            path(
                "<path:object_id>/new-key/",
                self.admin_site.admin_view(never_cache(self.new_key_view)),
                name="syndication_client_new_key",
            ),
            *super().get_urls(),
        ]

    def new_key_view(self, request, object_id):
        client = self.get_object(request, unquote(object_id))
        if client is None:
            raise Http404(_("No such client."))
        if not request.user.has_perm("syndication.add_apikey"):
            raise PermissionDenied
        form = NewKeyForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": client,
            "title": _("New API key for %(client)s") % {"client": client},
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            api_key, secret = services.api_key_create(
                client=client,
                actor=request.user,
                label=form.cleaned_data["label"],
                retire_others_after=form.retire_others_after(),
            )
            context.update(api_key=api_key, secret=secret, title=_("The new key"))
        return TemplateResponse(request, "admin/syndication/client/new_key.html", context)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["prefix", "client", "label", "key_state", "created_at", "expires_at"]
    list_filter = ["client"]
    search_fields = ["prefix", "label", "client__name"]
    fields = [
        "client",
        "prefix",
        "label",
        "key_state",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "history",
    ]
    readonly_fields = [
        "client",
        "prefix",
        "key_state",
        "created_at",
        "created_by",
        "revoked_at",
        "last_used_at",
        "history",
    ]
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        return False  # through the client's "New key" page

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the usage log refers to keys

    @admin.display(description=_("state"))
    def key_state(self, api_key):
        return api_key.state()

    @admin.display(description=_("history"))
    def history(self, api_key):
        entries = audit_entries_for(api_key)
        return "; ".join(f"{entry.created_at:%Y-%m-%d %H:%M} {entry}" for entry in entries) or "—"

    @admin.action(
        description=_("Revoke the selected keys (they stop at once)"), permissions=["change"]
    )
    def revoke_selected(self, request, queryset):
        for api_key in queryset:
            services.api_key_revoke(api_key=api_key, actor=request.user)
        self.message_user(
            request, _("%(count)d key(s) revoked.") % {"count": len(queryset)}, messages.SUCCESS
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StoryVersion)
class StoryVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "action", "sequence", "section", "language", "available_at"]
    list_filter = ["action", "section", "language"]
    search_fields = ["story_id"]
    exclude = ["payload"]
    readonly_fields = ["pretty_payload"]

    @admin.display(description=_("ninjs"))
    def pretty_payload(self, version):
        return json.dumps(version.payload, indent=2, ensure_ascii=False)


@admin.register(UsageEntry)
class UsageEntryAdmin(SafeChoicesAdminMixin, ReadOnlyAdmin):
    list_display = ["at", "client", "api_key", "version", "via"]
    list_filter = ["client", "via"]
    list_select_related = ["client", "api_key", "version"]
    date_hierarchy = "at"


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "client",
        "version",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
    ]
    list_filter = ["status", "client"]
    list_select_related = ["client", "version"]


class WireSectionRuleInline(admin.TabularInline):
    """Which section a draft goes to, by the story's category at this wire."""

    model = WireSectionRule
    fields = ["category", "section"]
    extra = 1


@admin.register(WireSource)
class WireSourceAdmin(admin.ModelAdmin):
    inlines = [WireSectionRuleInline]
    list_display = [
        "name",
        "credit",
        "fallback_section",
        "url",
        "poll_minutes",
        "is_active",
        "last_polled_at",
        "last_error",
    ]
    list_select_related = ["fallback_section"]
    search_fields = ["name", "credit"]
    readonly_fields = ["last_polled_at", "last_error"]
    actions = ["poll_now"]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/upload/",
                self.admin_site.admin_view(self.upload_view),
                name="syndication_wiresource_upload",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Read the selected feeds now"), permissions=["change"])
    def poll_now(self, request, queryset):
        for source in queryset.exclude(url=""):
            added = services.wire_poll(source=source)
            source.refresh_from_db()
            if source.last_error:
                self.message_user(request, f"{source}: {source.last_error}", messages.ERROR)
            else:
                self.message_user(request, f"{source}: {added} new.", messages.SUCCESS)

    def upload_view(self, request, object_id):
        source = self.get_object(request, unquote(object_id))
        if source is None:
            raise Http404(_("No such wire source."))
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        form = WireFileForm(request.POST or None, request.FILES or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                added = services.wire_ingest(
                    source=source, data=form.cleaned_data["data"], actor=request.user
                )
            except ingest.FeedError as error:
                form.add_error("file", str(error))
                status = 400
            else:
                self.message_user(
                    request, _("%(count)d new stories from the file.") % {"count": added}
                )
                return redirect("admin:syndication_wiresource_change", source.pk)
        elif request.method == "POST":
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": source,
            "title": _("Upload a feed file to %(source)s") % {"source": source},
            "form": form,
        }
        return TemplateResponse(
            request, "admin/syndication/wiresource/upload.html", context, status=status
        )


@admin.register(WireItem)
class WireItemAdmin(ReadOnlyAdmin):
    list_display = [
        "received_at",
        "source",
        "headline",
        "urgency",
        "language",
        "categories",
        "draft",
    ]
    list_filter = ["source", "urgency", "language"]
    search_fields = ["headline", "summary", "source_item_id"]
    list_select_related = ["source", "draft"]


@admin.register(HeldPicture)
class HeldPictureAdmin(SafeChoicesAdminMixin, ReadOnlyAdmin):
    """Pictures of embargoed stories, off their public addresses until `held until`
    (pictures.py). Staff see the files through signed links that expire."""

    list_display = ["image", "held_until", "held_at"]
    list_select_related = ["image"]
    date_hierarchy = "held_until"
    fields = ["image", "held_until", "held_at", "held_files"]
    readonly_fields = fields

    @admin.display(description=_("files (links expire)"))
    def held_files(self, held):
        storage = private_storage()
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                ((storage.url(pictures.held_name(name)), name) for name in held.files),
            ),
        )
