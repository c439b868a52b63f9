from datetime import timedelta
from itertools import count

from django.utils import timezone

from articles.tests.factories import make_article
from comments.models import Comment

_sequence = count(1)


def make_comment(*, article=None, **fields):
    number = next(_sequence)
    fields.setdefault("name", f"Reader {number}")
    fields.setdefault("email", f"reader{number}@example.org")
    fields.setdefault("body", f"Comment number {number}.")
    fields.setdefault("status", Comment.Status.PENDING)
    if fields["status"] != Comment.Status.PENDING:
        fields.setdefault("moderated_at", timezone.now())
    fields.setdefault("created_at", timezone.now() - timedelta(minutes=1000 - number))
    return Comment.objects.create(article=article or make_article(), **fields)
