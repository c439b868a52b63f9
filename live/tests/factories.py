from articles.tests.factories import make_article, make_staff
from live.services import coverage_start, entry_post


def make_coverage(*, article=None, actor=None):
    article = article or make_article()
    return coverage_start(article=article, actor=actor or _desk())


def make_entry(*, coverage, actor=None, **fields):
    if not any(fields.get(name) for name in ("title", "body", "image", "quote", "embed_url")):
        fields["body"] = "<p>Something happened.</p>"
    return entry_post(coverage=coverage, actor=actor or _desk(), **fields)


def _desk():
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username="live-desk").first()
    return found or make_staff("live-desk")
