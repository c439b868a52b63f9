"""Edit conflicts and presence in the article admin (the rules are in articles.editing).

A save made from an older version of the story gets a conflict page (409) instead of overwriting:
field by field, what the other person changed and what the writer changed, with keep mine /
take theirs / a text of their own. The page carries every other field the writer posted, so
nothing typed is lost. The change form and the list say who else has the story open.
"""

from django.contrib import messages
from django.contrib.admin import display
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from newsroom import clock

from . import editing, staging
from .models import Article, EditingSession

TOKEN = "_version_token"  # noqa: S105 - a form field's name, not a secret
RESOLVED = "_conflict_resolved"
CHOICE = "_conflict_choice_"
TEXT = "_conflict_text_"
# What the writer pressed, so the conflict page can say what its button will do.
NEXT_STEPS = {
    "submit": gettext_lazy("Save and submit for review"),
    "return": gettext_lazy("Save and return to the reporter"),
    "publish": gettext_lazy("Save and publish now"),
    "schedule": gettext_lazy("Save and schedule"),
    "archive": gettext_lazy("Save and unpublish / archive"),
}


def _presence(session):
    return {
        "name": editing.display_name(session.user),
        "since": clock.dateline(session.started_at),
        "since_iso": clock.iso_local(session.started_at),
    }


