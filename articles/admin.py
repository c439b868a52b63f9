from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from images.widgets import ImageChooserAdminMixin, PreloadChosenImagesMixin
from newsroom.admin_choices import SafeChoicesAdminMixin
from newsroom.languages import add_translation_fields, translation_field_names
from newsroom.spelling import SpellCheckedAdminMixin

from . import services, staging
from .admin_autosave import ArticleAutosaveMixin
from .admin_confirm import ArticleConfirmationsMixin
from .admin_conflicts import ArticleEditingMixin
from .admin_revisions import ArticleRevisionsMixin
from .admin_sharing import ArticleSharingMixin
from .admin_staging import ArticleStagingMixin, PendingUpdateFilter
from .admin_translations import ArticleTranslationsMixin
from .admin_workflow import ArticleWorkflowMixin, WorkflowStateFilter, with_last_workflow_action
from .models import Article, ArticleImage, Author, Correction, Section
from .pictures import new_body_image_problems


class SectionAdminForm(forms.ModelForm):
    """The section's name and description in each of the newsroom's other languages (kept in
    `Section.translations`; pages in that language show them)."""

    class Meta:
        model = Section
        fields = ["name", "slug", "description", "position", "show_in_navigation"]


add_translation_fields(SectionAdminForm, Section, ("name", "description"))


