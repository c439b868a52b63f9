import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import make_article, make_staff
from comments.islands import comments_island
from comments.models import Comment
from comments.services import comment_approve
from comments.views import COMMENT_RATE
from newsroom.cache import SITE, STORIES, invalidate
from newsroom.ratelimit import parse_rate

from .factories import make_comment

RATE_LIMIT, _WINDOW = parse_rate(COMMENT_RATE)

pytestmark = pytest.mark.django_db

GOOD = {"name": "Asha Wankhede", "email": "asha@example.org", "body": "Thank you for this."}


def _post_url(article):
    return reverse("comments:post", kwargs={"article_id": article.pk})


def _token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_good_comment_is_held_and_the_reader_is_told_so(client):
    article = make_article()
    response = client.post(_post_url(article), GOOD, REMOTE_ADDR="203.0.113.5")
    held = reverse("comments:held", kwargs={"article_id": article.pk})
    assert response.status_code == 302
    assert response["Location"] == held
    comment = Comment.objects.get()
    assert (comment.article, comment.status) == (article, Comment.Status.PENDING)
    assert str(comment.ip_address) == "203.0.113.5"
    page = client.get(held)
    assert "held for moderation" in page.content.decode()
    assert "no-cache" in page["Cache-Control"]
    # Not shown until approved.
    assert GOOD["body"] not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "", "Please write your comment; it is empty."),
        ("body", "   \n  ", "Please write your comment; it is empty."),
        ("body", "x" * 2001, "Please shorten your comment to 2,000 characters or fewer (it has"),
        ("name", "", "Please give a name to show with your comment."),
        ("email", "asha-at-example", "Please give a valid email address"),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_the_text(client, field, value, message):
    article = make_article()
    response = client.post(_post_url(article), {**GOOD, field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if field != "body":
        assert GOOD["body"] in html
    assert not Comment.objects.exists()


def test_honeypot_stores_nothing_but_looks_like_success(client):
    article = make_article()
    response = client.post(_post_url(article), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_rate_limit_per_client_keeps_the_text_and_spares_others(client):
    article = make_article()
    for number in range(RATE_LIMIT):
        response = client.post(
            _post_url(article), {**GOOD, "body": f"Point {number}"}, REMOTE_ADDR="198.51.100.7"
        )
        assert response.status_code == 302
    response = client.post(
        _post_url(article), {**GOOD, "body": "One too many"}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait ten minutes" in html
    assert "One too many" in html
    assert Comment.objects.count() == RATE_LIMIT
    other = client.post(_post_url(article), GOOD, REMOTE_ADDR="198.51.100.8")
    assert other.status_code == 302
    assert Comment.objects.count() == RATE_LIMIT + 1


def test_cached_article_page_form_carries_no_per_visitor_token():
    client = Client(enforce_csrf_checks=True)
    article = make_article()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert f'action="{_post_url(article)}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies


def test_post_from_a_cached_page_without_a_token_asks_to_confirm_and_loses_nothing():
    client = Client(enforce_csrf_checks=True)
    article = make_article()
    client.get(article.get_absolute_url())
    first = client.post(_post_url(article), GOOD)
    assert first.status_code == 403
    html = first.content.decode()
    assert "press “Post comment” again to confirm" in html
    assert GOOD["body"] in html
    assert GOOD["email"] in html
    assert GOOD["name"] in html
    assert not Comment.objects.exists()

    confirmed = client.post(_post_url(article), {**GOOD, "csrfmiddlewaretoken": _token(html)})
    assert confirmed.status_code == 302
    assert Comment.objects.get().body == GOOD["body"]


def test_token_fetched_by_script_lets_the_first_post_through():
    client = Client(enforce_csrf_checks=True)
    article = make_article()
    response = client.get(reverse("csrf-token"))
    assert "no-cache" in response["Cache-Control"]
    token = response.json()["token"]
    posted = client.post(_post_url(article), {**GOOD, "csrfmiddlewaretoken": token})
    assert posted.status_code == 302
    assert Comment.objects.count() == 1


def test_forged_post_with_a_wrong_token_or_foreign_origin_stores_nothing():
    client = Client(enforce_csrf_checks=True)
    article = make_article()
    client.get(reverse("csrf-token"))
    wrong = client.post(_post_url(article), {**GOOD, "csrfmiddlewaretoken": "x" * 64})
    assert wrong.status_code == 403
    token = client.get(reverse("csrf-token")).json()["token"]
    foreign = client.post(
        _post_url(article),
        {**GOOD, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://evil.example",
    )
    assert foreign.status_code == 403
    assert not Comment.objects.exists()


def test_form_page_is_never_cached_and_has_a_real_token():
    client = Client(enforce_csrf_checks=True)
    article = make_article()
    response = client.get(reverse("comments:new", kwargs={"article_id": article.pk}))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    token = _token(response.content.decode())
    posted = client.post(_post_url(article), {**GOOD, "csrfmiddlewaretoken": token})
    assert posted.status_code == 302


def test_article_page_shows_approved_comments_oldest_first_with_a_count(client):
    article = make_article()
    newer = make_comment(article=article, status=Comment.Status.APPROVED, body="Second said")
    older = make_comment(article=article, status=Comment.Status.APPROVED, body="First said")
    older.created_at = newer.created_at.replace(year=newer.created_at.year - 1)
    older.save()
    for status in [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM]:
        make_comment(article=article, status=status, body=f"Hidden {status}")
    make_comment(status=Comment.Status.APPROVED, body="On another story")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comments (2)" in html
    assert html.index("First said") < html.index("Second said")
    assert "Hidden" not in html
    assert "On another story" not in html
    assert f'id="comment-{older.pk}"' in html


def test_comment_text_is_shown_as_plain_text(client):
    article = make_article()
    make_comment(
        article=article,
        status=Comment.Status.APPROVED,
        email="secret.reader@example.org",
        body='<a href="https://x.example">click</a> https://y.example\nline two',
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;a href=&quot;https://x.example&quot;&gt;click&lt;/a&gt;" in html
    assert 'href="https://y.example"' not in html
    assert "https://y.example<br>line two" in html
    assert "secret.reader@example.org" not in html


def test_closed_comments_show_existing_ones_and_refuse_new(client):
    article = make_article(comments_enabled=False)
    make_comment(article=article, status=Comment.Status.APPROVED, body="Said before closing")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Said before closing" in html
    assert "Comments on this story are closed." in html
    comments_section = html.split('id="comments"')[1].split("</section>")[0]
    assert "<form" not in comments_section
    response = client.post(_post_url(article), GOOD)
    assert response.status_code == 403
    assert "closed" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("name", ["new", "post", "held"])
def test_unpublished_or_missing_articles_are_404(client, name):
    draft = make_article(status=Article.Status.DRAFT)
    for article_id in [draft.pk, 999999]:
        url = reverse(f"comments:{name}", kwargs={"article_id": article_id})
        response = client.post(url, GOOD) if name == "post" else client.get(url)
        assert response.status_code == 404
    assert not Comment.objects.exists()


def test_get_on_the_post_address_is_refused(client):
    assert client.get(_post_url(make_article())).status_code == 405


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_page_query_count_is_the_same_with_1_and_50_comments(client):
    article = make_article()
    make_comment(article=article, status=Comment.Status.APPROVED)
    client.get(article.get_absolute_url())  # warm the site-settings cache
    # Counted on a full render: a change to the whole site renders every part of the page
    # again, and the comments island is rendered again too.
    invalidate(SITE, STORIES)
    comments_island.invalidate(key=article.pk)
    with_one = _count_queries(client, article.get_absolute_url())
    for _ in range(49):
        make_comment(article=article, status=Comment.Status.APPROVED)
    invalidate(SITE, STORIES)
    comments_island.invalidate(key=article.pk)
    with_fifty = _count_queries(client, article.get_absolute_url())
    assert with_one == with_fifty
    assert "Comments (50)" in client.get(article.get_absolute_url()).content.decode()


def test_an_approved_comment_shows_on_a_page_already_rendered(client):
    article = make_article()
    comment = make_comment(article=article, body="First to read it.")
    assert "First to read it." not in client.get(article.get_absolute_url()).content.decode()
    comment_approve(comment=comment, actor=make_staff())
    html = client.get(article.get_absolute_url()).content.decode()
    assert "First to read it." in html
    assert "Comments (1)" in html


def test_new_lines_from_the_browser_count_once(client):
    article = make_article()
    body = ("line\r\n" * 400).strip()  # 2,398 characters as sent, 1,999 as typed
    response = client.post(_post_url(article), {**GOOD, "body": body})
    assert response.status_code == 302
    assert Comment.objects.get().body == ("line\n" * 400).strip()
