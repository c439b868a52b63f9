"""The "Send to ticker" action that ArticleAdmin offers on its change list."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .services import ticker_item_send_article


@admin.action(description=_("Send to ticker"))
def send_to_ticker(modeladmin, request, queryset):
    if not request.user.has_perm("ticker.add_tickeritem"):
        modeladmin.message_user(
            request, _("You do not have permission to add ticker items."), messages.ERROR
        )
        return
    sent = 0
    for article in queryset:
        try:
            ticker_item_send_article(article=article, actor=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.WARNING)
        else:
            sent += 1
    if sent:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d story sent to the ticker.",
                "%(count)d stories sent to the ticker.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS,
        )
