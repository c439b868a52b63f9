"""Shareable draft links (issue 20): the desk lets someone with no account read an unpublished
story through a signed link that expires and can be revoked; the page is never cached, never
indexed and sends no Referer; making and revoking are in the audit log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services, sharing
from articles.models import Article, DraftShareLink
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR, REPORTER
from tests.visible import visible_text

from .factories import make_member, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return make_member("editor", EDITOR)


@pytest.fixture
def draft():
    return make_story(headline="Budget leak: what the draft says", status=Article.Status.IN_REVIEW)


def _url(link):
    return reverse("articles:shared_preview", args=[sharing.share_link_token(link)])


def test_the_link_shows_the_draft_to_someone_with_no_account(client, desk, draft):
    link = sharing.share_link_create(actor=desk, article=draft, hours=24, note="Source: quotes")
    assert client.get(draft.get_absolute_url()).status_code == 404  # readers still cannot
    response = client.get(_url(link))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Budget leak: what the draft says" in text
    assert "Readers cannot see it." in text
    link.refresh_from_db()
    assert link.views == 1
    assert link.last_viewed_at is not None


def test_the_page_is_never_cached_and_never_indexed(client, desk, draft, page_cache):
    link = sharing.share_link_create(actor=desk, article=draft)
    first = client.get(_url(link))
    assert "no-cache" in first["Cache-Control"]
    assert "no-store" in first["Cache-Control"]
    assert first["X-Robots-Tag"] == "noindex, nofollow"
    assert first["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in first.content.decode()
    # Revoked a moment later: the next request must not be served a stored copy.
    sharing.share_link_revoke(actor=desk, link=link)
    assert client.get(_url(link)).status_code == 410


def test_an_expired_link_says_so(client, desk, draft):
    link = sharing.share_link_create(actor=desk, article=draft, hours=1)
    DraftShareLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - timedelta(hours=2),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    response = client.get(_url(link))
    assert response.status_code == 410
    assert "This preview link has expired" in response.content.decode()
    assert "Budget leak" not in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_revoked_link_says_so(client, desk, draft):
    link = sharing.share_link_create(actor=desk, article=draft)
    sharing.share_link_revoke(actor=desk, link=link)
    response = client.get(_url(link))
    assert response.status_code == 410
    assert "This preview link has been revoked" in response.content.decode()


@pytest.mark.parametrize("token", ["nonsense", "abc:def", "0" * 32])
def test_a_made_up_or_altered_token_is_a_404(client, desk, draft, token):
    assert client.get(reverse("articles:shared_preview", args=[token])).status_code == 404


def test_an_altered_signature_is_a_404(client, desk, draft):
    link = sharing.share_link_create(actor=desk, article=draft)
    token = sharing.share_link_token(link)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(reverse("articles:shared_preview", args=[tampered])).status_code == 404


def test_once_live_the_link_leads_to_the_public_page(client, desk, draft):
    link = sharing.share_link_create(actor=desk, article=draft)
    services.article_publish(actor=desk, article=draft)
    response = client.get(_url(link))
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_making_and_revoking_are_audited(desk, draft):
    link = sharing.share_link_create(actor=desk, article=draft, note="For the lawyer")
    sharing.share_link_revoke(actor=desk, link=link)
    sharing.share_link_revoke(actor=desk, link=link)  # twice: recorded once
    actions = list(
        AuditEntry.objects.filter(object_id=draft.pk).order_by("id").values_list("action", "note")
    )
    assert [action for action, _note in actions][-2:] == [sharing.SHARED, sharing.REVOKED]
    assert "For the lawyer" in actions[-1][1]


def test_only_the_desk_shares_previews(client, draft):
    reporter = make_member("reporter", REPORTER)
    own = make_story(by=reporter)
    with pytest.raises(services.WorkflowError):
        sharing.share_link_create(actor=reporter, article=own)
    client.force_login(reporter)
    assert client.get(reverse("admin:articles_article_share", args=[own.pk])).status_code == 403
    assert client.post(reverse("admin:articles_article_share", args=[own.pk])).status_code == 403
    assert not DraftShareLink.objects.exists()


@pytest.mark.parametrize("hours", ["0", "1000", "soon"])
def test_a_bad_lifetime_is_a_message(client, desk, draft, hours):
    client.force_login(desk)
    response = client.post(
        reverse("admin:articles_article_share", args=[draft.pk]), {"hours": hours}
    )
    assert response.status_code == 400
    assert 'class="errornote"' in response.content.decode()
    assert not DraftShareLink.objects.exists()


def test_the_desk_makes_copies_and_revokes_a_link_in_the_admin(client, desk, draft):
    client.force_login(desk)
    change = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    share = reverse("admin:articles_article_share", args=[draft.pk])
    assert f'href="{share}"' in change
    response = client.post(share, {"hours": "6", "note": "Minister's office"})
    assert response.status_code == 302
    link = DraftShareLink.objects.get()
    assert timedelta(hours=5, minutes=59) < link.expires_at - link.created_at <= timedelta(hours=6)
    page = client.get(share).content.decode()
    assert sharing.share_link_url(link) in page
    assert "Minister&#x27;s office" in page
    revoke = reverse("admin:articles_article_share_revoke", args=[draft.pk, link.pk])
    assert client.post(revoke).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert sharing.share_link_url(link) not in client.get(share).content.decode()


def test_preview_is_a_reserved_section_slug():
    from django.core.exceptions import ValidationError

    from articles.models import validate_section_slug

    with pytest.raises(ValidationError):
        validate_section_slug("preview")
