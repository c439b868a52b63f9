from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from reversion import create_revision, set_comment, set_user

from newsroom import clock
from newsroom.models import AuditEntry
from newsroom.services import audit_entries_for

from . import services
from .models import Article, ArticleImage, Author, Section
from .pictures import new_body_image_problems
from .revisions import compare_versions


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "show_in_navigation"]
    list_editable = ["position", "show_in_navigation"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "handle", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "handle"]
    autocomplete_fields = ["user"]


class ArticleImageFormSet(forms.BaseInlineFormSet):
    """Refuses to publish with a newly placed body image that lacks alt text or a credit.

    Body images already saved are checked by Article.clean() (articles.pictures), with the lead.
    """

    def clean(self):
        super().clean()
        article = self.instance
        if article.status != article.Status.PUBLISHED:
            return
        if problems := new_body_image_problems(self.forms):
            raise forms.ValidationError(problems)


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    formset = ArticleImageFormSet
    autocomplete_fields = ["image"]
    fields = ["image", "caption", "after_paragraph"]
    extra = 0
    verbose_name = _("image in the body")
    verbose_name_plural = _(
        "Images in the body (pick from the library, or “+” to upload one; each shows after the "
        "paragraph you give)"
    )


WORKFLOW_ACTIONS = {
    services.SUBMITTED,
    services.RETURNED_ACTION,
    services.PUBLISHED_ACTION,
    services.SCHEDULED_ACTION,
    services.ARCHIVED_ACTION,
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "workflow_state", "publish_at", "bylines", "updated_at"]
    list_filter = [
        "status",
        WorkflowStateFilter,
        "section",
        "authors",
        ("publish_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug", "authors__name", "authors__handle"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "authors", "lead_image"]
    inlines = [ArticleImageInline]
    actions = ["submit_selected", "publish_selected", "archive_selected"]
    # State and time change only through the workflow buttons, which check who may do what and
    # leave an audit entry; the plain form cannot set them.
    readonly_fields = [
        "workflow_state",
        "status",
        "publish_at",
        "workflow_history",
        "revised_at",
        "corrected_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_caption"]}),
        (_("Placement"), {"fields": ["section", "authors", "tags", "dateline_place"]}),
        (_("Workflow"), {"fields": ["workflow_state", "publish_at", "workflow_history"]}),
        (_("Corrections"), {"fields": ["correction", "corrected_at", "revised_at"]}),
        (_("Reader features"), {"fields": ["show_donation_appeal", "comments_enabled"]}),
        (
            _("Record"),
            {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin-workflow.css", "css/admin-editor.css"]}
        js = ["js/admin-labels.js", "js/admin-editor-styles.js"]

    # --- What each user sees -------------------------------------------------------------------

    def get_queryset(self, request):
        last_action = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id=OuterRef("pk"),
            action__in=WORKFLOW_ACTIONS,
        ).order_by("-created_at", "-id")
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related("authors")
            .annotate(last_workflow_action=Subquery(last_action.values("action")[:1]))
        )
        if services.is_desk(request.user):
            return queryset
        # Reporters list their own stories: those they created or that carry their byline.
        user = request.user
        bylined = Article.objects.filter(authors__user=user).values("pk")
        return queryset.filter(Q(created_by=user) | Q(pk__in=bylined))

    def get_object(self, request, object_id, from_field=None):
        # Look in all articles, not only the user's list, so that someone else's article is a
        # clear 403 (the per-object permissions below) rather than a "does not exist" redirect.
        field = Article._meta.pk if from_field is None else Article._meta.get_field(from_field)
        try:
            return Article.objects.get(**{field.name: field.to_python(object_id)})
        except (Article.DoesNotExist, ValidationError, ValueError, TypeError):
            return None

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return services.can_view_article(request.user, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return services.can_edit_article(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return services.can_delete_article(request.user, obj)

    def has_publish_permission(self, request):
        return services.is_desk(request.user)

    # --- Columns and read-only fields ----------------------------------------------------------

    @admin.display(description=_("bylines"))
    def bylines(self, article):
        return ", ".join(f"@{author.handle}" for author in article.authors.all())

    @admin.display(description=_("workflow"), ordering="status")
    def workflow_state(self, article):
        if article.pk is None:
            return services.state_label(services.DRAFT)
        state = services.article_state(article)
        last_action = getattr(article, "last_workflow_action", None)
        if state == services.DRAFT and last_action == services.RETURNED_ACTION:
            state = services.RETURNED
        label = services.state_label(state)
        if state == services.SCHEDULED:
            when = article.publish_at
            return format_html("{} · {} {}", label, clock.dateline(when), clock.zone_name(when))
        return label

    @admin.display(description=_("audit log"))
    def workflow_history(self, article):
        if article.pk is None:
            return _("Nothing yet: the record starts when the article is first saved.")
        entries = list(audit_entries_for(article)[:50])
        if not entries:
            return _("No workflow moves yet.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    clock.dateline(entry.created_at),
                    entry.actor_name or "—",
                    entry.action,
                    _state_change(entry),
                    entry.note,
                )
                for entry in entries
            ),
        )
        return format_html(
            '<table class="audit-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("When (IST)"),
            _("Who"),
            _("Action"),
            _("State"),
            _("Note"),
            rows,
        )

    # --- Saving: every save is a revision; workflow buttons call the services ------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with create_revision():
            set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        if change:
            changed = ", ".join(form.changed_data) or _("nothing")
            set_comment(_("Changed %(fields)s.") % {"fields": changed})
        else:
            set_comment(_("Created."))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        services.article_delete(actor=request.user, article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(actor=request.user, article=article)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["workflow_moves"] = services.available_moves(request.user, obj)
            context["return_note"] = self._return_note(obj)
            if context["return_note"] is not None:
                obj.last_workflow_action = services.RETURNED_ACTION
            context["workflow_state"] = self.workflow_state(obj)
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
            elif move == "archive":
                services.article_archive(actor=request.user, article=obj, note=note)
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
        self.message_user(
            request,
            _("“%(article)s” is now: %(state)s.")
            % {"article": obj, "state": self.workflow_state(obj)},
            messages.SUCCESS,
        )
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

    # --- Bulk actions --------------------------------------------------------------------------

    def _bulk(self, request, queryset, move, done_message):
        moved, problems = 0, []
        for article in queryset:
            try:
                move(actor=request.user, article=article)
                moved += 1
            except services.WorkflowError as error:
                problems.append(f"“{article}”: {error.message}")
        if moved:
            self.message_user(request, done_message % {"count": moved}, messages.SUCCESS)
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_submit, _("%(count)d submitted for review."))

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_publish, _("%(count)d published."))

    @admin.action(
        description=_("Unpublish / archive selected articles"),
        permissions=["publish"],
    )
    def archive_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_archive, _("%(count)d archived."))

    # --- Revisions: list, compare, restore -----------------------------------------------------

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


def _state_change(entry):
    if not (entry.from_state or entry.to_state):
        return ""
    if not entry.to_state:
        return str(services.state_label(entry.from_state))
    return f"{services.state_label(entry.from_state)} → {services.state_label(entry.to_state)}"


def _parse_local_time(value):
    """A datetime-local value ('2026-02-04T18:30'), read in the site's zone (IST)."""
    try:
        return clock.parse_local(value)
    except ValueError:
        raise services.WorkflowError(
            _("Give the date and time to publish at, for example 2026-02-04 18:30.")
        ) from None
