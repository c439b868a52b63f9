"""Shareable draft links: an unpublished story read by someone with no account.

A link is `/preview/<token>/`, where the token is the link's random key signed with the site's
SECRET_KEY (django.core.signing, its own salt): a token cannot be guessed or altered, and the row
decides the rest (expiry, revocation), so a link can be revoked at once. Only the desk makes and
revokes links (`share_link_create`, `share_link_revoke`), each with an audit entry on the story;
each opening is counted on the link. The page says noindex (header and meta), is never cached,
and sends no Referer, so the token does not travel to other sites.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.services import audit_record

from .models import DraftShareLink
from .seo import absolute_url
from .services import WorkflowError, article_state, is_desk

SALT = "articles.draft-share-link"
SHARED = "preview link created"
REVOKED = "preview link revoked"
MAX_HOURS = 14 * 24
DEFAULT_HOURS = 48


def share_link_token(link):
    return signing.Signer(salt=SALT).sign(link.key.hex)


def share_link_url(link):
    return absolute_url(reverse("articles:shared_preview", args=[share_link_token(link)]))


def share_link_from_token(token):
    """The link a token names, or None (a token not signed by us, or for no link)."""
    try:
        key = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (
        DraftShareLink.objects.select_related("article", "article__section", "article__lead_image")
        .filter(key__exact=key)
        .first()
        if len(key) == 32
        else None
    )


def share_link_create(*, actor, article, hours=DEFAULT_HOURS, note=""):
    if not is_desk(actor):
        raise WorkflowError(_("Only an editor can share a preview of a story."))
    if article.is_live:
        raise WorkflowError(_("This story is live: share its address instead."))
    if not 1 <= int(hours) <= MAX_HOURS:
        raise WorkflowError(
            _("A preview link lasts from 1 hour to %(most)s hours.") % {"most": MAX_HOURS}
        )
    now = timezone.now()
    link = DraftShareLink(
        article=article,
        note=(note or "").strip()[:200],
        created_by=actor,
        created_at=now,
        expires_at=now + timedelta(hours=int(hours)),
    )
    link.full_clean()
    with transaction.atomic():
        link.save()
        state = article_state(article)
        audit_record(
            actor=actor,
            action=SHARED,
            obj=article,
            from_state=state,
            to_state=state,
            note=_("Link %(id)s, until %(until)s. %(note)s")
            % {
                "id": link.pk,
                "until": link.expires_at.isoformat(timespec="minutes"),
                "note": link.note,
            },
        )
    return link


def share_link_revoke(*, actor, link):
    if not is_desk(actor):
        raise WorkflowError(_("Only an editor can revoke a preview link."))
    with transaction.atomic():
        locked = DraftShareLink.objects.select_for_update().get(pk=link.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        state = article_state(locked.article)
        audit_record(
            actor=actor,
            action=REVOKED,
            obj=locked.article,
            from_state=state,
            to_state=state,
            note=_("Link %(id)s. %(note)s") % {"id": locked.pk, "note": locked.note},
        )
    return locked


def share_link_opened(link):
    DraftShareLink.objects.filter(pk=link.pk).update(
        views=F("views") + 1, last_viewed_at=timezone.now()
    )
