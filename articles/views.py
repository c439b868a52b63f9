import copy

from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from newsroom.cache import keep_for_page, kept_for_page
from newsroom.languages import current_language, language_codes
from newsroom.models import SiteSettings
from newsroom.pagination import ListingPaginator
from newsroom.ratelimit import is_limited, ratelimit
from newsroom.templatetags.page_fragments import STORY_FRAGMENT_SECONDS

from . import corrections, search, seo, services, sharing, sitemaps, staging
from .models import Article, ArticleImage, Author, Section

LISTING_PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 10


def may_open_previews(user):
    """Staff accounts: whether they may preview a given story is decided per story."""
    return user.is_active and user.is_staff


def may_preview(user, article):
    """The admin's own object permission (articles.services.can_view_article): reporters their
    own stories, the desk every story, other roles none."""
    return may_open_previews(user) and services.can_view_article(user, article)


class PublishedArticlesMixin:
    """Readers see `Article.objects.published()`; listings get what teasers need."""

    paginate_by = LISTING_PAGE_SIZE
    paginator_class = ListingPaginator

    def get_queryset(self):
        return Article.objects.published().in_language().for_listing()

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        try:
            number = paginator.validate_number(self.request.GET.get(self.page_kwarg) or 1)
            read = paginator.read(number)
        except InvalidPage as error:
            raise Http404(str(error)) from error
        page = paginator.page_of(number, read)
        return (paginator, page, page.object_list, page.has_other_pages())


def shared_or_404(model, **lookup):
    """The one row matching `lookup` (a slug), or a 404."""
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise Http404(f"No {model._meta.verbose_name} matches the given query.")
    return found


