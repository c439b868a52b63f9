from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ConsentEvent, Newsletter, Subscriber, Subscription


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active", "is_default", "send_time", "send_automatically"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sections"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "kind", "is_active", "is_default"]}),
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
    list_display = ["email", "created_at", "suppressed_at", "suppression_reason"]
    list_filter = [("suppressed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    inlines = [SubscriptionInline]
    readonly_fields = ["email", "created_at", "suppressed_at", "suppression_reason"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Erasing a reader's data is an audited action (newsletters.services), not a delete.
        return False
