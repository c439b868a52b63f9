import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.tests.factories import make_article
from comments.models import Comment

from .factories import make_comment

pytestmark = pytest.mark.django_db


def test_absolute_url_points_at_the_comment_under_its_article():
    article = make_article()
    comment = make_comment(article=article)
    assert comment.get_absolute_url() == f"{article.get_absolute_url()}#comment-{comment.pk}"


def test_str_names_the_reader_and_the_start_of_the_comment():
    comment = make_comment(name="Kiran Reddy", body="A long comment " * 10)
    assert str(comment).startswith("Kiran Reddy: A long comment")
    assert len(str(comment)) < 80


def test_database_refuses_an_empty_or_over_long_body():
    article = make_article()
    for body in ["", "x" * 2001]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(article=article, name="A", email="a@example.org", body=body)


def test_database_refuses_a_moderated_status_without_a_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_comment(status=Comment.Status.APPROVED, moderated_at=None)


def test_full_clean_reports_an_over_long_body():
    comment = Comment(article=make_article(), name="A", email="a@example.org", body="x" * 2001)
    with pytest.raises(ValidationError) as error:
        comment.full_clean()
    assert "body" in error.value.message_dict


def test_from_reader_finds_a_readers_comments_whatever_the_case_of_the_address():
    mine = make_comment(email="asha@example.org")
    make_comment(email="someone.else@example.org")
    assert list(Comment.objects.from_reader(" Asha@Example.org ")) == [mine]
