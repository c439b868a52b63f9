"""Stories in English and Hindi (issue 24): a language on every story, versions linked in a
translation group, slugs in the story's own script, and each language's reader pages, feeds and
sitemaps under its own address (/hi/...)."""

import re
import unicodedata
from urllib.parse import quote, unquote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from articles.models import Article, ArticleImage
from articles.translations import article_translation_start, is_provisional_slug
from newsroom.roles import EDITOR, REPORTER
from newsroom.text import unicode_slug

from .factories import make_article, make_author, make_member, make_section, make_story
from .test_discovery import parse_head, parse_xml

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"

HINDI_HEADLINE = "भारत में बारिश की चेतावनी"
HINDI_SLUG = "भारत-में-बारिश-की-चेतावनी"


@pytest.fixture
def national():
    return make_section(name="National", slug="national")


@pytest.fixture
def pair(national):
    """A story in English and its published Hindi version."""
    english = make_article(section=national, headline="Rain warning for India", slug="rain-warning")
    hindi = make_article(
        section=national,
        headline=HINDI_HEADLINE,
        slug=unicode_slug(HINDI_HEADLINE),
        language="hi",
        translation_group=english.translation_group,
        standfirst="मौसम विभाग ने अगले तीन दिन भारी बारिश का अनुमान जताया है।",
    )
    return english, hindi


# --- Slugs ---------------------------------------------------------------------------------


def test_a_hindi_headline_makes_a_slug_that_keeps_its_vowel_signs():
    assert unicode_slug(HINDI_HEADLINE) == HINDI_SLUG
    # Every vowel sign (matra) and the nasal sign survive: nothing of the headline is lost.
    assert "ा" in HINDI_SLUG
    assert "ि" in HINDI_SLUG
    assert "ें" in HINDI_SLUG


def test_the_slug_field_takes_devanagari_and_refuses_punctuation(national):
    story = make_article(section=national, headline=HINDI_HEADLINE, slug=HINDI_SLUG, language="hi")
    story.full_clean()
    for bad in ["भारत में", "a/b", "बारिश!", "<b>"]:
        story.slug = bad
        with pytest.raises(ValidationError) as refused:
            story.full_clean()
        assert "slug" in refused.value.message_dict


def test_a_hindi_story_lives_under_hi_with_its_slug_percent_encoded(client, pair):
    _english, hindi = pair
    url = hindi.get_absolute_url()
    assert url == f"/hi/national/{quote(HINDI_SLUG)}/"
    # Whatever the page's language when the address is made.
    with translation.override("en"):
        assert hindi.get_absolute_url() == url
    response = client.get(url)
    assert response.status_code == 200
    assert HINDI_HEADLINE in response.content.decode()
    # The decomposed form of the same letters (some browsers and crawlers send it) finds it too.
    decomposed = quote(unicodedata.normalize("NFD", HINDI_SLUG))
    assert client.get(f"/hi/national/{decomposed}/").status_code == 200


def test_a_story_at_another_languages_address_is_sent_to_its_own(client, pair):
    english, hindi = pair
    response = client.get(f"/national/{quote(HINDI_SLUG)}/")
    assert response.status_code == 301
    assert response["Location"] == hindi.get_absolute_url()
    response = client.get("/hi/national/rain-warning/")
    assert response.status_code == 301
    assert response["Location"] == english.get_absolute_url() == "/national/rain-warning/"


def test_story_languages_are_the_settings_languages(national, settings):
    story = make_article(section=national, language="mr")
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert "language" in refused.value.message_dict
    # Adding Marathi is a settings change: no migration, and its pages are under /mr/.
    settings.LANGUAGES = [*settings.LANGUAGES, ("mr", "मराठी")]
    story.full_clean()
    assert story.get_absolute_url().startswith("/mr/national/")


def test_a_section_cannot_take_a_language_prefix(national):
    national.slug = "hi"
    with pytest.raises(ValidationError):
        national.full_clean()