@admin.register(Section)
class SectionAdmin(SpellCheckedAdminMixin, admin.ModelAdmin):
    form = SectionAdminForm
    list_display = ["name", "slug", "position", "show_in_navigation"]
    list_editable = ["position", "show_in_navigation"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


AUTHOR_TRANSLATED = ("name", "bio")


class AuthorAdminForm(forms.ModelForm):
    """The author's name (in the other language's script) and bio in each of the newsroom's
    other languages (kept in `Author.translations`; pages in that language show them)."""

    class Meta:
        model = Author
        fields = ["name", "slug", "handle", "bio", "photo", "user"]


add_translation_fields(AuthorAdminForm, Author, AUTHOR_TRANSLATED)


@admin.register(Author)
class AuthorAdmin(SpellCheckedAdminMixin, SafeChoicesAdminMixin, admin.ModelAdmin):
    form = AuthorAdminForm
    fields = [
        "name",
        "slug",
        "handle",
        "bio",
        "photo",
        "user",
        *(name for name, _field, _code in translation_field_names(AUTHOR_TRANSLATED)),
    ]
    list_display = ["name", "handle", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "handle"]
    autocomplete_fields = ["user"]


class ArticleImageFormSet(PreloadChosenImagesMixin, forms.BaseInlineFormSet):
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


class StoryPartInlineMixin:
    """An inline of rows that are part of their story (pictures placed in it, its corrections):
    whoever may write the story may add, change and remove them (the role groups hold no
    permissions of their own on them, by design)."""

    def _article_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def _may_edit(self, request, article):
        if article is None:
            return self._article_admin().has_add_permission(request)
        return self._article_admin().has_change_permission(request, article)

    def has_add_permission(self, request, obj):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_view_permission(self, request, obj=None):
        return self._article_admin().has_view_permission(request, obj)


class ArticleImageInline(
    StoryPartInlineMixin, ImageChooserAdminMixin, SpellCheckedAdminMixin, admin.TabularInline
):
    model = ArticleImage
    formset = ArticleImageFormSet
    fields = ["image", "caption", "after_paragraph"]
    extra = 0
    verbose_name = _("image in the body")
    verbose_name_plural = _(
        "Images in the body (choose one from the library or upload a new one; each shows after "
        "the paragraph you give)"
    )

    def get_queryset(self, request):
        # Each row's title names its picture: loaded with the rows, not one query per row.
        return super().get_queryset(request).select_related("image")


class CorrectionInline(StoryPartInlineMixin, SpellCheckedAdminMixin, admin.TabularInline):
    """Any number of dated corrections, each shown under the story in order (a second one never
    overwrites the first). Only on a story that exists: a new one has nothing to correct."""

    model = Correction
    fields = ["text", "corrected_at"]
    extra = 0
    verbose_name = _("correction")
    verbose_name_plural = _(
        "Corrections (shown to readers under the story, oldest first, and in the corrections "
        "archive; “Add another” for a new one: never rewrite an earlier one to say something else)"
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget.attrs.update(rows=2, cols=70)
        return field


class ArticleAdminForm(forms.ModelForm):
    # Fields with a default that a form sent without them (a script written before they existed)
    # leaves as they are, instead of failing or counting as a change.
    KEPT_WHEN_ABSENT = ("language", "urgency")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        absent = [name for name in self.KEPT_WHEN_ABSENT if name in self.fields]
        absent = [name for name in absent if self.is_bound and name not in self.data]
        if absent:
            self.data = self.data.copy()
            for name in absent:
                self.data[name] = self[name].initial
        # A new story's slug follows its headline as it is typed (article-slug.js); left empty
        # (no script, or a writer who cleared it), it is made from the headline on save.
        if self.instance.pk is None and "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if not slug and self.instance.pk is None:
            slug = Article.objects.free_slug(self.cleaned_data.get("headline", ""))
        return slug


# The one workflow move the action bar at the top of the form offers, per role: the desk's is to
# publish, a reporter's to hand the story to the desk. Scheduling needs a time, so it stays in the
# workflow panel below with the rest.
PRIMARY_MOVES = ("publish", "submit")


def primary_move(user, article):
    """(move, label) for the action bar, or None (nothing to move: a live story, say)."""
    if article is None or article.pk is None:
        return (
            ("submit", _("Save and submit for review"))
            if user.has_perm("articles.add_article")
            else None
        )
    moves = dict(services.available_moves(user, article))
    for move in PRIMARY_MOVES:
        if move in moves:
            return (move, moves[move])
    return None


@admin.register(Article)
class ArticleAdmin(
    ArticleAutosaveMixin,
    ArticleEditingMixin,
    ArticleConfirmationsMixin,
    ArticleStagingMixin,
    SpellCheckedAdminMixin,
    ArticleWorkflowMixin,
    ArticleRevisionsMixin,
    ArticleSharingMixin,
    ArticleTranslationsMixin,
    ImageChooserAdminMixin,
    SafeChoicesAdminMixin,
    admin.ModelAdmin,
):
    """Articles in the admin: what each user may see and change is here; the workflow (state,
    buttons, bulk moves, audit log) is in admin_workflow, the revisions in admin_revisions."""

    form = ArticleAdminForm
    list_display = [
        "headline",
        "section",
        "workflow_state",
        "editing_now",
        "publish_at",
        "bylines",
        "updated_at",
    ]
    list_filter = [
        "status",
        WorkflowStateFilter,
        PendingUpdateFilter,
        "section",
        "authors",
        ("publish_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug", "authors__name", "authors__handle"]
    date_hierarchy = "publish_at"
    # No prepopulated_fields: Django's urlify drops Devanagari vowel signs; article-slug.js fills
    # the slug from the headline with the rule of newsroom.text.unicode_slug.
    autocomplete_fields = ["section", "authors"]
    inlines = [ArticleImageInline, CorrectionInline]
    actions = ["submit_selected", "publish_selected", "archive_selected"]
    # State and time change only through the workflow buttons, which check who may do what and
    # leave an audit entry; the plain form cannot set them.
    readonly_fields = [
        "workflow_state",
        "status",
        "publish_at",
        "first_published_at",
        "workflow_history",
        "revised_at",
        "killed_at",
        "kill_note",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_caption"]}),
        (
            _("Placement"),
            {"fields": ["section", "authors", "tags", "dateline_place", "language", "urgency"]},
        ),
        (
            _("Workflow"),
            {
                "fields": [
                    "workflow_state",
                    "publish_at",
                    "first_published_at",
                    "embargo_until",
                    "workflow_history",
                ]
            },
        ),
        (_("Updates"), {"fields": ["revised_at", "killed_at", "kill_note"]}),
        (_("Reader features"), {"fields": ["show_donation_appeal", "comments_enabled"]}),
        (
            _("Record"),
            {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    # What a story has only once it exists: a new one starts as a draft with no record yet.
    FIELDSETS_ONCE_SAVED = (_("Workflow"), _("Updates"), _("Record"))

    class Media:
        css = {
            "all": ["css/admin-workflow.css", "css/admin-editor.css", "css/admin-story-form.css"]
        }
        js = [
            "js/admin-labels.js",
            "js/admin-editor-styles.js",
            "js/article-editing.js",
            "js/article-autosave.js",
            "js/admin-confirm.js",
            "js/article-slug.js",
        ]

    # --- What each user sees -------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = with_last_workflow_action(
            super().get_queryset(request).prefetch_related("authors")
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
            article = Article.objects.get(**{field.name: field.to_python(object_id)})
        except (Article.DoesNotExist, ValidationError, ValueError, TypeError):
            return None
        if getattr(request, "article_working_copy", False):
            # The change form edits a live story's pending update (admin_staging).
            return staging.working_copy(article)
        return article

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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A story in Hindi is spell-checked in Hindi, whatever the language of the admin's page
        # (the page's script follows a change of the language field at once).
        if obj is not None and obj.language:
            for field in form.base_fields.values():
                if field.widget.attrs.get("spellcheck") == "true":
                    field.widget.attrs["lang"] = obj.language
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["primary_move"] = primary_move(request.user, obj)
        context["may_share_preview"] = (
            obj is not None and obj.pk is not None and services.is_desk(request.user)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is None or obj.pk is None:
            return [inline for inline in inlines if not isinstance(inline, CorrectionInline)]
        return inlines

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None:
            return [
                (name, opts) for name, opts in fieldsets if name not in self.FIELDSETS_ONCE_SAVED
            ]
        return fieldsets

    # --- Columns and read-only fields ----------------------------------------------------------

    @admin.display(description=_("bylines"))
    def bylines(self, article):
        return ", ".join(f"@{author.handle}" for author in article.authors.all())

    # --- Saving: the workflow and revision mixins add theirs -------------------------------------

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        corrections = formset.save(commit=False)
        for correction in formset.deleted_objects:
            services.correction_withdraw(actor=request.user, correction=correction)
        for correction in corrections:
            services.correction_save(actor=request.user, correction=correction)
        formset.save_m2m()
        return None

    def delete_model(self, request, obj):
        services.article_delete(actor=request.user, article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(actor=request.user, article=article)
