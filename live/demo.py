"""Live coverage for the demo newsroom, from `live/demo_data/coverage.json`: one story covered
live now (the Nagpur heatwave) and one whose coverage has ended with a summary."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article
from images.demo import demo_picture
from newsroom.demo import read_demo_data

from .models import LiveCoverage
from .services import coverage_end, coverage_start, entry_post


def load(command):
    now = timezone.now()
    users = get_user_model().objects.in_bulk(["editor", "reporter"], field_name="username")
    editor, reporter = users.get("editor"), users.get("reporter")
    made = 0
    for data in read_demo_data("live", "coverage"):
        article = Article.objects.filter(slug=data["article"]).first()
        if article is None or LiveCoverage.objects.filter(article=article).exists():
            continue  # Loaded before (staff may have posted or ended it since).
        coverage = coverage_start(
            article=article,
            actor=editor,
            started_at=now - timedelta(minutes=data["started_minutes_ago"]),
        )
        for entry in data["entries"]:
            picture = demo_picture(entry["picture"]) if entry.get("picture") else None
            entry_post(
                coverage=coverage,
                actor=reporter,
                posted_at=now - timedelta(minutes=entry["minutes_ago"]),
                pinned=entry.get("pinned", False),
                title=entry.get("title", ""),
                body=entry.get("body", ""),
                quote=entry.get("quote", ""),
                quote_source=entry.get("quote_source", ""),
                image=picture,
                image_caption=entry.get("caption", "") if picture else "",
                embed_url=entry.get("embed_url", ""),
            )
        if "ended_minutes_ago" in data:
            coverage_end(
                coverage=coverage,
                summary=data["summary"],
                actor=editor,
                ended_at=now - timedelta(minutes=data["ended_minutes_ago"]),
            )
        made += 1
    command.stdout.write(
        f"Live coverage: {made} created, {LiveCoverage.objects.running().count()} running."
    )
