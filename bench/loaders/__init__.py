"""A synthetic archive for the benchmark, written with bulk inserts.

Articles, sections, authors, tags and site settings are loaded here. Images, ticker items, the
appeal, comments: one module per app beside this one (`bench/loaders/<app>.py`) with
`def load(*, articles, stdout)` (articles: the list of bulk-created Article rows). Benchmark code
lives under bench/ only: no product app imports it.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Section
from newsroom.cache import LISTINGS, SITE, STORIES, invalidate
from newsroom.models import SiteSettings

from . import comments, donations, images, live, ticker

# Each loads its app's rows for the archive's articles, in this order.
APP_LOADERS = [images, ticker, donations, comments, live]
BATCH = 5000
SECTIONS = ["World", "India", "Business", "Sport", "Science", "Technology", "Health", "Culture"]
WORDS = [
    "minister",
    "monsoon",
    "budget",
    "court",
    "election",
    "river",
    "farmers",
    "market",
    "rail",
    "port",
    "council",
    "hospital",
    "university",
    "cricket",
    "drought",
    "harvest",
    "border",
    "treaty",
    "summit",
    "reform",
    "inflation",
    "rupee",
    "exports",
    "vaccine",
    "schools",
    "coast",
    "storm",
    "metro",
    "power",
    "grid",
    "water",
    "festival",
    "museum",
    "satellite",
    "launch",
]


def _phrase(n, length):
    return " ".join(WORDS[(n * 7 + i * 13) % len(WORDS)] for i in range(length))


def _body(n):
    paragraphs = [f"<p>{_phrase(n + i, 40).capitalize()}.</p>" for i in range(5)]
    paragraphs.insert(2, f"<blockquote><p>“{_phrase(n, 12).capitalize()},” an official said.</p>")
    paragraphs[2] += "</blockquote>"
    paragraphs.insert(4, f"<h2>{_phrase(n + 3, 4).capitalize()}</h2>")
    return "".join(paragraphs)


def archive_is_loaded(articles):
    return Article.objects.count() == articles and Section.objects.count() == len(SECTIONS)


def load_archive(articles, stdout=print):
    """Replace whatever is in the bench database with an archive of `articles` stories."""
    call_command("flush", interactive=False, verbosity=0)
    site = SiteSettings.current()
    site.facebook_url = "https://www.facebook.com/newswire.example"
    site.x_url = "https://x.com/newswire_example"
    site.about = "Newswire is an independent news wire based in New Delhi."
    site.corrections_policy = "We correct errors promptly and say so under the story."
    site.save()

    sections = Section.objects.bulk_create(
        Section(name=name, slug=name.lower(), position=n) for n, name in enumerate(SECTIONS)
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Reporter {n}", slug=f"reporter-{n}", handle=f"reporter{n}")
        for n in range(200)
    )
    tags = Tag.objects.bulk_create(
        Tag(name=f"{WORDS[n % len(WORDS)].title()} {n}", slug=f"{WORDS[n % len(WORDS)]}-{n}")
        for n in range(500)
    )
    content_type = ContentType.objects.get_for_model(Article)
    now = timezone.now()
    sanitize = Article.body_sanitizer
    bodies = [sanitize(_body(n)) for n in range(50)]  # what Article.save() would have stored
    created = []
    for start in range(0, articles, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, articles)):
            if n % 100 == 1:
                status, publish_at = Article.Status.DRAFT, None
            elif n % 100 == 2:  # scheduled well ahead, so no page's cache life is cut short
                status, publish_at = Article.Status.PUBLISHED, now + timedelta(days=30 + n)
            else:
                status, publish_at = Article.Status.PUBLISHED, now - timedelta(minutes=7 * n + 1)
            batch.append(
                Article(
                    headline=f"{_phrase(n, 8).capitalize()} ({n})",
                    slug=f"story-{n}",
                    standfirst=f"{_phrase(n + 1, 20).capitalize()}.",
                    body=bodies[n % len(bodies)],
                    section=sections[n % len(sections)],
                    status=status,
                    publish_at=publish_at,
                    dateline_place="NEW DELHI",
                )
            )
        batch = Article.objects.bulk_create(batch)
        Article.authors.through.objects.bulk_create(
            Article.authors.through(article_id=article.pk, author_id=authors[n % 200].pk)
            for n, article in enumerate(batch, start)
        )
        TaggedItem.objects.bulk_create(
            TaggedItem(content_type=content_type, object_id=article.pk, tag=tags[(n + k) % 500])
            for n, article in enumerate(batch, start)
            for k in (0, 97, 211)
        )
        created.extend(batch)
        stdout(f"  {len(created):,} articles")
    for loader in APP_LOADERS:
        loader.load(articles=created, stdout=stdout)
    invalidate(SITE, LISTINGS, STORIES)  # bulk writes send no signals
