"""Cached article pages stay cached when only a live island changes (an approved comment, a paid
gift), and the island's endpoint has the change at once."""

import pytest

from articles.tests.factories import make_article
from comments.models import Comment
from comments.services import comment_approve, comment_create, comment_reject
from donations.tests.factories import make_appeal, make_donation
from newsroom.cache import LISTINGS, SITE, generations

PAGE_TAGS = [SITE, LISTINGS]

pytestmark = pytest.mark.django_db


def _island(client, name, key):
    response = client.get(f"/islands/{name}/{key}/")
    assert response.status_code == 200
    return response


def test_an_approved_comment_reaches_its_island_and_leaves_the_page_cached(
    client, page_cache, django_user_model
):
    article = make_article()
    moderator = django_user_model.objects.create_user("moderator", is_staff=True)
    comment = comment_create(
        article=article, name="Ravi", email="ravi@example.org", body="Useful explainer."
    )
    client.get(article.get_absolute_url())  # the site's first request makes its settings row
    first = client.get(article.get_absolute_url())
    assert "Useful explainer." not in first.content.decode()
    island = _island(client, "comments", article.pk)
    version = generations(PAGE_TAGS)

    comment_approve(comment=comment, actor=moderator)
    assert generations(PAGE_TAGS) == version  # the page cache is left alone...
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    approved = client.get(
        f"/islands/comments/{article.pk}/", headers={"if-none-match": island["ETag"]}
    )
    assert approved.status_code == 200  # ...and the island has it at once
    assert "Useful explainer." in approved.content.decode()
    assert "Comments (1)" in approved.content.decode()

    comment_reject(comment=comment, actor=moderator)
    assert generations(PAGE_TAGS) == version
    assert "Useful explainer." not in _island(client, "comments", article.pk).content.decode()


def test_a_comment_held_for_moderation_changes_nothing_readers_see(client, page_cache):
    article = make_article()
    before = _island(client, "comments", article.pk)
    version = generations(PAGE_TAGS)
    comment = comment_create(article=article, name="Ravi", email="r@example.org", body="Hello.")
    assert comment.status == Comment.Status.PENDING
    assert generations(PAGE_TAGS) == version
    again = client.get(
        f"/islands/comments/{article.pk}/", headers={"if-none-match": before["ETag"]}
    )
    assert again.status_code == 304


def test_paid_gifts_move_the_bar_island_at_once_and_leave_the_page_cache_alone(client, page_cache):
    from donations import services
    from donations.gateways import GatewayEvent

    appeal = make_appeal(goal=200_000)
    article = make_article()
    client.get(article.get_absolute_url())  # the site's first request makes its settings row
    client.get(article.get_absolute_url())
    version = generations(PAGE_TAGS)
    for number in range(3):
        donation = make_donation(
            appeal=appeal, amount_minor=25_000, name=f"Donor {number}", is_public=True
        )
        services.payment_event_process(
            gateway_name="sandbox",
            event=GatewayEvent(
                event_id=f"evt-{donation.pk}",
                kind="payment.succeeded",
                donation_uuid=donation.uuid,
                outcome="paid",
                amount_minor=25_000,
                currency="INR",
                reference=f"ref-{donation.pk}",
            ),
        )
        raised = f"<strong>₹{250 * (number + 1)}</strong> of ₹2,00,000 raised"
        assert raised in _island(client, "appeal-progress", appeal.pk).content.decode()
        supporters = _island(client, "appeal-supporters", appeal.pk).content.decode()
        assert f"<strong>Donor {number}</strong>" in supporters
    assert generations(PAGE_TAGS) == version
    page = client.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert "<strong>₹0</strong> of ₹2,00,000 raised" in page.content.decode()  # as cached
    assert 'data-island-src="/islands/appeal-progress/' in page.content.decode()


def test_the_support_page_is_cached_and_its_supporters_and_bar_are_islands(client, page_cache):
    appeal = make_appeal(goal=200_000)
    make_donation(appeal=appeal, name="Meera Iyer", is_public=True, status="paid")
    client.get("/support/")  # the site's first request makes its settings row
    client.get("/support/")
    page = client.get("/support/")
    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    assert f'data-island-src="/islands/appeal-supporters/{appeal.pk}/"' in html
    assert f'data-island-src="/islands/appeal-progress/{appeal.pk}/"' in html
    assert "<strong>Meera Iyer</strong>" in html  # the first state, for readers without scripts
