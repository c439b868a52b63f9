"""The article workflow in the admin: the state column and filter, the audit log on the change
form, the workflow buttons and the bulk moves. Every move calls articles.services, which checks
who may do what and records it; this mixin only reads the request and reports the outcome."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom import clock
from newsroom.models import AuditEntry
from newsroom.services import audit_entries_for
from newsroom.undo import offer_undo

from . import services
from .models import Article

WORKFLOW_ACTIONS = {
    services.SUBMITTED,
    services.RETURNED_ACTION,
    services.PUBLISHED_ACTION,
    services.SCHEDULED_ACTION,
    services.ARCHIVED_ACTION,
    services.KILLED_ACTION,
    services.BACKDATED_ACTION,
    services.WITHDRAWN_ACTION,
}


class WorkflowStateFilter(admin.SimpleListFilter):
    title = _("workflow")
    parameter_name = "workflow"

    def lookups(self, request, model_admin):
        return [
            (services.RETURNED, services.state_label(services.RETURNED)),
            (services.SCHEDULED, services.state_label(services.SCHEDULED)),
        ]

    def queryset(self, request, queryset):
        if self.value() == services.RETURNED:
            return queryset.filter(status=Article.Status.DRAFT, last_workflow_action="returned")
        if self.value() == services.SCHEDULED:
            return queryset.scheduled()
        return queryset


def with_last_workflow_action(queryset):
    """Each article with `last_workflow_action`: what its latest workflow move was."""
    last_action = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=OuterRef("pk"),
        action__in=WORKFLOW_ACTIONS,
    ).order_by("-created_at", "-id")
    return queryset.annotate(last_workflow_action=Subquery(last_action.values("action")[:1]))


class ArticleWorkflowMixin:
    """For ArticleAdmin: `get_queryset` must go through with_last_workflow_action()."""

    def has_publish_permission(self, request):
        return services.is_desk(request.user)

    @admin.display(description=_("workflow"), ordering="status")
    def workflow_state(self, article):
        if article.pk is None:
            return services.state_label(services.DRAFT)
        state = services.article_state(article)
        last_action = getattr(article, "last_workflow_action", None)
        if state == services.DRAFT and last_action == services.RETURNED_ACTION:
            state = services.RETURNED
        label = services.state_label(state)
        if article.killed_at:
            return _("Killed · %(when)s") % {"when": clock.dateline(article.killed_at)}
        if article.is_embargoed:
            when = article.embargo_until
            return _("%(label)s · embargoed until %(when)s %(zone)s") % {
                "label": label,
                "when": clock.dateline(when),
                "zone": clock.zone_name(when),
            }
        if state == services.SCHEDULED:
            when = article.publish_at
            return f"{label} · {clock.dateline(when)} {clock.zone_name(when)}"
        return label

    @admin.display(description=_("audit log"))
    def workflow_history(self, article):
        if article.pk is None:
            return _("Nothing yet: the record starts when the article is first saved.")
        entries = [
            {"entry": entry, "state_change": _state_change(entry)}
            for entry in audit_entries_for(article)[:50]
        ]
        if not entries:
            return _("No workflow moves yet.")
        return render_to_string(
            "admin/articles/article/_workflow_history.html",
            {"rows": entries, "zone": clock.zone_name(clock.local())},
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["workflow_moves"] = services.available_moves(request.user, obj)
            context["return_note"] = self._return_note(obj)
            if context["return_note"] is not None:
                obj.last_workflow_action = services.RETURNED_ACTION
            context["workflow_state"] = self.workflow_state(obj)
            context["workflow_needs_time"] = any(
                move in ("schedule", "backdate") for move, _label in context["workflow_moves"]
            )
        elif self.has_add_permission(request):
            context["workflow_moves"] = [("submit", _("Save and submit for review"))]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_workflow" in request.POST:
            return self._run_workflow(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_workflow" in request.POST:
            return self._run_workflow(request, obj)
        return super().response_change(request, obj)

    def _run_workflow(self, request, obj):
        move = request.POST.get("_workflow", "")
        note = request.POST.get("_workflow_note", "").strip()
        change_url = reverse("admin:articles_article_change", args=[obj.pk])
        obj.refresh_from_db()
        before = (services.article_state(obj), obj.publish_at)
        try:
            if move == "submit":
                services.article_submit(actor=request.user, article=obj, note=note)
            elif move == "return":
                services.article_return(actor=request.user, article=obj, note=note)
            elif move == "publish":
                services.article_publish(actor=request.user, article=obj, note=note)
            elif move == "schedule":
                publish_at = _parse_local_time(request.POST.get("_workflow_publish_at", ""))
                services.article_schedule(
                    actor=request.user, article=obj, publish_at=publish_at, note=note
                )
            elif move == "backdate":
                publish_at = _parse_local_time(request.POST.get("_workflow_publish_at", ""))
                services.article_backdate(
                    actor=request.user, article=obj, publish_at=publish_at, note=note
                )
            elif move == "archive":
                services.article_archive(actor=request.user, article=obj, note=note)
            elif move == "kill":
                services.article_kill(actor=request.user, article=obj, note=note)
            else:
                raise services.WorkflowError(_("Unknown workflow action."))
        except services.WorkflowError as error:
            self.message_user(
                request,
                _("Your changes were saved, but: %(reason)s") % {"reason": error.message},
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        obj.refresh_from_db()
        done = _("“%(article)s” is now: %(state)s.") % {
            "article": obj,
            "state": self.workflow_state(obj),
        }
        if move == "archive" and before[0] in (services.PUBLISHED, services.SCHEDULED):
            # Cheap to take back: the message carries an Undo button for a few minutes.
            offer_undo(
                request,
                done,
                kind=services.UNDO_ARCHIVE,
                data=services.undo_data_for_archive(
                    article=obj, from_state=before[0], publish_at=before[1]
                ),
                next_url=change_url,
            )
        else:
            self.message_user(request, done, messages.SUCCESS)
        if self.has_change_permission(request, obj):
            return HttpResponseRedirect(change_url)
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    @staticmethod
    def _return_note(obj):
        if obj.status != Article.Status.DRAFT:
            return None
        latest = (
            audit_entries_for(obj).filter(action__in=WORKFLOW_ACTIONS).only("action", "note")
        ).first()
        if latest is not None and latest.action == services.RETURNED_ACTION:
            return latest
        return None

    def _bulk(self, request, queryset, move, done_message):
        """Make `move` on each article; say how many moved (unless `done_message` is None, when
        the caller says it) and why the others did not. Returns the articles moved."""
        moved, problems = [], []
        for article in queryset:
            try:
                move(actor=request.user, article=article)
                moved.append(article)
            except services.WorkflowError as error:
                problems.append(f"“{article}”: {error.message}")
        if moved and done_message is not None:
            self.message_user(request, done_message % {"count": len(moved)}, messages.SUCCESS)
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)
        return moved

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_submit, _("%(count)d submitted for review."))

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        if request.POST.get("post") != "yes":
            return self._confirm_bulk(
                request,
                queryset,
                action="publish_selected",
                title=_("Publish these articles now?"),
                question=_(
                    "Readers will see them at once on the home page, in their sections, in feeds "
                    "and in search (a story that went out before returns under its first time)."
                ),
                button=_("Yes, publish them now"),
            )
        self._bulk(request, queryset, services.article_publish, _("%(count)d published."))

    @admin.action(
        description=_("Unpublish / archive selected articles"),
        permissions=["publish"],
    )
    def archive_selected(self, request, queryset):
        if request.POST.get("post") != "yes":
            return self._confirm_bulk(
                request,
                queryset,
                action="archive_selected",
                title=_("Unpublish / archive these articles?"),
                question=_(
                    "Live ones leave the home page, their sections, feeds and search, and readers "
                    "following their addresses will find nothing there."
                ),
                button=_("Yes, unpublish / archive them"),
            )
        articles = list(queryset)
        before = {
            article.pk: (services.article_state(article), article.publish_at)
            for article in articles
        }
        moved = self._bulk(request, articles, services.article_archive, None)
        undoable = [
            services.undo_data_for_archive(
                article=article, from_state=before[article.pk][0], publish_at=before[article.pk][1]
            )
            for article in moved
            if before[article.pk][0] in (services.PUBLISHED, services.SCHEDULED)
        ]
        if not moved:
            return
        done = _("%(count)d archived.") % {"count": len(moved)}
        if undoable:
            # Cheap to take back, as one unpublish is: one Undo for the lot.
            offer_undo(
                request,
                done,
                kind=services.UNDO_ARCHIVE_MANY,
                data={"stories": undoable},
                next_url=request.get_full_path(),
            )
        else:
            self.message_user(request, done, messages.SUCCESS)

    def _confirm_bulk(self, request, queryset, *, action, title, question, button):
        """The page a bulk move asks on first: how many, which (by headline, with their state),
        and what readers will see; only its button sends the move (post=yes)."""
        articles = list(queryset.select_related(None).order_by("headline"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": None,
            "question": question,
            "button": button,
            "action": action,
            "rows": [(article, self.workflow_state(article)) for article in articles],
            "count": len(articles),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": reverse("admin:articles_article_changelist"),
        }
        return TemplateResponse(request, "admin/articles/article/bulk_confirm.html", context)


def _state_change(entry):
    if not (entry.from_state or entry.to_state):
        return ""
    if not entry.to_state:
        return str(services.state_label(entry.from_state))
    return f"{services.state_label(entry.from_state)} → {services.state_label(entry.to_state)}"


def _parse_local_time(value):
    """A datetime-local value ('2026-02-04T18:30'), read in the site's zone."""
    try:
        return clock.parse_local(value)
    except ValueError:
        raise services.WorkflowError(
            _("Give the date and time to publish at, for example 2026-02-04 18:30.")
        ) from None
