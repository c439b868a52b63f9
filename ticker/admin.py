from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import ArticleAdmin
from articles.models import Article
from newsroom.admin_choices import SafeChoicesAdminMixin
from newsroom.models import SiteSettings
from newsroom.services import audit_changed_fields_note
from newsroom.spelling import SpellCheckedAdminMixin

from .forms import TickerQuickAddForm
from .models import TickerItem
from .services import (
    ticker_item_expire,
    ticker_item_save,
    ticker_item_send_article,
    ticker_items_delete,
)


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("live", _("Live now")), ("upcoming", _("Upcoming")), ("ended", _("Ended"))]

    def queryset(self, request, queryset):
        if self.value() in {"upcoming", "live", "ended"}:
            return getattr(queryset, self.value())(timezone.now())
        return queryset


@admin.register(TickerItem)
class TickerItemAdmin(SpellCheckedAdminMixin, SafeChoicesAdminMixin, admin.ModelAdmin):
    list_display = ["text", "urgency", "pinned", "live_now", "starts_at", "ends_at", "created_by"]
    list_filter = [StateFilter, "language", "urgency", "pinned"]
    list_select_related = ["created_by"]
    search_fields = ["text"]
    autocomplete_fields = ["article"]
    radio_fields = {"urgency": admin.HORIZONTAL}
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]
    actions = ["expire_now"]
    fieldsets = [
        (None, {"fields": ["text", "language", "article", "url", "urgency", "pinned"]}),
        (_("When"), {"fields": ["starts_at", "ends_at"]}),
        (
            _("Record"),
            {
                "fields": ["created_by", "created_at", "updated_by", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        hours = SiteSettings.current().ticker_default_hours
        description = ngettext(
            "Goes on the strip at once and comes off by itself after %(hours)d hour. "
            "Change the times or pin it afterwards if you need to.",
            "Goes on the strip at once and comes off by itself after %(hours)d hours. "
            "Change the times or pin it afterwards if you need to.",
            hours,
        ) % {"hours": hours}
        return [
            (None, {"fields": ["text", "article", "url", "urgency"], "description": description})
        ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TickerQuickAddForm
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("live now"), boolean=True)
    def live_now(self, item):
        return item.is_live()

    def save_model(self, request, obj, form, change):
        ticker_item_save(
            item=obj, actor=request.user, note=audit_changed_fields_note(form) if change else ""
        )

    def delete_model(self, request, obj):
        ticker_items_delete(items=[obj], actor=request.user)

    def delete_queryset(self, request, queryset):
        ticker_items_delete(items=list(queryset), actor=request.user)

    @admin.action(description=_("Expire now (take off the strip)"), permissions=["change"])
    def expire_now(self, request, queryset):
        now = timezone.now()
        expired = 0
        for item in queryset:
            if ticker_item_expire(item=item, actor=request.user, now=now):
                self.log_change(request, item, [{"changed": {"fields": ["ends at"]}}])
                expired += 1
        skipped = queryset.count() - expired
        if expired:
            self.message_user(
                request,
                ngettext(
                    "%(count)d item taken off the ticker.",
                    "%(count)d items taken off the ticker.",
                    expired,
                )
                % {"count": expired},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d item had already ended.",
                    "%(count)d items had already ended.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


class ArticleAdminWithTicker(ArticleAdmin):
    """The article admin with "Send to ticker" on its change list.

    The ticker extends the article admin, never the other way round: articles knows nothing of
    the ticker, and without this app the article admin simply has no such action.
    """

    actions = [*ArticleAdmin.actions, "send_to_ticker"]

    def has_ticker_permission(self, request):
        return request.user.has_perm("ticker.add_tickeritem")

    @admin.action(description=_("Send to ticker"), permissions=["ticker"])
    def send_to_ticker(self, request, queryset):
        sent = 0
        for article in queryset:
            try:
                ticker_item_send_article(article=article, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d story sent to the ticker.",
                    "%(count)d stories sent to the ticker.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )


admin.site.unregister(Article)
admin.site.register(Article, ArticleAdminWithTicker)