class HomeView(TemplateView):
    template_name = "articles/home.html"
    latest_count = 10
    per_section = 4

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["front"] = SimpleLazyObject(self.front_page)
        return context

    def front_page(self):
        published = Article.objects.published().in_language().for_listing()
        # The top stories and each section's newest in one query for ids, one for the articles
        # and one for their authors (was two of each: a cold home page's ORM work, issue 18).
        candidates = list(
            published.latest_per_section(self.per_section + 1, newest_overall=self.latest_count + 1)
        )
        latest = sorted(
            candidates, key=lambda article: (article.publish_at, article.pk), reverse=True
        )[: self.latest_count + 1]
        lead = latest[0] if latest else None
        blocks = {}
        # One more than shown per section, since the lead story (already at the top) is dropped.
        # A section's extra candidates (top stories) come after its newest, so are never shown.
        for article in candidates:
            if article != lead:
                articles = blocks.setdefault(article.section, [])
                if len(articles) < self.per_section:
                    articles.append(article)
        return {"lead": lead, "latest": latest[1:], "section_blocks": list(blocks.items())}


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # Whether the story has other language versions or pictures in its body, read in the
        # same statement: most have neither, and then pay no query for them.
        return (
            Article.objects.select_related("section", "lead_image")
            .defer("search_document")
            .annotate(
                has_other_versions=Exists(
                    Article.objects.filter(translation_group=OuterRef("translation_group")).exclude(
                        pk=OuterRef("pk")
                    )
                ),
                has_body_images=Exists(ArticleImage.objects.filter(article=OuterRef("pk"))),
            )
        )

    def get_object(self, queryset=None):
        slug = self.kwargs["slug"]
        if may_open_previews(self.request.user):
            found = self.get_queryset().filter(slug=slug).first()
            if found is not None and (found.is_live or may_preview(self.request.user, found)):
                return found
            # Without the admin's right to this story, staff get what readers get: a 404
            # that does not say whether an unpublished story has this address.
            raise Http404("No story matches the given query.")
        # The story as of its last change, kept with the page's fragments (newsroom.cache): any
        # save, takedown, byline or picture change of it bumps its tag and drops it. Whether it is
        # public now (a publish time or an embargo passing) is asked of the clock every time.
        kept = kept_for_page("story-row", slug)
        if kept is not None and kept.is_live:
            return kept
        try:
            # get(), not first(): no ORDER BY (the statement test_explain checks).
            found = self.get_queryset().published().get(slug=slug)
        except Article.DoesNotExist:
            raise Http404("No story matches the given query.") from None
        # A copy: what the page's render adds to the instance (prefetched bylines) is not kept.
        keep_for_page(copy.copy(found), "story-row", slug, timeout=STORY_FRAGMENT_SECONDS)
        return found

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if (
            self.object.section.slug != kwargs["section"]
            or self.object.language != current_language()
        ):
            if not self.object.is_live:
                # A preview is only at its own address: no redirect that would confirm it exists.
                raise Http404("No story matches the given query.")
            # The section changed after publication, or the address has another language's
            # prefix: the story's own address.
            return redirect(self.object, permanent=True)
        pending = self._pending_update_to_preview()
        if pending is not None:
            # Staff see the story as the pending update will make it; readers (whose requests
            # never reach here with a session) keep the published version.
            self.object = staging.working_copy(self.object, pending)
            self.pending_update = pending
        if not self.object.is_live or pending is not None:
            response = self.render_to_response(self.get_context_data(object=self.object))
            add_never_cache_headers(response)
            return response
        return self.render_to_response(self.get_context_data(object=self.object))

    def _pending_update_to_preview(self):
        if self.request.GET.get("update") != "pending":
            return None
        if not may_preview(self.request.user, self.object):
            return None
        return staging.pending_for(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending_update"] = getattr(self, "pending_update", None)
        context["is_preview"] = not self.object.is_live
        # What only staff may see is never kept for readers (newsroom.templatetags.page_fragments).
        context["fragments_off"] = context["is_preview"] or context["pending_update"] is not None
        context["share_url"] = seo.absolute_url(self.object.get_absolute_url())
        # The story's published versions ({code: path}): hreflang alternates and the switcher.
        versions = (
            self.object.language_versions()
            if getattr(self.object, "has_other_versions", True)
            else [self.object]
        )
        context["language_versions"] = {
            version.language: version.get_absolute_url() for version in versions if version.is_live
        }
        return context


class SectionView(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = shared_or_404(Section, slug=self.kwargs["section"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class AuthorView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = shared_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class TagView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = shared_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class CorrectionsView(PublishedArticlesMixin, ListView):
    """/corrections/: the corrections policy, then every corrected story, the most recently
    corrected first, each with its corrections in order."""

    template_name = "articles/corrections.html"

    def get_queryset(self):
        return corrections.corrected_stories()

    def get_context_data(self, **kwargs):
        policy = SiteSettings.current().corrections_policy
        return super().get_context_data(policy=policy, **kwargs)


# Every search runs a full-text query: per client address, this many a minute, then a 429 page.
SEARCH_RATE = settings.SEARCH_RATE_LIMIT


class SearchPaginator(Paginator):
    """Pages of search results, whose number comes with the page (articles.search.search_page
    counts the candidates in the statement that ranks them), so nothing counts a query again."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @property
    def count(self):
        return self._count


@method_decorator(ratelimit(key="ip", rate=SEARCH_RATE, methods=None, group="search"), "dispatch")
class SearchView(ListView):
    """/search/?q=: published articles only, best match first (see articles.search)."""

    template_name = "articles/search.html"
    paginate_by = SEARCH_PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.problem = ""
        try:
            self.query = search.clean_query(request.GET.get("q", ""))
        except search.QueryTooLongError:
            self.query = ""
            self.problem = _("Please shorten your search to %(limit)s characters or fewer.") % {
                "limit": search.MAX_QUERY_LENGTH
            }
        response = super().get(request, *args, **kwargs)
        if self.problem:
            response.status_code = 400
        return response

    def get_queryset(self):
        return []  # the page is read by paginate_queryset, in one statement

    def paginate_queryset(self, queryset, page_size):
        number = self.request.GET.get(self.page_kwarg) or 1
        try:
            number = int(number)
        except ValueError:
            raise Http404(_("That page number is not a whole number.")) from None
        # At most MAX_CANDIDATES matches are counted: a page past them is empty, and a page
        # number in the billions would be an OFFSET the database refuses.
        if number < 1 or (number - 1) * page_size >= search.MAX_CANDIDATES:
            raise Http404(_("That page contains no results."))
        found = search.search_page(query=self.query, number=number, per_page=page_size)
        paginator = SearchPaginator(range(found.count), page_size, count=found.count)
        try:
            page = paginator.page(number)
        except InvalidPage as error:
            raise Http404(str(error)) from error
        page.object_list = found.articles
        return paginator, page, found.articles, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context["paginator"]
        context.update(
            query=self.query,
            problem=self.problem,
            has_terms=bool(search.query_terms(self.query)),
            # Only the newest MAX_CANDIDATES matches are ranked: past that, say "or more".
            more_than_shown=paginator.count >= search.MAX_CANDIDATES,
            results=context["object_list"],
            max_query_length=search.MAX_QUERY_LENGTH,
        )
        return context


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /dashboard/"]
    sitemaps_lines = []
    for code in language_codes():
        with translation.override(code):
            lines.append(f"Disallow: {reverse('search')}")
            sitemaps_lines.append(f"Sitemap: {seo.absolute_url(reverse('sitemap-index'))}")
            sitemaps_lines.append(f"Sitemap: {seo.absolute_url(reverse('news-sitemap'))}")
    lines += ["", *sitemaps_lines]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@x_robots_tag
def sitemap_index(request):
    """The index at /sitemap.xml: every page of every sitemap, on SITE_URL like their contents."""
    entries = []
    for name, sitemap_class in sitemaps.SITEMAPS.items():
        location = seo.absolute_url(reverse("sitemap-section", kwargs={"section": name}))
        pages = sitemap_class().paginator.num_pages
        entries.append(location)
        entries.extend(f"{location}?p={page}" for page in range(2, pages + 1))
    return TemplateResponse(
        request,
        "articles/sitemap_index.xml",
        {"entries": entries},
        content_type="application/xml",
    )


def shared_preview(request, token):
    """/preview/<token>/: the story a preview link names, to anyone holding the link, while it
    lasts. Never cached, never indexed, no Referer sent on; a live story redirects to its page."""
    link = sharing.share_link_from_token(token)
    if link is None:
        raise Http404(_("No such preview link."))
    article = link.article
    if article.is_live:
        response = redirect(article)
    elif not link.is_usable():
        response = TemplateResponse(
            request, "articles/preview_gone.html", {"revoked": bool(link.revoked_at)}, status=410
        )
    else:
        sharing.share_link_opened(link)
        response = TemplateResponse(
            request,
            "articles/article_detail.html",
            {
                "article": article,
                "object": article,
                "is_preview": True,
                "share_url": seo.absolute_url(article.get_absolute_url()),
                "language_versions": {},
            },
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


# A reader's page sends one beacon per visit; a client sending more than this is not reading.
READ_RATE = "30/10m"


@csrf_exempt  # a counter a page's script pings (navigator.sendBeacon sends no token); no state
@require_POST
def count_read(request, pk):
    """One read of a published story (site.js's beacon, once per page view): 204, no cookie,
    never cached. An unknown or unpublished story is a 404; a client over the rate is not
    counted."""
    article = Article.objects.published().only("id").filter(pk=pk).first()
    if article is None:
        raise Http404("No such story.")
    if not is_limited(request, group="story-reads", rate=READ_RATE):
        services.story_read_count(article=article)
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response
