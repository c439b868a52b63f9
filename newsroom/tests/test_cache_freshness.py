"""Cached article pages follow what readers see: an approved comment, a paid gift."""

import pytest
from django.urls import reverse

from articles.tests.factories import make_article
from comments.models import Comment
from comments.services import comment_approve, comment_create, comment_reject
from donations.tests.factories import make_appeal, make_donation
from newsroom.cache import content_version

pytestmark = pytest.mark.django_db


def test_an_approved_comment_reaches_a_cached_article_page(client, page_cache, django_user_model):
    article = make_article()
    moderator = django_user_model.objects.create_user("moderator", is_staff=True)
    comment = comment_create(
        article=article, name="Ravi", email="ravi@example.org", body="Useful explainer."
    )
    first = client.get(article.get_absolute_url()).content.decode()
    assert "Useful explainer." not in first
    version = content_version()
    comment_approve(comment=comment, actor=moderator)
    assert content_version() != version
    assert "Useful explainer." in client.get(article.get_absolute_url()).content.decode()

    version = content_version()
    comment_reject(comment=comment, actor=moderator)
    assert content_version() != version
    assert "Useful explainer." not in client.get(article.get_absolute_url()).content.decode()


def test_a_comment_held_for_moderation_leaves_cached_pages_alone(page_cache):
    article = make_article()
    version = content_version()
    comment = comment_create(article=article, name="Ravi", email="r@example.org", body="Hello.")
    assert comment.status == Comment.Status.PENDING
    assert content_version() == version


def test_paid_gifts_move_the_bar_at_most_once_a_minute(client, page_cache):
    from donations import services
    from donations.gateways import GatewayEvent

    appeal = make_appeal(goal=200_000)
    versions = [content_version()]
    for _ in range(3):
        donation = make_donation(appeal=appeal, amount_minor=25_000)
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
        versions.append(content_version())
    assert versions[1] != versions[0]  # the first gift refreshes cached pages
    assert versions[3] == versions[1]  # the next ones within the minute do not
    html = client.get(reverse("donations:support")).content.decode()
    assert "₹750" in html
