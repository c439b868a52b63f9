from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin_choices import SafeChoicesAdminMixin

from .models import Comment
from .services import comments_delete, comments_moderate


@admin.register(Comment)
class CommentAdmin(SafeChoicesAdminMixin, admin.ModelAdmin):
    list_display = ["excerpt", "name", "email", "article", "status", "created_at"]
    list_filter = [
        "status",
        ("article__section", admin.RelatedOnlyFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body"]
    date_hierarchy = "created_at"
    actions = ["approve", "reject", "mark_spam"]
    # Status changes go through the moderation actions (and so the services), never a bare edit.
    readonly_fields = [
        "article",
        "name",
        "email",
        "body",
        "status",
        "created_at",
        "ip_address",
        "user_agent",
        "moderated_by",
        "moderated_at",
    ]
    fieldsets = [
        (None, {"fields": ["article", "name", "email", "body", "created_at"]}),
        (_("Moderation"), {"fields": ["status", "moderated_by", "moderated_at"]}),
        (_("Spam handling"), {"fields": ["ip_address", "user_agent"]}),
    ]

    def has_add_permission(self, request):
        return False  # Readers write comments; staff moderate them.

    def delete_model(self, request, obj):
        comments_delete(comments=[obj], actor=request.user)

    def delete_queryset(self, request, queryset):
        comments_delete(comments=list(queryset), actor=request.user)

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    def _moderate(self, request, queryset, action, done):
        changed = comments_moderate(comments=queryset, action=action, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d comment %(done)s.", "%(count)d comments %(done)s.", changed)
            % {"count": changed, "done": done},
            messages.SUCCESS if changed else messages.INFO,
        )

    @admin.action(description=_("Approve the selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, "approve", _("approved"))

    @admin.action(description=_("Reject the selected comments"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, "reject", _("rejected"))

    @admin.action(description=_("Mark the selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, "spam", _("marked as spam"))
