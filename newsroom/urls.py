from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from articles import feeds, sitemaps
from articles import views as article_views

from . import cached_forms, health, storage, undo, views
from .cache import LISTINGS, STORIES, cached_page

admin.site.site_header = "Newswire newsroom"
admin.site.site_title = "Newswire newsroom"
admin.site.index_title = "Newsroom"


class FaviconRedirect(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


site_pages = (
    [
        path("about/", cached_page(views.about), name="about"),
    ],
    "newsroom",
)

# Search, feeds, sitemaps and robots.txt: before articles.urls, whose /<section>/<slug>/ would
# otherwise take /feed/atom/.
discovery_pages = [
    path(
        "search/",
        cached_page(
            article_views.SearchView.as_view(), depends_on=[LISTINGS, STORIES], query=["q", "page"]
        ),
        name="search",
    ),
    # A story page's read beacon, counted for "Most read" (never cached; articles.views).
    path("reads/<int:pk>/", article_views.count_read, name="count-read"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="corrections-feed"),
    path("corrections/feed/atom/", feeds.CorrectionsAtomFeed(), name="corrections-feed-atom"),
    path("feed/section/<slug:slug>/", feeds.SectionFeed(), name="section-feed"),
    path("feed/section/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("feed/author/<slug:slug>/", feeds.AuthorFeed(), name="author-feed"),
    path("feed/author/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("sitemap.xml", article_views.sitemap_index, name="sitemap-index"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "articles/news_sitemap.xml"},
        name="news-sitemap",
    ),
    path("robots.txt", article_views.robots_txt, name="robots"),
]

urlpatterns = [
    # For load balancers: the process answers; this node can serve (newsroom/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Private files on the local disk, through signed links that expire (newsroom/storage.py).
    path("private/<str:token>/", storage.serve_private, name="private-file"),
    # First: every open reader page asks for its islands every minute or so, so they are the most
    # requested addresses (cached reader pages are served before their address is resolved).
    # Under each language's prefix (/hi/islands/...): an island's words and stories are the
    # page's language.
    *i18n_patterns(
        path("islands/", include("newsroom.urls_islands")), prefix_default_language=False
    ),
    # The admin's sign-in, then each role to where its work is (dashboard.views.admin_login).
    # "Undo" in the message after a move that is cheap to take back (newsroom.undo).
    path("admin/undo/", undo.undo_view, name="undo"),
    path("admin/", include("dashboard.urls_admin")),
    path("admin/", admin.site.urls),
    # Never cached: the token a form on a cached page fetches before it is sent.
    path("csrf-token/", cached_forms.csrf_token, name="csrf-token"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    # Provider webhooks (bounces, complaints), signed and checked by django-anymail.
    path("newsletters/anymail/", include("newsletters.webhooks")),
    path("dashboard/", include("dashboard.urls")),
    # The wire clients' API (syndication/api.py): keys, not sessions; never page-cached.
    path("api/", include("syndication.urls")),
    # Reader pages in every language: the default's at /, the others' under /<code>/
    # (newsroom/languages.py activates the language from the address).
    # Giving, newsletters, comments and live alerts too: their pages, forms and e-mails are in
    # the reader's language, and the donation or subscription keeps it for later e-mails.
    *i18n_patterns(
        path("support/", include("donations.urls")),
        path("newsletters/", include("newsletters.urls")),
        path("comments/", include("comments.urls")),
        path("live/", include("live.urls")),
        path("", include(site_pages)),
        *discovery_pages,
        path("", include("articles.urls")),
        prefix_default_language=False,
    ),
]

if not settings.PRODUCTION:
    # Uploaded media from the local disk; production serves it from object storage or the proxy.
    urlpatterns.insert(0, path("media/<path:path>", views.media, name="media"))
