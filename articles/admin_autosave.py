"""Autosave in the article admin (the rules are in articles.autosave): the endpoint the change
form's script sends to, the offer to restore on reopening, and discarding it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from newsroom import clock

from . import autosave

RESTORE_PARAMETER = "restore"


class ArticleAutosaveMixin:
    """For ArticleAdmin, with ArticleEditingMixin (whose `_editable_article` it uses)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            # Before the story exists (the add form); ahead of "<object_id>/autosave/".
            path(
                "add/autosave/",
                wrap(require_POST(self.autosave_add_view)),
                name="articles_article_autosave_add",
            ),
            path(
                "add/autosave/discard/",
                wrap(self.autosave_add_discard_view),
                name="articles_article_autosave_add_discard",
            ),
            path(
                "<path:object_id>/autosave/",
                wrap(require_POST(self.autosave_view)),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/autosave/discard/",
                wrap(self.autosave_discard_view),
                name="articles_article_autosave_discard",
            ),
            *super().get_urls(),
        ]

    def _restoring(self, request, obj):
        if request.method != "GET" or request.GET.get(RESTORE_PARAMETER) != "autosave":
            return None
        if obj is None or obj.pk is None:
            # The add form: the writer's new story that was never saved.
            if not self.has_add_permission(request):
                return None
            return autosave.autosave_to_offer(None, request.user)
        if not self.has_change_permission(request, obj):
            return None
        return autosave.autosave_to_offer(obj, request.user)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop(RESTORE_PARAMETER, None)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        restored = self._restoring(request, obj)
        if restored is None:
            return form_class
        values = {
            name: value for name, value in restored.values.items() if name in form_class.base_fields
        }

        class RestoredForm(form_class):
            def __init__(self, *args, **form_kwargs):
                form_kwargs["initial"] = {**values, **(form_kwargs.get("initial") or {})}
                super().__init__(*args, **form_kwargs)

        return RestoredForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is None or obj.pk is None:
            if self.has_add_permission(request):
                response.context_data.update(self._add_form_autosave(request))
            return response
        if not self.has_change_permission(request, obj):
            return response
        change_url = reverse("admin:articles_article_change", args=[obj.pk])
        extra = {
            "autosave_url": reverse("admin:articles_article_autosave", args=[obj.pk]),
            "autosave_seconds": autosave.AUTOSAVE_SECONDS,
        }
        restored = self._restoring(request, obj)
        if restored is not None:
            # Saved over newer changes, the restored text meets the conflict page.
            if restored.version_token:
                extra["version_token"] = restored.version_token
            extra["autosave_restored"] = restored
        elif request.method == "GET" and (offer := autosave.autosave_to_offer(obj, request.user)):
            extra["autosave_offer"] = {
                "saved_at": offer.saved_at,
                "changed": offer.changed,
                "restore_url": f"{change_url}?{RESTORE_PARAMETER}=autosave",
                "discard_url": reverse("admin:articles_article_autosave_discard", args=[obj.pk]),
            }
        response.context_data.update(extra)
        return response

    def response_change(self, request, obj):
        autosave.autosave_discard(article=obj, actor=request.user)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        # The new story is saved: its unsaved copy from the add form has done its work.
        autosave.autosave_discard(article=None, actor=request.user)
        return super().response_add(request, obj, post_url_continue)

    def _add_form_autosave(self, request):
        add_url = reverse("admin:articles_article_add")
        extra = {
            "autosave_url": reverse("admin:articles_article_autosave_add"),
            "autosave_seconds": autosave.AUTOSAVE_SECONDS,
        }
        restored = self._restoring(request, None)
        if restored is not None:
            extra["autosave_restored"] = restored
        elif request.method == "GET" and (offer := autosave.autosave_to_offer(None, request.user)):
            extra["autosave_offer"] = {
                "saved_at": offer.saved_at,
                "changed": offer.changed,
                "restore_url": f"{add_url}?{RESTORE_PARAMETER}=autosave",
                "discard_url": reverse("admin:articles_article_autosave_add_discard"),
            }
        return extra

    def autosave_add_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self._store(request, None)

    def autosave_add_discard_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self._discard(request, None, reverse("admin:articles_article_add"))

    def autosave_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        return self._store(request, article)

    def _store(self, request, article):
        try:
            kept = autosave.autosave_store(
                article=article,
                actor=request.user,
                values=request.POST,
                version_token=request.POST.get("_version_token", ""),
            )
        except ValidationError as error:
            return JsonResponse({"message": " ".join(error.messages)}, status=400)
        return JsonResponse(
            {
                "message": _("Unsaved changes kept at %(time)s (only you see them).")
                % {"time": clock.dateline(kept.saved_at)},
                "saved_at": clock.iso_local(kept.saved_at),
            },
            headers={"Cache-Control": "no-store"},
        )

    def autosave_discard_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        return self._discard(
            request, article, reverse("admin:articles_article_change", args=[article.pk])
        )

    def _discard(self, request, article, change_url):
        if request.method == "POST":
            autosave.autosave_discard(article=article, actor=request.user)
            self.message_user(request, _("Your unsaved changes were discarded."), messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        kept = autosave.autosave_to_offer(article, request.user)
        if kept is None:
            return HttpResponseRedirect(change_url)
        title = (
            _("Discard your unsaved changes to “%(article)s”?") % {"article": article}
            if article is not None
            else _("Discard the new story you did not save?")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": title,
            "subtitle": None,
            "autosave": kept,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/articles/article/autosave_discard.html", context)
