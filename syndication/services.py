"""Writes of the syndication app: clients' keys, and the versions of stories sent to clients.

Keys: `api_key_create` (the secret is returned once and never stored), `api_key_revoke`.

Versions: `story_version_record(story_id=)` compares the story as it is now with the last version
clients got and adds a version when they differ (signals.py calls it after every commit that
touches a story); `story_versions_release()` gives waiting versions their place in the feed.
"""

import hashlib
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import STORY_LANGUAGES, Article
from newsroom.services import audit_record

from . import keys, ninjs
from .models import ApiKey, FeedCounter, StoryVersion

logger = logging.getLogger(__name__)

KEY_CREATED = "key created"
KEY_REVOKED = "key revoked"
CORRECTION_SENT = "correction sent to clients"
KILL_SENT = "kill sent to clients"
DELETED_STORY_REASON = "The wire has withdrawn this story."


def api_key_create(*, client, actor, label="", retire_others_after=None):
    """A new key for `client`: returns (ApiKey, the full key to show once).

    `retire_others_after` (a timedelta) rotates: the client's other working keys stop after
    that long, so the client can switch over without a gap; None leaves them as they are."""
    prefix, secret = keys.new_key()
    now = timezone.now()
    api_key = ApiKey(
        client=client,
        label=label,
        prefix=prefix,
        secret_hash=keys.hash_key(secret),
        created_at=now,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    api_key.full_clean()
    with transaction.atomic():
        api_key.save()
        note = ""
        if retire_others_after is not None:
            ends = now + retire_others_after
            retiring = list(
                ApiKey.objects.usable(now)
                .filter(client=client)
                .exclude(pk=api_key.pk)
                .select_for_update()
            )
            for other in retiring:
                if other.expires_at is None or other.expires_at > ends:
                    other.expires_at = ends
                    other.save(update_fields=["expires_at"])
            if retiring:
                note = _("Rotation: %(keys)s stop at %(time)s.") % {
                    "keys": ", ".join(other.prefix for other in retiring),
                    "time": ninjs.iso(ends),
                }
        audit_record(actor=actor, action=KEY_CREATED, obj=api_key, note=note)
    return api_key, secret


def api_key_revoke(*, api_key, actor):
    """The key stops working at once (the API looks every key up on every request)."""
    with transaction.atomic():
        api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if api_key.revoked_at is None:
            api_key.revoked_at = timezone.now()
            api_key.save(update_fields=["revoked_at"])
            audit_record(actor=actor, action=KEY_REVOKED, obj=api_key)
    return api_key


def syndicated_article(story_id):
    """The story with what its ninjs needs, or None if it no longer exists."""
    return (
        Article.objects.select_related("section", "lead_image")
        .prefetch_related("authors")
        .filter(pk=story_id)
        .first()
    )


def _is_syndicated(article):
    return article is not None and article.status == Article.Status.PUBLISHED


def story_version_record(*, story_id, now=None):
    """Add a version of the story if clients have not had it as it is now; release it.

    Idempotent: recording twice with no change in between adds nothing. A version of a story
    scheduled for later waits (no sequence) until its time; a newer save replaces it. A story
    killed or deleted after clients had it gets a kill notice, and nothing after that."""
    now = now or timezone.now()
    with transaction.atomic():
        version = _record(story_id, now)
    if version is not None:
        story_versions_release(now=now)
    return version


def _record(story_id, now):
    # One recording per story at a time: the version numbers are counted from the last.
    article = Article.objects.select_for_update().filter(pk=story_id).first()
    StoryVersion.objects.filter(story_id=story_id, sequence__isnull=True).delete()
    article = syndicated_article(story_id) if article else None
    last = (
        StoryVersion.objects.filter(story_id=story_id, sequence__isnull=False)
        .order_by("-version")
        .first()
    )
    if last is not None and last.action == StoryVersion.Action.KILL:
        return None  # a killed story stays killed
    if article is None or article.killed_at:
        return _record_kill(article, last, story_id=story_id, now=now)
    if not _is_syndicated(article):
        return _record_withhold(article, last, now=now)
    number = last.version + 1 if last else 1
    payload = ninjs.story(article, version=number, now=now)
    if last and ninjs.same_story(payload, last.payload):
        return None
    if last is None:
        action = StoryVersion.Action.PUBLISH
    elif article.correction and article.correction != _correction_of(last.payload):
        action = StoryVersion.Action.CORRECT
        payload["ednote"] = ninjs.correction_note(article.correction)
        audit_record(actor=None, action=CORRECTION_SENT, obj=article, note=article.correction)
    else:
        action = StoryVersion.Action.UPDATE
    return StoryVersion.objects.create(
        article=article,
        story_id=article.pk,
        version=number,
        action=action,
        section=article.section,
        language=article.language,
        available_at=max(article.publish_at, now),
        created_at=now,
        payload=payload,
    )


def _record_withhold(article, last, *, now):
    """A story clients have, taken down (unpublished, not killed): they are told to hold it
    until a new version comes; publishing it again sends one."""
    if last is None or last.payload.get("pubstatus") == "withheld":
        return None
    return StoryVersion.objects.create(
        article=article,
        story_id=article.pk,
        version=last.version + 1,
        action=StoryVersion.Action.WITHHOLD,
        section_id=last.section_id,
        language=last.language,
        available_at=now,
        created_at=now,
        payload=ninjs.withheld_notice(last.payload, version=last.version + 1, now=now),
    )


def _record_kill(article, last, *, story_id, now):
    """A kill notice for a story clients have had (killed, or deleted outright)."""
    if last is None:
        return None  # never sent: nothing to withdraw
    reason = (article.kill_note if article else "") or DELETED_STORY_REASON
    version = StoryVersion.objects.create(
        article=article,
        story_id=story_id,
        version=last.version + 1,
        action=StoryVersion.Action.KILL,
        section_id=last.section_id,
        language=last.language,
        available_at=now,
        created_at=now,
        payload=ninjs.kill_notice(last.payload, version=last.version + 1, reason=reason, now=now),
    )
    if article is not None:
        audit_record(actor=None, action=KILL_SENT, obj=article, note=reason)
    return version


def _correction_of(payload):
    for description in payload.get("descriptions", []):
        if description.get("role") == "correction":
            return description["value"]
    return ""


def story_versions_release(*, now=None, wait=True):
    """Give every version whose time has come the next sequence numbers, in one transaction
    that holds the counter's lock until it commits: a later release waits for it, so numbers
    become visible in the order they were given. Returns how many were released.

    With `wait=False` (a client's request) it does nothing if another release is under way."""
    now = now or timezone.now()
    if not StoryVersion.objects.filter(sequence__isnull=True, available_at__lte=now).exists():
        return 0
    with transaction.atomic():
        FeedCounter.objects.get_or_create(pk=1)
        counter = FeedCounter.objects.select_for_update(skip_locked=not wait).filter(pk=1).first()
        if counter is None:
            return 0
        waiting = list(
            StoryVersion.objects.select_for_update()
            .filter(sequence__isnull=True, available_at__lte=now)
            .order_by("available_at", "id")
        )
        for version in waiting:
            counter.value += 1
            version.sequence = counter.value
            version.released_at = now
            version.save(update_fields=["sequence", "released_at"])
        counter.save(update_fields=["value"])
    if waiting:
        _push(waiting)
    return len(waiting)


def _push(versions):
    """Make the webhook deliveries of released versions and send them once committed."""
    from newsroom.background import enqueue

    from . import tasks, webhooks

    delivery_ids = webhooks.deliveries_for(versions)
    for delivery_id in delivery_ids:
        transaction.on_commit(
            lambda delivery_id=delivery_id: enqueue(tasks.deliver_webhook, str(delivery_id))
        )


def story_versions_backfill(*, now=None):
    """Record a version of every published story (for the demo, and after installing)."""
    ids = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("publish_at", "pk")
    count = 0
    for story_id in ids.values_list("pk", flat=True):
        if story_version_record(story_id=story_id, now=now):
            count += 1
    return count


# --- Partner wires in ----------------------------------------------------------------------------

WIRE_FILE_INGESTED = "wire file ingested"
DRAFTED_FROM_WIRE = "drafted from wire"
FETCH_TIMEOUT_SECONDS = 15


def wire_ingest(*, source, data, actor=None):
    """Take in the stories of a feed (bytes): returns how many were new. Raises
    ingest.FeedError, with a message for the desk, for a feed that is refused."""
    from . import ingest
    from .models import WireItem

    try:
        entries = ingest.parse(data)
    except ingest.FeedError as error:
        source.last_error = str(error)
        source.save(update_fields=["last_error"])
        raise
    now = timezone.now()
    with transaction.atomic():
        before = WireItem.objects.filter(source=source).count()
        WireItem.objects.bulk_create(
            [
                WireItem(
                    source=source,
                    source_item_id=entry.source_id,
                    headline=entry.headline,
                    summary=entry.summary,
                    body=entry.body,
                    link=entry.link,
                    byline=entry.byline,
                    language=entry.language,
                    urgency=entry.urgency,
                    categories=entry.categories,
                    published_at=entry.published_at,
                    received_at=now,
                )
                for entry in entries
            ],
            ignore_conflicts=True,
        )
        added = WireItem.objects.filter(source=source).count() - before
        source.last_polled_at = now
        source.last_error = ""
        source.save(update_fields=["last_polled_at", "last_error"])
        if actor is not None:
            audit_record(
                actor=actor,
                action=WIRE_FILE_INGESTED,
                obj=source,
                note=_("%(new)d new of %(total)d.") % {"new": added, "total": len(entries)},
            )
    return added


def fetch_feed(url):
    """The feed's bytes, at most ingest.MAX_FEED_BYTES; ingest.FeedError otherwise."""
    import urllib.error
    import urllib.request

    from . import ingest, outbound

    if not url.lower().startswith(("https://", "http://")):
        raise ingest.FeedError("The feed address must start with https:// or http://.")
    request = urllib.request.Request(url, headers={"User-Agent": "Newsroom-Wire-Ingest/1"})  # noqa: S310
    try:
        with outbound.open_public(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            data = response.read(ingest.MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ingest.FeedError(f"The feed answered HTTP {error.code}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ingest.FeedError(f"The feed could not be read ({reason}).") from None
    if len(data) > ingest.MAX_FEED_BYTES:
        raise ingest.FeedError("The feed is larger than 5 MB.")
    return data


def wire_poll(*, source):
    from . import ingest

    try:
        return wire_ingest(source=source, data=fetch_feed(source.url))
    except ingest.FeedError as error:
        source.last_polled_at = timezone.now()
        source.last_error = str(error)
        source.save(update_fields=["last_polled_at", "last_error"])
        logger.warning("wire feed refused", extra={"source": source.pk, "error": str(error)})
        return 0


def wire_sources_due(now=None):
    from .models import WireSource

    now = now or timezone.now()
    due = []
    for source in WireSource.objects.filter(is_active=True).exclude(url=""):
        if (
            source.last_polled_at is None
            or (now - source.last_polled_at).total_seconds() >= source.poll_minutes * 60
        ):
            due.append(source)
    return due


class WireSectionMissingError(ValueError):
    """A wire story that no rule maps and whose source has no fallback section."""


def wire_item_to_draft(*, actor, item, section=None):
    """A draft story from a wire item, in `actor`'s name, keeping the source's credit; the
    audit log records it. Once only: the item then points at its draft.

    The draft goes to `section` if given, else to the section the source's rules give the
    item's categories (selectors.wire_item_section), else to the source's fallback section;
    with none of them, WireSectionMissingError (never "the first section")."""
    from django.utils.html import escape

    from .models import WireItem
    from .selectors import wire_item_section

    if not actor.has_perm("articles.add_article"):
        raise PermissionError("articles.add_article")
    with transaction.atomic():
        item = WireItem.objects.select_for_update().select_related("source").get(pk=item.pk)
        if item.draft_id:
            return item.draft
        section = section or wire_item_section(item)[0]
        if section is None:
            raise WireSectionMissingError(
                _(
                    "No section for this story: none of its categories has a rule and "
                    "“%(source)s” has no fallback section. Set one in the admin "
                    "(Syndication, Wire sources)."
                )
                % {"source": item.source.name}
            )
        credit = item.source.credit
        source_line = f"<p><em>Source: {escape(credit)}"
        if item.byline:
            source_line += f" ({escape(item.byline)})"
        source_line += "</em></p>"
        article = Article(
            headline=item.headline[:200],
            slug=_draft_slug(item.headline),
            standfirst=item.summary[:400],
            body=(item.body or f"<p>{escape(item.summary)}</p>") + source_line,
            section=section,
            dateline_place="",
            status=Article.Status.DRAFT,
            urgency=item.urgency or 5,
            language=item.language if item.language in dict(STORY_LANGUAGES) else "en",
            created_by=actor,
        )
        article.save()
        article.tags.add(credit)
        item.draft = article
        item.drafted_by = actor
        item.save(update_fields=["draft", "drafted_by"])
        audit_record(
            actor=actor,
            action=DRAFTED_FROM_WIRE,
            obj=article,
            note=f"{credit}: {item.source_item_id} → {section.name}",
        )
    return article


def _draft_slug(headline):
    return Article.objects.free_slug(
        headline, fallback="wire-" + hashlib.sha256(headline.encode()).hexdigest()[:8]
    )


def syndication_records_prune(now=None):
    """Drop what is kept only for a while: usage entries older than SYNDICATION_USAGE_DAYS (the
    usage log answers "who took what" for about a year) and finished webhook deliveries older
    than SYNDICATION_DELIVERY_DAYS. Pending deliveries and the versions themselves stay.
    Returns (usage entries, deliveries) removed."""
    from django.conf import settings

    from .models import UsageEntry, WebhookDelivery

    now = now or timezone.now()
    usage_cutoff = now - timedelta(days=settings.SYNDICATION_USAGE_DAYS)
    delivery_cutoff = now - timedelta(days=settings.SYNDICATION_DELIVERY_DAYS)
    usage, _ = UsageEntry.objects.filter(at__lt=usage_cutoff).delete()
    deliveries, _ = (
        WebhookDelivery.objects.exclude(status=WebhookDelivery.Status.PENDING)
        .filter(created_at__lt=delivery_cutoff)
        .delete()
    )
    if usage or deliveries:
        logger.info("syndication records pruned", extra={"usage": usage, "deliveries": deliveries})
    return usage, deliveries
