"""The benchmark's reader comments (see bench/loaders): every published story carries one to
four approved comments, so the article page renders its comment list, and a few stories have one
still awaiting moderation, which readers must not see."""

from datetime import timedelta

from django.utils import timezone

from comments.models import Comment

BODIES = [
    "Thank you for reporting this from the ground.",
    "The figures in the third paragraph do not match what the ministry published last week. "
    "Could you check them and print a correction if needed?",
    "We live near the river and nobody from the council has visited since the floods.",
    "A clear and fair account. More of this, please.",
    "Which district does this apply to? The story mentions two and the headline only one.",
]
MOST_PER_STORY = 4
PENDING_EVERY = 50


def load(*, articles, stdout):
    now = timezone.now().replace(microsecond=0)
    comments = []
    for n, article in enumerate(articles):
        if article.publish_at is None or article.publish_at > now or not article.comments_enabled:
            continue
        for k in range(n % MOST_PER_STORY + 1):
            written = article.publish_at + timedelta(minutes=5 * (k + 1))
            comments.append(
                Comment(
                    article=article,
                    name=f"Reader {(n + k) % 997}",
                    email=f"reader{(n + k) % 997}@example.com",
                    body=BODIES[(n + k) % len(BODIES)],
                    status=Comment.Status.APPROVED,
                    created_at=written,
                    moderated_at=written + timedelta(minutes=30),
                )
            )
        if n % PENDING_EVERY == 0:
            comments.append(
                Comment(
                    article=article,
                    name="Reader in the queue",
                    email="queue@example.com",
                    body="Waiting for a moderator.",
                    created_at=now - timedelta(minutes=n % 600),
                )
            )
    Comment.objects.bulk_create(comments, batch_size=5000)
    approved = sum(1 for comment in comments if comment.status == Comment.Status.APPROVED)
    stdout(f"  comments: {approved:,} approved, {len(comments) - approved:,} awaiting moderation")
