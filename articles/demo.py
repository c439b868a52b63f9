"""Sections, authors and articles of the demo newsroom, from `demo_content`."""

from datetime import timedelta

from django.utils import timezone

from .demo_content import ARTICLES, AUTHORS, SECTIONS
from .models import Article, Author, Section

# The last stories of the demo stand in the other states, so every workflow step has an example.
STATE_OVERRIDES = {
    -1: (Article.Status.DRAFT, None),
    -2: (Article.Status.IN_REVIEW, None),
    -3: (Article.Status.PUBLISHED, timedelta(hours=6)),  # scheduled
}


def article_state(index, hours_ago, now):
    status, ahead = STATE_OVERRIDES.get(index - len(ARTICLES), (Article.Status.PUBLISHED, None))
    if status != Article.Status.PUBLISHED:
        return status, None
    if ahead is not None:
        return status, now + ahead
    return status, now - timedelta(hours=hours_ago)


def load(command):
    now = timezone.now().replace(second=0, microsecond=0)
    sections = {}
    for position, data in enumerate(SECTIONS):
        sections[data["slug"]], _created = Section.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "position": position,
            },
        )
    authors = {}
    for data in AUTHORS:
        authors[data["slug"]], _created = Author.objects.update_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "handle": data["handle"], "bio": data["bio"]},
        )
    created = 0
    for index, data in enumerate(ARTICLES):
        article = Article.objects.filter(slug=data["slug"]).first()
        if article is not None:
            continue  # Leave stories that staff may have edited since the first load alone.
        status, publish_at = article_state(index, data["hours_ago"], now)
        article = Article(
            slug=data["slug"],
            headline=data["headline"],
            standfirst=data["standfirst"],
            body="\n".join(data["body"]),
            section=sections[data["section"]],
            dateline_place=data["dateline"],
            status=status,
            publish_at=publish_at,
            correction=data.get("correction", ""),
            corrected_at=publish_at + timedelta(hours=2)
            if data.get("correction") and publish_at
            else None,
            revised_at=publish_at + timedelta(hours=2)
            if data.get("correction") and publish_at
            else None,
        )
        article.save()
        article.authors.set([authors[slug] for slug in data["authors"]])
        article.tags.set(data["tags"])
        created += 1
    command.stdout.write(
        f"Articles: {created} created, {Article.objects.count()} in all "
        f"({Article.objects.published().count()} published), {len(sections)} sections."
    )
