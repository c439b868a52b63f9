"""Article revisions in the admin: every save through the admin is a django-reversion revision,
and editors list, compare and restore them on pages of their own."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from reversion import create_revision, set_comment, set_user

from . import services
from .revisions import changed_field_labels, compare_versions


class ArticleRevisionsMixin:
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with create_revision():
            set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            changed = ", ".join(form.changed_data) or _("nothing")
            set_comment(_("Changed %(fields)s.") % {"fields": changed})
        else:
            set_comment(_("Created."))
        super().save_model(request, obj, form, change)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/",
                wrap(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                wrap(self.revision_compare_view),
                name="articles_article_revision_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                wrap(require_POST(self.revision_restore_view)),
                name="articles_article_revision_restore",
            ),
            *super().get_urls(),
        ]

    def _article_for(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def _revision_context(self, request, article, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Revisions of “%(article)s”") % {"article": article},
            "subtitle": None,
            "can_restore": self.has_change_permission(request, article),
            **extra,
        }

    def revisions_view(self, request, object_id):
        article = self._article_for(request, object_id)
        versions = list(services.article_versions(article))
        context = self._revision_context(request, article, versions=versions)
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def revision_compare_view(self, request, object_id):
        article = self._article_for(request, object_id)
        versions = services.article_versions(article)
        try:
            old_id, new_id = int(request.GET["old"]), int(request.GET["new"])
        except (KeyError, ValueError):
            context = self._revision_context(
                request,
                article,
                versions=list(versions),
                error=_("Choose two revisions to compare: one in each column."),
            )
            return TemplateResponse(
                request, "admin/articles/article/revisions.html", context, status=400
            )
        found = {version.pk: version for version in versions.filter(pk__in=[old_id, new_id])}
        if old_id not in found or new_id not in found:
            raise Http404(_("No such revision of this article."))
        old, new = found[old_id], found[new_id]
        if (old.revision.date_created, old.pk) > (new.revision.date_created, new.pk):
            old, new = new, old  # always read as earlier → later
        context = self._revision_context(
            request,
            article,
            title=_("Compare revisions of “%(article)s”") % {"article": article},
            old=old,
            new=new,
            rows=compare_versions(old, new),
            changed_fields=changed_field_labels(self.model, old, new),
        )
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def revision_restore_view(self, request, object_id, version_id):
        article = self._article_for(request, object_id, change=True)
        version = get_object_or_404(services.article_versions(article), pk=version_id)
        try:
            services.article_restore(actor=request.user, article=article, version=version)
        except services.WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("Restored the text of revision #%(number)s as a new revision.")
                % {"number": version.revision_id},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[article.pk]))
