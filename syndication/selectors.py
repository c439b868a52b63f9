"""What a client may read: released versions of stories in its sections and languages."""

import base64
import binascii

from django.utils import timezone

from .models import StoryVersion, UsageEntry

CURSOR_PREFIX = "c1."


class BadCursorError(ValueError):
    pass


def encode_cursor(sequence):
    raw = f"{CURSOR_PREFIX}{sequence}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor):
    """The sequence a cursor stands for (0 for none); BadCursorError for anything this feed did not
    give out."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadCursorError(cursor) from None
    number = raw.removeprefix(CURSOR_PREFIX)
    if not raw.startswith(CURSOR_PREFIX) or not number.isdigit() or len(number) > 18:
        raise BadCursorError(cursor)
    return int(number)


def entitled_versions(client):
    """Released versions the client may take, whatever the story's state now."""
    section_ids = list(client.sections.values_list("pk", flat=True))
    return StoryVersion.objects.filter(
        sequence__isnull=False,
        section_id__in=section_ids,
        language__in=list(client.languages or []),
    )


def changes(client, *, after=0, limit=50):
    """(versions, next sequence, more?): the client's versions after sequence `after`, in order.

    The next sequence is the last one returned (or `after` when there is nothing new), so a
    client that asks again with it gets exactly what came after."""
    rows = list(
        entitled_versions(client).filter(sequence__gt=after).order_by("sequence")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].sequence if rows else after), more


def story_versions(client, story_id):
    """Every released version of one story the client may take, oldest first."""
    return list(entitled_versions(client).filter(story_id=story_id).order_by("version"))


def record_usage(api_key, versions, *, via):
    """The usage log: this key's client took these versions now."""
    now = timezone.now()
    UsageEntry.objects.bulk_create(
        UsageEntry(client_id=api_key.client_id, api_key=api_key, version=version, via=via, at=now)
        for version in versions
    )


def wire_items(query=""):
    """The partner wires' stories for the dashboard's Wire panel, newest first."""
    from .models import WireItem

    items = WireItem.objects.select_related("source__fallback_section", "draft")
    return items.search(query) if query else items


def _rule_sections(source_ids):
    """{source id: {category key: section}} for these sources, in one query."""
    from .models import WireSectionRule

    rules = {}
    for rule in WireSectionRule.objects.filter(source_id__in=source_ids).select_related("section"):
        rules.setdefault(rule.source_id, {})[rule.category] = rule.section
    return rules


def _section_for(item, rules):
    from .ingest import category_key

    for category in item.categories or []:
        section = rules.get(category_key(category))
        if section is not None:
            return section, category
    return item.source.fallback_section, None


def wire_item_section(item):
    """(section, category that chose it) for a wire item's draft: the first of its categories,
    in the feed's order, that the source has a rule for; else the source's fallback section
    with None; (None, None) when the source has neither."""
    return _section_for(item, _rule_sections([item.source_id]).get(item.source_id, {}))


def with_target_sections(items):
    """`items` (a page of the Wire panel) each given `target_section` and `target_category`,
    with one query for all their sources' rules."""
    items = list(items)
    rules = _rule_sections({item.source_id for item in items})
    for item in items:
        item.target_section, item.target_category = _section_for(
            item, rules.get(item.source_id, {})
        )
    return items
