"""Reader comments for the demo newsroom, from `comments/demo_data/comments.json`."""

from django.contrib.auth import get_user_model

from articles.models import Article
from newsroom.demo import read_demo_data

from .models import Comment
from .services import comment_approve, comment_create

# The last few stay in the moderation queue, so the dashboard has something to do.
LEFT_PENDING = 2


def load(command):
    # The demo's moderator (made by newsroom/demo.py, in the Moderator group) approves them.
    comments = read_demo_data("comments", "comments")
    moderator = get_user_model().objects.filter(username="moderator").first()
    articles = Article.objects.in_bulk([data["article"] for data in comments], field_name="slug")
    created = 0
    for index, data in enumerate(comments):
        article = articles.get(data["article"])
        if article is None or not article.comments_enabled:
            continue
        email = data["email"].lower()
        if Comment.objects.filter(article=article, email=email, body=data["body"]).exists():
            continue  # Loaded before; moderators may have acted on it since.
        comment = comment_create(article=article, name=data["name"], email=email, body=data["body"])
        if index < len(comments) - LEFT_PENDING:
            comment_approve(comment=comment, actor=moderator)
        created += 1
    command.stdout.write(
        f"Comments: {created} created, {Comment.objects.count()} in all "
        f"({Comment.objects.awaiting_moderation().count()} awaiting moderation)."
    )