# --- Reader pages per language -------------------------------------------------------------


def _visible(response):
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/", "/national/", "/tag/{tag}/", "/author/{author}/"],
    ids=["home", "section", "tag", "author"],
)
def test_each_language_lists_only_its_own_stories(client, pair, path):
    english, _hindi = pair
    author = make_author(slug="shared-reporter")
    for story in pair:
        story.authors.add(author)
        story.tags.add("monsoon")
    path = path.format(tag="monsoon", author="shared-reporter")
    english_page = _visible(client.get(path))
    hindi_page = _visible(client.get(f"/hi{path}"))
    assert english.headline in english_page
    assert HINDI_HEADLINE not in english_page
    assert HINDI_HEADLINE in hindi_page
    assert english.headline not in hindi_page


def test_html_lang_og_locale_and_in_language_follow_the_story(client, pair):
    english, hindi = pair
    for story, tag, locale in [(english, "en-IN", "en_IN"), (hindi, "hi-IN", "hi_IN")]:
        response = client.get(story.get_absolute_url())
        assert re.search(rf'<html lang="{tag}"', response.content.decode())
        head = parse_head(response)
        assert head.properties("og:locale") == [locale]
        news_article = next(item for item in head.json_ld if item["@type"] == "NewsArticle")
        assert news_article["inLanguage"] == tag
        assert response["Content-Language"] == tag


def _alternates(response):
    return {
        link["hreflang"]: link["href"]
        for link in parse_head(response).links
        if link.get("rel") == "alternate" and link.get("hreflang")
    }


def test_hreflang_pairs_point_both_ways_with_an_x_default(client, pair):
    english, hindi = pair
    expected = {
        "en-IN": settings.SITE_URL + english.get_absolute_url(),
        "hi-IN": settings.SITE_URL + hindi.get_absolute_url(),
        "x-default": settings.SITE_URL + english.get_absolute_url(),
    }
    assert _alternates(client.get(english.get_absolute_url())) == expected
    assert _alternates(client.get(hindi.get_absolute_url())) == expected


def test_an_unpublished_version_is_no_alternate(client, pair):
    english, hindi = pair
    Article.objects.filter(pk=hindi.pk).update(status=Article.Status.DRAFT)
    assert _alternates(client.get(english.get_absolute_url())) == {}
    # The switcher then offers the Hindi home page instead.
    assert 'href="/hi/" hreflang="hi-IN" lang="hi-IN">हिन्दी</a>' in _visible(
        client.get(english.get_absolute_url())
    )


def test_listing_pages_name_their_other_language_page(client, pair):
    alternates = _alternates(client.get("/hi/national/"))
    assert alternates == {
        "en-IN": settings.SITE_URL + "/national/",
        "hi-IN": settings.SITE_URL + "/hi/national/",
        "x-default": settings.SITE_URL + "/national/",
    }


def test_the_switcher_leads_to_the_other_version(client, pair):
    english, hindi = pair
    page = _visible(client.get(english.get_absolute_url()))
    assert f'href="{hindi.get_absolute_url()}" hreflang="hi-IN" lang="hi-IN"' in page
    page = _visible(client.get(hindi.get_absolute_url()))
    assert f'href="{english.get_absolute_url()}" hreflang="en-IN" lang="en-IN"' in page


def test_the_language_comes_from_the_address_never_a_cookie_or_header(client, pair, page_cache):
    english, _hindi = pair
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="hi")
    assert re.search(r'<html lang="en-IN"', _visible(response))
    assert "Accept-Language" not in response.get("Vary", "")
    assert english.headline in _visible(response)


def test_the_page_cache_keeps_languages_apart(client, pair, page_cache):
    english, _hindi = pair
    client.get("/")
    hindi_home = client.get("/hi/")
    assert HINDI_HEADLINE in _visible(hindi_home)
    assert english.headline not in _visible(hindi_home)
    # Both now stored: each address serves its own language again.
    again_en, again_hi = client.get("/"), client.get("/hi/")
    assert english.headline in _visible(again_en)
    assert HINDI_HEADLINE not in _visible(again_en)
    assert HINDI_HEADLINE in _visible(again_hi)
    assert english.headline not in _visible(again_hi)
    assert re.search(r'<html lang="hi-IN"', _visible(again_hi))


