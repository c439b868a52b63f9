"""Live coverage in the admin. Every change goes through live/services.py (audited); the fast
way to post entries is the dashboard's live panel."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from images.widgets import ImageChooserAdminMixin
from newsroom.admin_choices import SafeChoicesAdminMixin

from .forms import CoverageAdminForm
from .models import LiveCoverage, LiveEntry
from .services import (
    ENTRY_FIELDS,
    coverage_delete,
    coverage_edit_summary,
    coverage_end,
    coverage_start,
    entry_delete,
    entry_edit,
    entry_post,
)


@admin.register(LiveCoverage)
class LiveCoverageAdmin(SafeChoicesAdminMixin, admin.ModelAdmin):
    form = CoverageAdminForm
    list_display = ["article", "started_at", "ended_at", "started_by"]
    list_select_related = ["article", "started_by"]
    list_filter = [("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["article__headline"]
    autocomplete_fields = ["article"]
    readonly_fields = ["started_at", "ended_at", "started_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.readonly_fields, "article"]
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article"]
        fields = ["article", "started_at", "started_by", "ended_at", "summary"]
        return [*fields, "end_coverage"] if obj.is_running else fields

    def save_model(self, request, obj, form, change):
        if not change:
            started = coverage_start(article=obj.article, actor=request.user)
            obj.pk = started.pk
            return
        if form.cleaned_data.get("end_coverage"):
            try:
                coverage_end(coverage=obj, summary=obj.summary, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        if "summary" in form.changed_data:
            coverage_edit_summary(coverage=obj, summary=obj.summary, actor=request.user)

    def delete_model(self, request, obj):
        coverage_delete(coverage=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for coverage in queryset:
            coverage_delete(coverage=coverage, actor=request.user)


@admin.register(LiveEntry)
class LiveEntryAdmin(ImageChooserAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "coverage", "posted_at", "pinned", "author"]
    list_select_related = ["coverage__article", "author"]
    list_filter = ["pinned", ("coverage", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "body", "quote"]
    fields = ["coverage", *ENTRY_FIELDS, "pinned"]

    def get_readonly_fields(self, request, obj=None):
        return ["coverage"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "coverage":
            kwargs["queryset"] = LiveCoverage.objects.running().select_related("article")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        values = {
            name: form.cleaned_data.get(name) for name in ENTRY_FIELDS if name in form.cleaned_data
        }
        if change:
            entry_edit(entry=obj, actor=request.user, pinned=obj.pinned, **values)
        else:
            created = entry_post(
                coverage=obj.coverage, actor=request.user, pinned=obj.pinned, **values
            )
            obj.pk = created.pk

    def delete_model(self, request, obj):
        entry_delete(entry=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            entry_delete(entry=entry, actor=request.user)
