from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.admin_choices import SafeChoicesAdminMixin
from newsroom.spelling import SpellCheckedAdminMixin

from .chooser import chooser_upload_view, chooser_view
from .forms import ImageForm
from .models import Image
from .selectors import SEARCHED_FIELDS, library_search
from .services import (
    UPLOAD_SLOT_SECONDS,
    UploadsBusyError,
    can_change_image,
    image_change_refusal,
    image_delete,
    image_save,
    upload_slot,
)


@admin.register(Image)
class ImageAdmin(SpellCheckedAdminMixin, SafeChoicesAdminMixin, admin.ModelAdmin):
    form = ImageForm
    list_display = [
        "thumbnail",
        "caption_short",
        "credit",
        "dimensions",
        "uploaded_by",
        "uploaded_at",
    ]
    list_display_links = ["thumbnail", "caption_short"]
    list_select_related = ["uploaded_by"]
    # Searched through images.selectors.library_search (every word, in any of these fields), as
    # the chooser searches.
    search_fields = list(SEARCHED_FIELDS)
    search_help_text = _("Words from the caption, credit or alt text, or who uploaded it.")
    list_filter = [("uploaded_at", admin.DateFieldListFilter)]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["preview", "dimensions", "uploaded_by", "uploaded_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["preview", "file"]}),
        (_("For readers"), {"fields": ["alt_text", "caption", "credit"]}),
        (_("Focal point"), {"fields": ["focal_x", "focal_y"]}),
        (_("Rights"), {"fields": ["source_url", "licence_note"]}),
        (_("Record"), {"fields": ["dimensions", "uploaded_by", "uploaded_at", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["images/admin.css"]}
        js = ["images/focal.js"]

    def get_urls(self):
        # The chooser that forms picking a picture open in a dialog (images/chooser.py).
        chooser = [
            path(
                "chooser/",
                self.admin_site.admin_view(lambda request: chooser_view(request, self)),
                name="images_image_chooser",
            ),
            path(
                "chooser/upload/",
                self.admin_site.admin_view(lambda request: chooser_upload_view(request, self)),
                name="images_image_chooser_upload",
            ),
        ]
        return chooser + super().get_urls()

    def get_search_results(self, request, queryset, search_term):
        return library_search(search_term, queryset), False

    @admin.display(description=_("picture"))
    def thumbnail(self, image):
        rendition = image.smallest_rendition
        if rendition is None:
            return "—"
        height = round(rendition["height"] * 120 / rendition["width"])
        return format_html(
            '<img class="images-thumb" src="{}" width="120" height="{}" alt="">',
            image.file.storage.url(rendition["name"]),
            height,
        )

    @admin.display(description=_("caption"), ordering="caption")
    def caption_short(self, image):
        return image.caption[:90] + ("…" if len(image.caption) > 90 else "") or "—"

    @admin.display(description=_("size"))
    def dimensions(self, image):
        return f"{image.width} x {image.height} px" if image.width else "—"

    @admin.display(description=_("preview"))
    def preview(self, image):
        if not image.pk or not image.renditions:
            return _("The preview appears once the picture is saved.")
        storage = image.file.storage
        shown = next((r for r in image.renditions if r["width"] >= 800), image.renditions[-1])
        return render_to_string(
            "admin/images/image/_preview.html",
            {
                "image": image,
                "shown": shown,
                "shown_url": storage.url(shown["name"]),
                "renditions": [(storage.url(r["name"]), r["width"]) for r in image.renditions],
            },
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        # Someone else's picture opens read-only (view permission), and a post to it is a 403.
        return can_change_image(request.user, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Why the picture opens read-only for its own uploader: say so, and what to do.
        refusal = obj is not None and obj.pk and image_change_refusal(request.user, obj)
        if refusal and request.method == "GET":
            self.message_user(request, refusal, messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A post with a file is checked and stored (decoded) in this request: at most
        # UPLOADS_AT_ONCE per person at a time, across every worker.
        if request.method != "POST" or not request.FILES:
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with upload_slot(request.user):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except UploadsBusyError as busy:
            response = TemplateResponse(
                request,
                "admin/images/image/uploads_busy.html",
                {**self.admin_site.each_context(request), "message": str(busy)},
                status=429,
            )
            response["Retry-After"] = str(UPLOAD_SLOT_SECONDS // 4)
            return response

    def save_model(self, request, obj, form, change):
        new_file = form.cleaned_data["file"] if "file" in form.changed_data else None
        image_save(image=obj, actor=request.user, new_file=new_file)

    def delete_model(self, request, obj):
        image_delete(image=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image_delete(image=image, actor=request.user)
