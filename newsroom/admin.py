from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["site_name", "tagline", "byline_handle", "contact_email"]}),
        ("Follow us", {"fields": ["facebook_url", "x_url", "instagram_url", "youtube_url"]}),
        ("Footer pages", {"fields": ["about", "corrections_policy"]}),
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
