"""A story's other language versions in the admin: listed on its form (a read-only field), and
"Start the हिन्दी version" (a confirm page, then articles.translations does the work)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.languages import language_codes, language_info, language_name

from . import services, translations


class ArticleTranslationsMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/translate/<str:language>/",
                wrap(self.translation_start_view),
                name="articles_article_translate",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("Language versions"))
    def language_versions(self, article):
        if article is None or article.pk is None:
            return ""
        user = getattr(article, "_viewed_by", None)
        if user is None:
            return ""
        versions = [
            {
                "article": version,
                "language": language_name(version.language),
                "lang": language_info(version.language)["tag"],
                "state": services.state_label(services.article_state(version)),
                "change_url": reverse("admin:articles_article_change", args=[version.pk])
                if services.can_view_article(user, version)
                else "",
                "is_this": version.pk == article.pk,
            }
            for version in article.language_versions()
        ]
        may_start = user.has_perm("articles.add_article")
        missing = [
            {
                "language": language_name(code),
                "url": reverse("admin:articles_article_translate", args=[article.pk, code]),
            }
            for code in (translations.missing_languages(article) if may_start else [])
        ]
        return render_to_string(
            "admin/articles/article/_language_versions.html",
            {"versions": versions, "missing": missing},
        )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "language_versions"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The read-only field's method sees only the story; it links to the versions this user
        # may open and offers to start one only to those who may write stories.
        if obj is not None:
            obj._viewed_by = request.user
        form = super().get_form(request, obj, change=change, **kwargs)
        # A new story's slug, or a translation's provisional one, follows the headline as it is
        # typed (static/js/article-slug.js); a story's own slug is left alone.
        slug = form.base_fields.get("slug")
        if slug is not None and (obj is None or translations.is_provisional_slug(obj.slug)):
            slug.widget.attrs["data-slug-from"] = "id_headline"
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None or len(language_codes()) < 2:
            return fieldsets
        return [
            *fieldsets[:1],
            (gettext_lazy("Languages"), {"fields": ["language_versions"]}),
            *fieldsets[1:],
        ]

    def translation_start_view(self, request, object_id, language):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if language not in language_codes():
            raise Http404(_("The newsroom does not publish in that language."))
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if request.method == "POST":
            try:
                version = translations.article_translation_start(
                    actor=request.user, article=article, language=language
                )
            except services.WorkflowError as error:
                self.message_user(request, error.message, messages.ERROR)
                return HttpResponseRedirect(change_url)
            self.message_user(
                request,
                _(
                    "A %(language)s draft of “%(article)s” is ready, with its section, tags and "
                    "pictures. Write its headline and text."
                )
                % {"language": language_name(language), "article": article},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[version.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Start the %(language)s version of “%(article)s”?")
            % {"language": language_name(language), "article": article},
            "subtitle": None,
            "language": language_name(language),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/articles/article/translate.html", context)