# --- Feeds and sitemaps --------------------------------------------------------------------


def test_each_language_has_its_feeds(client, pair):
    english, hindi = pair
    rss = parse_xml(client.get("/hi/feed/").content)
    assert rss.findtext("channel/language") == "hi-IN"
    links = [item.findtext("link") for item in rss.iter("item")]
    assert links == [settings.SITE_URL + hindi.get_absolute_url()]
    # Percent-encoded, as a feed's address must be, and back to the slug when decoded.
    assert unquote(links[0]).endswith(f"/hi/national/{HINDI_SLUG}/")
    assert [item.findtext("title") for item in rss.iter("item")] == [HINDI_HEADLINE]
    atom = parse_xml(client.get("/hi/feed/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == [HINDI_HEADLINE]
    english_rss = parse_xml(client.get("/feed/").content)
    assert [item.findtext("title") for item in english_rss.iter("item")] == [english.headline]
    section = parse_xml(client.get("/hi/feed/section/national/").content)
    assert [item.findtext("title") for item in section.iter("item")] == [HINDI_HEADLINE]


def test_each_language_has_its_sitemaps_and_news_sitemap(client, pair):
    english, hindi = pair
    index = parse_xml(client.get("/hi/sitemap.xml").content)
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert settings.SITE_URL + "/hi/sitemap-articles.xml" in locations
    articles = parse_xml(client.get("/hi/sitemap-articles.xml").content)
    assert [loc.text for loc in articles.iter(f"{SITEMAP}loc")] == [
        settings.SITE_URL + hindi.get_absolute_url()
    ]
    sections = parse_xml(client.get("/hi/sitemap-sections.xml").content)
    assert settings.SITE_URL + "/hi/national/" in [
        loc.text for loc in sections.iter(f"{SITEMAP}loc")
    ]
    for path, story, language in [
        ("/news-sitemap.xml", english, "en"),
        ("/hi/news-sitemap.xml", hindi, "hi"),
    ]:
        root = parse_xml(client.get(path).content)
        urls = root.findall(f"{SITEMAP}url")
        assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [
            settings.SITE_URL + story.get_absolute_url()
        ]
        news = urls[0].find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == language
        assert news.findtext(f"{NEWS}title") == story.headline


XHTML = "{http://www.w3.org/1999/xhtml}"


def _sitemap_alternates(client, path):
    """{loc: {hreflang: href}} of a sitemap's <url>s."""
    root = parse_xml(client.get(path).content)
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


def test_each_languages_sitemap_names_the_storys_other_versions(client, pair, national):
    english, hindi = pair
    english_url = settings.SITE_URL + english.get_absolute_url()
    hindi_url = settings.SITE_URL + hindi.get_absolute_url()
    expected = {"en-IN": english_url, "hi-IN": hindi_url, "x-default": english_url}
    alone = make_article(section=national, headline="Only in English", slug="only-english")
    english_side = _sitemap_alternates(client, "/sitemap-articles.xml")
    assert english_side[english_url] == expected
    assert english_side[settings.SITE_URL + alone.get_absolute_url()] == {}
    assert _sitemap_alternates(client, "/hi/sitemap-articles.xml") == {hindi_url: expected}
    # A version that is not published is no alternate.
    hindi.status = hindi.Status.DRAFT
    hindi.save()
    cache.clear()
    assert _sitemap_alternates(client, "/sitemap-articles.xml")[english_url] == {}


def test_robots_txt_names_every_languages_sitemaps(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    for path in ["/sitemap.xml", "/news-sitemap.xml", "/hi/sitemap.xml", "/hi/news-sitemap.xml"]:
        assert f"Sitemap: {settings.SITE_URL}{path}" in lines
    assert "Disallow: /hi/search/" in lines


# --- Translations: starting one, and the admin ---------------------------------------------


@pytest.fixture
def picture_story(national):
    from images.tests.factories import make_image

    story = make_story(section=national, headline="Monsoon reaches Kerala", slug="monsoon-kerala")
    story.tags.add("monsoon", "kerala")
    story.lead_image = make_image()
    story.save()
    ArticleImage.objects.create(article=story, image=make_image(), after_paragraph=2, caption="A")
    return story


def test_starting_a_translation_copies_pictures_section_and_tags_not_text(picture_story):
    reporter = make_member("translator", REPORTER)
    version = article_translation_start(actor=reporter, article=picture_story, language="hi")
    version.refresh_from_db()
    assert version.language == "hi"
    assert version.status == Article.Status.DRAFT
    assert version.created_by == reporter
    assert version.translation_group == picture_story.translation_group
    assert version.section == picture_story.section
    assert version.lead_image == picture_story.lead_image
    assert sorted(version.tags.names()) == ["kerala", "monsoon"]
    placed = list(version.body_images.all())
    assert [(p.image_id, p.after_paragraph, p.caption) for p in placed] == [
        (picture_story.body_images.get().image_id, 2, "")
    ]
    assert (version.headline, version.standfirst, version.body) == ("", "", "")
    assert is_provisional_slug(version.slug)
    assert [v.pk for v in picture_story.language_versions()] == [picture_story.pk, version.pk]


def test_a_story_has_one_version_per_language(picture_story):
    from articles.services import WorkflowError

    editor = make_member("desk", EDITOR)
    article_translation_start(actor=editor, article=picture_story, language="hi")
    with pytest.raises(WorkflowError, match="already has a version"):
        article_translation_start(actor=editor, article=picture_story, language="hi")
    with pytest.raises(WorkflowError, match="already in that language"):
        article_translation_start(actor=editor, article=picture_story, language="en")
    with pytest.raises(WorkflowError, match="does not publish"):
        article_translation_start(actor=editor, article=picture_story, language="xx")
    # The database says so too.
    with pytest.raises(ValidationError):
        Article(
            headline="दूसरा",
            slug="दूसरा",
            language="hi",
            section=picture_story.section,
            translation_group=picture_story.translation_group,
        ).validate_constraints()


def test_the_admin_lists_versions_and_starts_a_translation(client, picture_story):
    editor = make_member("desk", EDITOR)
    client.force_login(editor)
    change = reverse("admin:articles_article_change", args=[picture_story.pk])
    page = client.get(change).content.decode()
    start = reverse("admin:articles_article_translate", args=[picture_story.pk, "hi"])
    assert "Language versions" in page
    assert f'href="{start}"' in page
    assert "Start the हिन्दी version" in page
    assert client.get(start).status_code == 200
    response = client.post(start)
    version = Article.objects.get(language="hi")
    assert response["Location"] == reverse("admin:articles_article_change", args=[version.pk])
    page = client.get(change).content.decode()
    assert f'href="{reverse("admin:articles_article_change", args=[version.pk])}"' in page
    assert "Start the हिन्दी version" not in page
    # The new draft's slug follows its headline as the writer types it (article-slug.js).
    draft = client.get(response["Location"]).content.decode()
    assert re.search(r'<input[^>]*name="slug"[^>]*data-slug-from="id_headline"', draft)
    assert not re.search(r'<input[^>]*name="slug"[^>]*data-slug-from', page)


def test_a_translation_of_someone_elses_story_needs_the_right_to_see_it(client, picture_story):
    reporter = make_member("other", REPORTER)
    client.force_login(reporter)
    start = reverse("admin:articles_article_translate", args=[picture_story.pk, "hi"])
    assert client.post(start).status_code == 403
    assert not Article.objects.filter(language="hi").exists()
