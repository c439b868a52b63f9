import pytest

from comments.models import Comment
from newsroom.demo import read_demo_data

pytestmark = pytest.mark.django_db


def test_demo_comments_load_once_with_two_left_for_moderation(demo_newsroom, client):
    assert demo_newsroom.rows_after_second_load["comments.Comment"] == Comment.objects.count()
    assert Comment.objects.count() == len(read_demo_data("comments", "comments"))
    assert Comment.objects.awaiting_moderation().count() == 2
    approved = Comment.objects.approved().select_related("article", "article__section").first()
    assert approved.moderated_by.username == "moderator"
    assert approved.moderated_by.has_perm("comments.change_comment")
    html = client.get(approved.article.get_absolute_url()).content.decode()
    assert approved.body[:40] in html
