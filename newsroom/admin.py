from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import clock
from .admin_choices import SafeChoicesAdminMixin
from .clock import dateline
from .languages import add_translation_fields, translation_field_names
from .models import AuditEntry, SiteSettings
from .services import audit_entries_visible_to

SITE_TRANSLATED = ("about", "corrections_policy")


class SiteSettingsAdminForm(forms.ModelForm):
    """The footer pages in each of the newsroom's other languages (kept in
    `SiteSettings.translations`; the pages in that language show them)."""

    class Meta:
        model = SiteSettings
        fields = [
            *("site_name", "tagline", "byline_handle", "contact_email"),
            *("facebook_url", "x_url", "instagram_url", "youtube_url"),
            *("about", "corrections_policy", "ticker_default_hours"),
        ]


add_translation_fields(SiteSettingsAdminForm, SiteSettings, SITE_TRANSLATED)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    form = SiteSettingsAdminForm
    fieldsets = [
        (None, {"fields": ["site_name", "tagline", "byline_handle", "contact_email"]}),
        ("Follow us", {"fields": ["facebook_url", "x_url", "instagram_url", "youtube_url"]}),
        (
            "Footer pages",
            {
                "fields": [
                    "about",
                    "corrections_policy",
                    *(name for name, _f, _c in translation_field_names(SITE_TRANSLATED)),
                ]
            },
        ),
        ("Ticker", {"fields": ["ticker_default_hours"]}),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # There is only one row: go straight to it.
        settings = SiteSettings.current()
        return redirect(reverse("admin:newsroom_sitesettings_change", args=[settings.pk]))


@admin.register(AuditEntry)
class AuditEntryAdmin(SafeChoicesAdminMixin, admin.ModelAdmin):
    """The audit log: searchable and filterable, and read-only for everyone, superusers too."""

    list_display = ["when", "actor_name", "action", "object_link", "state_change", "note"]
    list_filter = ["action", "content_type", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["object_repr", "note", "actor_name", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    fields = [
        "when",
        "actor_name",
        "action",
        "content_type",
        "object_id",
        "object_link",
        "from_state",
        "to_state",
        "note",
    ]
    readonly_fields = fields
    actions = None

    def get_queryset(self, request):
        return audit_entries_visible_to(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(
        description=format_lazy("{} ({})", _("when"), clock.zone_abbreviation_lazy()),
        ordering="created_at",
    )
    def when(self, entry):
        return dateline(entry.created_at)

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, entry):
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    @admin.display(description=_("state"))
    def state_change(self, entry):
        if entry.from_state or entry.to_state:
            return f"{entry.from_state or '—'} → {entry.to_state or '—'}"
        return ""
