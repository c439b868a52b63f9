"""Sections, authors and articles of the demo newsroom, from `articles/demo_data/*.json`; each
story's lead picture comes from the demo library (images' demo loads first)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from reversion import create_revision, set_comment, set_user

from images.demo import demo_picture
from newsroom.demo import read_demo_data

from . import services, translations
from .models import Article, Author, Correction, Section

# The demo reporter account writes as this author.
REPORTER_AUTHOR = "arjun-mehta"

# The last stories of the demo stand in the other states, so every workflow step has an example.
# Each gets there through the workflow services, so its audit log and revisions are real too.
STATE_OVERRIDES = {
    -1: services.DRAFT,
    -2: services.IN_REVIEW,
    -3: services.SCHEDULED,
    -4: services.ARCHIVED,
    -5: services.RETURNED,
}
RETURN_NOTE = "Needs a second source for the figures in the third paragraph, and a photo credit."
ARCHIVE_NOTE = "Superseded by the follow-up; taken down at the family's request."


def article_state(index, hours_ago, now, total):
    """(status, publish_at) the article is first saved with, and the state it should end in."""
    wanted = STATE_OVERRIDES.get(index - total, services.PUBLISHED)
    if wanted in {services.PUBLISHED, services.ARCHIVED}:
        return Article.Status.PUBLISHED, now - timedelta(hours=hours_ago), wanted
    return Article.Status.DRAFT, None, wanted


def _move_to(article, wanted, *, reporter, editor, now):
    if wanted in {services.IN_REVIEW, services.RETURNED, services.SCHEDULED}:
        services.article_submit(actor=reporter, article=article)
    if wanted == services.RETURNED:
        services.article_return(actor=editor, article=article, note=RETURN_NOTE)
    elif wanted == services.SCHEDULED:
        publish_at = now + timedelta(hours=6)
        services.article_schedule(actor=editor, article=article, publish_at=publish_at)
    elif wanted == services.ARCHIVED:
        services.article_archive(actor=editor, article=article, note=ARCHIVE_NOTE)


def load(command):
    now = timezone.now().replace(second=0, microsecond=0)
    sections = {}
    for position, data in enumerate(read_demo_data("articles", "sections")):
        sections[data["slug"]], _created = Section.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "position": position,
                "translations": data.get("translations", {}),
            },
        )
    authors = {}
    for data in read_demo_data("articles", "authors"):
        authors[data["slug"]], _created = Author.objects.update_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "handle": data["handle"], "bio": data["bio"]},
        )
    users = get_user_model().objects.filter(username__in=["reporter", "editor"])
    accounts = {user.username: user for user in users}
    reporter, editor = accounts["reporter"], accounts["editor"]
    Author.objects.filter(user=reporter).exclude(slug=REPORTER_AUTHOR).update(user=None)
    Author.objects.filter(slug=REPORTER_AUTHOR).update(user=reporter)
    stories = read_demo_data("articles", "articles")
    created = 0
    for index, data in enumerate(stories):
        article = Article.objects.filter(slug=data["slug"]).first()
        if article is not None:
            continue  # Leave stories that staff may have edited since the first load alone.
        status, publish_at, wanted = article_state(index, data["hours_ago"], now, len(stories))
        filed_by = reporter if status == Article.Status.DRAFT else editor
        article = Article(
            slug=data["slug"],
            headline=data["headline"],
            standfirst=data["standfirst"],
            body="\n".join(data["body"]),
            section=sections[data["section"]],
            dateline_place=data["dateline"],
            status=status,
            publish_at=publish_at,
            created_by=filed_by,
        )
        with create_revision():
            article.save()
            article.authors.set([authors[slug] for slug in data["authors"]])
            article.tags.set(data["tags"])
            set_user(filed_by)
            set_comment("Created.")
        _move_to(article, wanted, reporter=reporter, editor=editor, now=now)
        _correct(article, data.get("corrections", []), editor=editor, now=now)
        created += 1
    pictured = _place_lead_pictures(stories)
    versions = _load_language_versions(editor=editor, now=now)
    command.stdout.write(
        f"Articles: {created} created, {Article.objects.count()} in all "
        f"({Article.objects.published().count()} published), {len(sections)} sections; "
        f"{pictured} lead pictures placed; {versions} versions in other languages created."
    )


def _load_language_versions(*, editor, now):
    """Hindi versions of some of the stories (articles_hi.json, written for the demo), started
    as staff start them (articles.translations: section, tags and pictures from the original)
    and published a little after it."""
    created = 0
    for data in read_demo_data("articles", "articles_hi"):
        if Article.objects.filter(slug=data["slug"]).exists():
            continue  # Leave what staff may have edited since the first load alone.
        original = Article.objects.filter(slug=data["translation_of"]).first()
        if original is None or not original.is_live:
            continue
        version = translations.article_translation_start(
            actor=editor, article=original, language="hi"
        )
        version.headline = data["headline"]
        version.slug = data["slug"]
        version.standfirst = data["standfirst"]
        version.body = "\n".join(data["body"])
        version.dateline_place = data["dateline"]
        version.status = Article.Status.PUBLISHED
        version.publish_at = min(
            original.publish_at + timedelta(minutes=data["minutes_after"]), now
        )
        with create_revision():
            version.save()
            version.authors.set(original.authors.all())
            version.tags.set(data["tags"])
            set_user(editor)
            set_comment("Hindi version written.")
        created += 1
    return created


def _correct(article, corrections, *, editor, now):
    """The story's corrections, an hour apart from two hours after it went out."""
    if not article.publish_at:
        return
    for hours, text in enumerate(corrections, start=2):
        when = min(article.publish_at + timedelta(hours=hours), now)
        services.correction_save(
            actor=editor, correction=Correction(article=article, text=text, corrected_at=when)
        )


def _place_lead_pictures(stories):
    placed = 0
    for data in stories:
        if not data.get("picture"):
            continue
        article = Article.objects.filter(slug=data["slug"]).only("id", "lead_image").first()
        if article is None or article.lead_image_id is not None:
            continue  # Leave pictures that staff may have changed since the first load alone.
        image = demo_picture(data["picture"])
        if image is None:
            continue
        # update(), not save(): attaching the demo picture is not an edit readers are told about.
        Article.objects.filter(pk=article.pk).update(lead_image=image)
        placed += 1
    return placed