class ArticleEditingMixin:
    """For ArticleAdmin, before the revisions mixin (a conflict page is not a revision)."""

    # --- Addresses ---------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/editing/heartbeat/",
                wrap(require_POST(self.editing_heartbeat_view)),
                name="articles_article_editing_heartbeat",
            ),
            path(
                "<path:object_id>/editing/leave/",
                wrap(require_POST(self.editing_leave_view)),
                name="articles_article_editing_leave",
            ),
            path(
                "<path:object_id>/editing/take-over/",
                wrap(self.editing_take_over_view),
                name="articles_article_editing_take_over",
            ),
            *super().get_urls(),
        ]

    def _editable_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    # --- The list: who is editing what -------------------------------------------------------

    def get_queryset(self, request):
        live = EditingSession.objects.filter(
            article=OuterRef("pk"),
            last_seen_at__gte=editing._active_since(),
            taken_over_by=None,
        ).order_by("started_at", "id")
        return (
            super()
            .get_queryset(request)
            .annotate(
                editing_username=Subquery(live.values("user__username")[:1]),
                editing_full_name=Subquery(live.values("user__first_name")[:1]),
                editing_last_name=Subquery(live.values("user__last_name")[:1]),
                editing_since=Subquery(live.values("started_at")[:1]),
            )
        )

    @display(description=gettext_lazy("being edited"))
    def editing_now(self, article):
        username = getattr(article, "editing_username", None)
        if not username:
            return "—"
        name = " ".join(
            part for part in (article.editing_full_name, article.editing_last_name) if part
        )
        return _("by %(name)s since %(time)s") % {
            "name": name or username,
            "time": clock.dateline(article.editing_since),
        }

    # --- The change form ----------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            may_edit = self.has_change_permission(request, obj)
            if may_edit and request.method == "GET":
                editing.editing_open(article=obj, actor=request.user)
            context["version_token"] = request.POST.get(TOKEN) or editing.version_token(obj)
            context["editing_others"] = [
                _presence(session) for session in editing.others_editing(obj, request.user)
            ]
            context["editing_live"] = may_edit
            context["editing_heartbeat_seconds"] = editing.HEARTBEAT_SECONDS
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        editing.editing_close(article=obj, actor=request.user)
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            # The check and the save happen on the locked row: two saves cannot both pass it.
            try:
                article = Article.objects.select_for_update().get(pk=unquote(object_id))
            except (Article.DoesNotExist, ValueError, TypeError):
                article = None
            else:
                # A story with a pending update is edited as the update (articles.staging).
                article = staging.working_copy(article)
            if article is None or not self.has_change_permission(request, article):
                return super().changeform_view(request, object_id, form_url, extra_context)
            if RESOLVED in request.POST:
                request.POST = self._resolved_post(request, article)
            token = request.POST.get(TOKEN)
            if editing.is_stale(article, token):
                response = self._conflict_response(request, article, token)
                if response is not None:
                    return response
            return super().changeform_view(request, object_id, form_url, extra_context)

    # --- Conflicts ------------------------------------------------------------------------------

    def _conflict_response(self, request, article, token):
        form_class = self.get_form(request, article, change=True)
        form = form_class(request.POST, request.FILES, instance=article)
        rows, kept, opened_at = editing.conflicts(form=form, article=article, token=token)
        if not rows:
            # Others saved, but nothing the writer's form would overwrite: save as usual.
            return None
        carried = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken" and name != TOKEN and not name.startswith("_conflict")
            for value in values
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Someone else saved “%(article)s” while you were editing")
            % {"article": article},
            "subtitle": None,
            "rows": rows,
            "kept": kept,
            "carried": carried,
            "version_token": editing.version_token(article),
            "saved_since": editing.saved_since(article, opened_at),
            "base_known": opened_at is not None,
            "next_step": self._next_step(request),
            "choice_labels": editing.CHOICE_LABELS,
            "has_view_permission": True,
        }
        return TemplateResponse(
            request, "admin/articles/article/edit_conflict.html", context, status=409
        )

    def _next_step(self, request):
        move = request.POST.get("_workflow")
        if move:
            return NEXT_STEPS.get(move, _("Save"))
        if "_continue" in request.POST:
            return _("Save and continue editing")
        return _("Save")

    def _resolved_post(self, request, article):
        data = request.POST.copy()
        for key in list(data.keys()):
            if not key.startswith(CHOICE):
                continue
            name = key.removeprefix(CHOICE)
            if name not in editing.COMPARED_FIELDS:
                continue
            choice = data.get(key)
            if choice == "theirs":
                data.setlist(name, editing.post_value_of_saved(article, name, None))
            elif choice == "edited" and name in editing.EDITABLE_AS_TEXT:
                data.setlist(name, [data.get(f"{TEXT}{name}", "")])
        for key in list(data.keys()):
            if key.startswith("_conflict"):
                del data[key]
        data._mutable = False
        return data

    # --- Presence endpoints ---------------------------------------------------------------------

    def editing_heartbeat_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        beat = editing.editing_heartbeat(article=article, actor=request.user)
        taken = None
        if beat.taken_over_by is not None:
            taken = {
                "name": editing.display_name(beat.taken_over_by),
                "at": clock.dateline(beat.taken_over_at),
                "message": _(
                    "%(name)s took over this story at %(time)s. Your changes are not saved: if "
                    "you save now, you will first see what they changed."
                )
                % {
                    "name": editing.display_name(beat.taken_over_by),
                    "time": clock.dateline(beat.taken_over_at),
                },
            }
        others = [_presence(session) for session in beat.others]
        return JsonResponse(
            {
                "others": others,
                "notice": _presence_notice(others),
                "taken_over": taken,
                "token": editing.version_token(article),
            },
            headers={"Cache-Control": "no-store"},
        )

    def editing_leave_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        editing.editing_close(article=article, actor=request.user)
        return HttpResponse(status=204)

    def editing_take_over_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if request.method == "POST":
            others = editing.editing_take_over(article=article, actor=request.user)
            if others:
                self.message_user(
                    request,
                    _("You have taken over “%(article)s”. %(names)s will be told.")
                    % {
                        "article": article,
                        "names": ", ".join(editing.display_name(s.user) for s in others),
                    },
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        others = [_presence(session) for session in editing.others_editing(article, request.user)]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Take over “%(article)s”?") % {"article": article},
            "subtitle": None,
            "others": others,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/articles/article/take_over.html", context)


def _presence_notice(others):
    if not others:
        return ""
    return "; ".join(
        _("Being edited by %(name)s since %(time)s")
        % {"name": other["name"], "time": other["since"]}
        for other in others
    )
