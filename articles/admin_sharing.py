"""Preview links in the admin: the desk lists a story's links, makes one and revokes one, on a
page of its own (articles.sharing does the work and keeps the record)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import services, sharing


class ArticleSharingMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/share/",
                wrap(self.share_links_view),
                name="articles_article_share",
            ),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                wrap(require_POST(self.share_link_revoke_view)),
                name="articles_article_share_revoke",
            ),
            *super().get_urls(),
        ]

    def _shared_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        if not (self.has_view_permission(request, article) and services.is_desk(request.user)):
            raise PermissionDenied
        return article

    def share_links_view(self, request, object_id):
        article = self._shared_article(request, object_id)
        error, status = "", 200
        if request.method == "POST":
            try:
                hours = int(request.POST.get("hours") or sharing.DEFAULT_HOURS)
                link = sharing.share_link_create(
                    actor=request.user, article=article, hours=hours, note=request.POST.get("note")
                )
            except ValueError:
                error, status = _("Give the number of hours the link should last."), 400
            except services.WorkflowError as refusal:
                error, status = refusal.message, 400
            else:
                self.message_user(
                    request,
                    _("Preview link made. Copy it from the list below."),
                    messages.SUCCESS,
                )
                url = reverse("admin:articles_article_share", args=[article.pk])
                return HttpResponseRedirect(f"{url}#share-link-{link.pk}")
        links = [
            {"link": link, "url": sharing.share_link_url(link), "usable": link.is_usable()}
            for link in article.share_links.select_related("created_by")
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Preview links to “%(article)s”") % {"article": article},
            "subtitle": None,
            "links": links,
            "error": error,
            "default_hours": sharing.DEFAULT_HOURS,
            "max_hours": sharing.MAX_HOURS,
            "is_live": article.is_live,
        }
        return TemplateResponse(
            request, "admin/articles/article/share.html", context, status=status
        )

    def share_link_revoke_view(self, request, object_id, link_id):
        article = self._shared_article(request, object_id)
        link = get_object_or_404(article.share_links, pk=link_id)
        sharing.share_link_revoke(actor=request.user, link=link)
        self.message_user(
            request, _("The link is revoked: it opens nothing any more."), messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:articles_article_share", args=[article.pk]))
