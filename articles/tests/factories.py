from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Author, Section

_sequence = count(1)


def make_section(**fields):
    number = next(_sequence)
    fields.setdefault("name", f"Section {number}")
    fields.setdefault("slug", f"section-{number}")
    return Section.objects.create(**fields)


def make_author(**fields):
    number = next(_sequence)
    fields.setdefault("name", f"Reporter {number}")
    fields.setdefault("slug", f"reporter-{number}")
    fields.setdefault("handle", f"reporter{number}")
    return Author.objects.create(**fields)


def make_article(*, section=None, authors=(), tags=(), **fields):
    number = next(_sequence)
    fields.setdefault("headline", f"Headline number {number}")
    fields.setdefault("slug", f"headline-number-{number}")
    fields.setdefault("standfirst", f"Standfirst of story {number}.")
    fields.setdefault("body", f"<p>Body of story {number}.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
    article = Article.objects.create(section=section or make_section(), **fields)
    if authors:
        article.authors.set(authors)
    if tags:
        article.tags.set(list(tags))
    return article


def make_staff(username="staffer", **fields):
    fields.setdefault("is_staff", True)
    return get_user_model().objects.create_user(
        username=username, password="pw-for-tests", **fields
    )


def make_member(username, *groups, **fields):
    """A staff user in the named role groups (made by the roles migration)."""
    from django.contrib.auth.models import Group

    user = make_staff(username, **fields)
    user.groups.set(Group.objects.filter(name__in=groups))
    assert user.groups.count() == len(groups), f"missing role group among {groups}"
    return user


def make_story(*, by=None, status=Article.Status.DRAFT, **fields):
    """An article ready for the desk (standfirst, body, a byline), created by `by`."""
    author = make_author(user=None)
    return make_article(status=status, authors=[author], created_by=by, **fields)
