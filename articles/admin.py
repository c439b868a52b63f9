from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from images.admin import ArticleImageInline

from .models import Article, Author, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "show_in_navigation"]
    list_editable = ["position", "show_in_navigation"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "handle", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "handle"]
    autocomplete_fields = ["user"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "status", "publish_at", "bylines", "updated_at"]
    list_filter = ["status", "section", "authors", ("publish_at", admin.DateFieldListFilter)]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug", "authors__name", "authors__handle"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "authors", "lead_image"]
    inlines = [ArticleImageInline]
    readonly_fields = ["revised_at", "corrected_at", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_caption"]}),
        (_("Placement"), {"fields": ["section", "authors", "tags", "dateline_place"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
        (_("Corrections"), {"fields": ["correction", "corrected_at", "revised_at"]}),
        (_("Reader features"), {"fields": ["show_donation_appeal", "comments_enabled"]}),
        (
            _("Record"),
            {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description=_("bylines"))
    def bylines(self, article):
        return ", ".join(f"@{author.handle}" for author in article.authors.all())

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
