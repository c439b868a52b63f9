"""Moves readers would notice ask first, naming the story and what readers will see; a reporter
may take their own submitted story back; the read-only view shows the body as readers read it.

The confirmations are the browser's own dialog (static/js/admin-confirm.js), worded here, so a
press on "publish now" or "unpublish" is never one click by accident. Delete has Django's own
confirmation page, which says the same (delete_confirmation.html).
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom import clock

from . import services


def confirmation_messages(article):
    """{move: the question asked before it} for the workflow moves readers would notice."""
    headline = article.headline
    went_out = article.went_out_at()
    if went_out is not None and not article.is_live:
        publish = _(
            "Publish “%(headline)s” again now? Readers will see it at once, under its first "
            "published time, %(when)s (it does not return to the top of the home page)."
        ) % {"headline": headline, "when": clock.dateline(went_out)}
    else:
        publish = _(
            "Publish “%(headline)s” now? Readers will see it at once on the home page, in its "
            "section, in feeds and in search."
        ) % {"headline": headline}
    archive = _(
        "Unpublish “%(headline)s”? It leaves the home page, its section, feeds and search, and "
        "readers following its address will find nothing there."
    ) % {"headline": headline}
    if not article.is_live:
        archive = _("Archive “%(headline)s”? It will not go out until it is published again.") % {
            "headline": headline
        }
    return {
        "publish": publish,
        "archive": archive,
        "backdate": _(
            "Publish “%(headline)s” now under the earlier time you gave? Readers will see it at "
            "once, dated at that time."
        )
        % {"headline": headline},
    }


class ArticleConfirmationsMixin:
    """For ArticleAdmin: the questions, withdrawing, and the read-only body."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/withdraw/",
                wrap(self.withdraw_view),
                name="articles_article_withdraw",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["workflow_confirmations"] = confirmation_messages(obj)
            if services.can_withdraw_article(request.user, obj):
                context["withdraw_url"] = reverse("admin:articles_article_withdraw", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Read-only: the body as readers read it ----------------------------------------------

    def _read_only(self, request, obj):
        return (
            obj is not None and obj.pk is not None and not self.has_change_permission(request, obj)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._read_only(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [_as_read(field) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._read_only(request, obj):
            fields.append("body_as_read")
        return fields

    @admin.display(description=gettext_lazy("body"))
    def body_as_read(self, article):
        # The body is sanitised on every save (Article.save), so it is shown as markup.
        return mark_safe(f'<div class="readonly-body">{article.body}</div>')

    # --- A reporter takes their submitted story back ------------------------------------------

    def withdraw_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if not services.can_withdraw_article(request.user, article):
            self.message_user(
                request,
                _("Only a story of your own that is in review can be withdrawn."),
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            try:
                services.article_withdraw(
                    actor=request.user,
                    article=article,
                    note=request.POST.get("note", "").strip(),
                )
            except services.WorkflowError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(article)s” is a draft again: fix it and submit it once more.")
                    % {"article": article},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Withdraw “%(article)s” from review?") % {"article": article},
            "subtitle": None,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/articles/article/withdraw.html", context)


def _as_read(field):
    if field == "body":
        return "body_as_read"
    if isinstance(field, (list, tuple)):
        return type(field)(_as_read(name) for name in field)
    return field
