"""Staged updates in the article admin (the rules are in articles.staging).

A save of a live story from the change form becomes its pending update, unless the editor chose
"Publish changes now". The form of a story with a pending update shows the update (so whoever
opens it next continues it), says so at the top, and links to the update's page: what it
changes, a preview at the story's address, publish now, schedule, discard.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from newsroom import clock

from . import services, staging
from .admin_workflow import _parse_local_time
from .models import Article, PendingUpdate

PUBLISH_CHANGES = "_publish_changes"


def preview_url(article):
    return f"{article.get_absolute_url()}?update=pending"


class PendingUpdateFilter(admin.SimpleListFilter):
    title = gettext_lazy("pending update")
    parameter_name = "update"

    def lookups(self, request, model_admin):
        return [
            ("pending", gettext_lazy("Has a pending update")),
            ("scheduled", gettext_lazy("Update scheduled")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(pending_update__isnull=False)
        if self.value() == "scheduled":
            return queryset.filter(pending_update__go_live_at__isnull=False)
        return queryset


class ArticleStagingMixin:
    """For ArticleAdmin, after the editing and autosave mixins and before the revisions one."""

    # --- The list: which live stories have an update waiting -----------------------------------

    def get_queryset(self, request):
        pending = PendingUpdate.objects.filter(article=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(pending_update_at=Subquery(pending.values("updated_at")[:1]))
            .annotate(pending_update_go_live_at=Subquery(pending.values("go_live_at")[:1]))
        )

    def workflow_state(self, article):
        label = super().workflow_state(article)
        if getattr(article, "pending_update_at", None) is None:
            return label
        go_live_at = getattr(article, "pending_update_go_live_at", None)
        if go_live_at is not None:
            return _("%(label)s · update scheduled for %(when)s %(zone)s") % {
                "label": label,
                "when": clock.dateline(go_live_at),
                "zone": clock.zone_name(go_live_at),
            }
        return _("%(label)s · update pending") % {"label": label}

    workflow_state.short_description = gettext_lazy("workflow")
    workflow_state.admin_order_field = "status"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/update/",
                wrap(self.pending_update_view),
                name="articles_article_pending_update",
            ),
            *super().get_urls(),
        ]

    # --- The change form works on the story with its update laid over it -----------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            request.article_working_copy = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or getattr(obj, "pending_update_row", None) is None:
            return form_class
        tags = staging.staged_tags(obj)

        class PendingUpdateForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                if "tags" in self.fields:
                    # Unsaved tags: the widget and has_changed() read only their names.
                    self.initial["tags"] = [Tag(name=name) for name in tags]

        return PendingUpdateForm

    def _stages(self, request, obj):
        if PUBLISH_CHANGES in request.POST and services.is_desk(request.user):
            return False
        if "_workflow" in request.POST:
            # A move saves the form to the story first (archive, kill, backdate).
            return False
        return Article.objects.published().filter(pk=obj.pk).exists()

    def save_model(self, request, obj, form, change):
        if change and self._stages(request, obj):
            cleaned = form.cleaned_data
            authors = cleaned["authors"] if "authors" in cleaned else obj.authors.all()
            tags = cleaned["tags"] if "tags" in cleaned else staging.staged_tags(obj)
            staging.update_stage(
                actor=request.user,
                article=obj,
                values=staging.values_of(obj, authors=authors, tags=tags),
            )
            request.article_update_staged = True
            return
        super().save_model(request, obj, form, change)
        if change and getattr(obj, "pending_update_row", None) is not None:
            staging.update_retire(actor=request.user, article=obj)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "article_update_staged", False):
            # The byline and tags wait in the update; pictures and corrections are rows of their
            # own and are saved as sent (a correction is published when it is made).
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)

    def response_change(self, request, obj):
        if not getattr(request, "article_update_staged", False):
            return super().response_change(request, obj)
        self.message_user(
            request,
            _(
                "Your changes to “%(article)s” are kept as a pending update: readers still see "
                "the published version. Preview it, then publish, schedule or discard it."
            )
            % {"article": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            live = Article.objects.published().filter(pk=obj.pk).exists()
            context["stages_edits"] = live
            context["may_publish_changes"] = live and services.is_desk(request.user)
            context["publish_changes_question"] = _(
                "Publish your changes to “%(headline)s” now? Readers, feeds and wire clients get "
                "them at once."
            ) % {"headline": obj.headline}
            pending = getattr(obj, "pending_update_row", None)
            if pending is not None:
                context["pending_update"] = {
                    "row": pending,
                    "by": pending.updated_by,
                    "at": clock.dateline(pending.updated_at),
                    "go_live_at": pending.go_live_at,
                    "changed": staging.changed_fields(Article.objects.get(pk=obj.pk), pending),
                    "preview_url": preview_url(obj),
                    "manage_url": reverse("admin:articles_article_pending_update", args=[obj.pk]),
                }
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- The update's page: what it changes; publish, schedule, discard ------------------------

    def pending_update_view(self, request, object_id):
        article = (
            Article.objects.filter(pk=unquote(object_id)).first() if object_id.isdigit() else None
        )
        if article is None:
            raise Http404(_("No such article."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        pending = staging.pending_for(article)
        if request.method == "POST":
            try:
                done = self._act_on_update(request, article)
            except services.WorkflowError as error:
                self.message_user(request, error.message, messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(request, done, messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        if pending is None:
            self.message_user(
                request, _("“%(article)s” has no pending update.") % {"article": article}
            )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Pending update to “%(article)s”") % {"article": article},
            "subtitle": None,
            "pending": pending,
            "changes": staging.changes_for_reading(article, pending),
            "preview_url": preview_url(article),
            "change_url": change_url,
            "is_desk": services.is_desk(request.user),
            "publish_question": _(
                "Publish the update to “%(headline)s” now? Readers, feeds and wire clients get "
                "it at once."
            )
            % {"headline": article.headline},
            "discard_question": _(
                "Discard the update to “%(headline)s”? The changes are lost; the published story "
                "stays as it is."
            )
            % {"headline": article.headline},
        }
        return TemplateResponse(request, "admin/articles/article/pending_update.html", context)

    def _act_on_update(self, request, article):
        """Publish, schedule or discard the update; the message saying what happened."""
        action = request.POST.get("action", "")
        if action == "publish":
            staging.update_publish(actor=request.user, article=article)
            return _("The update to “%(article)s” is published: readers see it now.") % {
                "article": article
            }
        if action == "schedule":
            when = _parse_local_time(request.POST.get("go_live_at", ""))
            scheduled = staging.update_schedule(
                actor=request.user, article=article, go_live_at=when
            )
            return _("The update to “%(article)s” goes live at %(when)s %(zone)s.") % {
                "article": article,
                "when": clock.dateline(scheduled.go_live_at),
                "zone": clock.zone_name(scheduled.go_live_at),
            }
        if action == "discard":
            staging.update_discard(
                actor=request.user, article=article, note=request.POST.get("note", "")
            )
            return _("The update to “%(article)s” was discarded; the story is as published.") % {
                "article": article
            }
        raise services.WorkflowError(_("Unknown action."))
