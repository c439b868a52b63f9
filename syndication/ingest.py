"""Partner wires in: RSS 2.0, Atom 1.0 or ninjs (JSON) from a URL polled by a background task or
from a file uploaded in the admin, into `WireItem`s the desk sees on the dashboard's Wire panel.

Hostile input is refused or made harmless, never a crash:
- at most MAX_FEED_BYTES are read (more: refused); at most MAX_ITEMS items are taken per feed;
- XML is parsed with defusedxml, which refuses DTDs, entity declarations and external references
  (no "billion laughs", no XXE); bad XML is refused with the parser's message;
- text fields are cut to their column's size; the body is sanitised with nh3 (the same allowlist
  as our own stories), so no script, style, event handler or javascript: link survives;
- an item without an id falls back to its link; without either it is skipped.
Duplicates (same source, same id) are never stored twice: `update_or_create` would change an item
the desk may have taken, so an existing id is left as it is (`ignore_conflicts`)."""

import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import nh3
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.dateparse import parse_datetime

MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_ITEMS = 500
MAX_BODY_CHARS = 200_000
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

BODY_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "sub",
    "sup",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "a",
}


class FeedError(ValueError):
    """A feed refused, with a message for the desk."""


@dataclass
class Entry:
    source_id: str
    headline: str
    summary: str = ""
    body: str = ""
    link: str = ""
    byline: str = ""
    published_at: datetime | None = None
    urgency: int | None = None
    language: str = ""
    categories: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


MAX_CATEGORIES = 20
DC_SUBJECT = "{http://purl.org/dc/elements/1.1/}subject"


def category_key(value):
    """How a category is compared with the desk's rules: case and spacing do not matter."""
    return " ".join(str(value).split()).casefold()[:100]


def clean_categories(values):
    """The feed's categories or subjects, as plain text, each once, in the feed's order."""
    kept, seen = [], set()
    for value in values:
        text = clean_text(value if isinstance(value, str) else "", 100)
        if text and category_key(text) not in seen:
            seen.add(category_key(text))
            kept.append(text)
        if len(kept) >= MAX_CATEGORIES:
            break
    return kept


def clean_text(value, limit):
    """Plain text: markup dropped with what scripts and styles contain, entities decoded (the
    templates escape it again), whitespace folded, cut to `limit`."""
    text = html.unescape(nh3.clean(value or "", tags=set()))
    return " ".join(text.split())[:limit]


def clean_body(markup):
    return nh3.clean(
        (markup or "")[:MAX_BODY_CHARS],
        tags=BODY_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def clean_link(value):
    value = (value or "").strip()
    return value[:500] if re.match(r"^https?://", value, re.IGNORECASE) else ""


def _date(value):
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        try:
            moment = parse_datetime(value)  # Atom, ninjs: ISO 8601
        except ValueError:
            moment = None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse(data, *, content_type=""):
    """The entries of a feed given as bytes (RSS, Atom or ninjs, told apart by their content)."""
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"The feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB.")
    start = data.lstrip()[:1]
    if start in (b"{", b"["):
        return parse_ninjs(data)
    if start != b"<":
        raise FeedError("This is neither an RSS or Atom feed (XML) nor ninjs (JSON).")
    return parse_xml(data)


def _text(element, path):
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def parse_xml(data):
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise FeedError("The feed declares a DTD or entities, which are not accepted.") from None
    except Exception as error:  # ParseError and friends: the parser's own message
        raise FeedError(f"The feed is not well-formed XML ({error}).") from None
    if root.tag == "rss" or root.find("channel") is not None:
        items = root.iter("item")
        entries = (_rss_entry(item) for item in items)
    elif root.tag == f"{ATOM}feed":
        entries = (_atom_entry(entry) for entry in root.iter(f"{ATOM}entry"))
    else:
        raise FeedError("The XML is neither RSS 2.0 nor Atom 1.0.")
    return _taken(entries)


def _taken(entries):
    kept = []
    for entry in entries:
        if entry is not None:
            kept.append(entry)
        if len(kept) >= MAX_ITEMS:
            break
    return kept


def _rss_entry(item):
    link = clean_link(_text(item, "link"))
    source_id = _text(item, "guid").strip() or link
    headline = clean_text(_text(item, "title"), 300)
    if not source_id or not headline:
        return None
    description = _text(item, "description")
    body = _text(item, CONTENT) or description
    return Entry(
        source_id=source_id[:300],
        headline=headline,
        summary=clean_text(description, 600),
        body=clean_body(body),
        link=link,
        byline=clean_text(_text(item, DC_CREATOR) or _text(item, "author"), 200),
        published_at=_date(_text(item, "pubDate")),
        categories=clean_categories(
            [category.text or "" for category in item.findall("category")]
            + [subject.text or "" for subject in item.findall(DC_SUBJECT)]
        ),
    )


def _atom_entry(entry):
    link = ""
    for candidate in entry.findall(f"{ATOM}link"):
        if candidate.get("rel", "alternate") == "alternate":
            link = clean_link(candidate.get("href"))
            break
    source_id = _text(entry, f"{ATOM}id").strip() or link
    headline = clean_text(_text(entry, f"{ATOM}title"), 300)
    if not source_id or not headline:
        return None
    summary = _text(entry, f"{ATOM}summary")
    body = _text(entry, f"{ATOM}content") or summary
    return Entry(
        source_id=source_id[:300],
        headline=headline,
        summary=clean_text(summary, 600),
        body=clean_body(body),
        link=link,
        byline=clean_text(_text(entry, f"{ATOM}author/{ATOM}name"), 200),
        published_at=_date(_text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated")),
        # Atom: a category's term is its code, its label the words; a rule may name either.
        categories=clean_categories(
            value
            for category in entry.findall(f"{ATOM}category")
            for value in (category.get("term") or "", category.get("label") or "")
        ),
    )


def parse_ninjs(data):
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"The ninjs is not valid JSON ({error}).") from None
    if isinstance(document, dict):
        items = document.get("items", document.get("data", [document]))
        # Our own changes feed wraps each item: {"action": ..., "item": {...}}.
    else:
        items = document
    if not isinstance(items, list):
        raise FeedError("The ninjs holds no list of items.")
    entries = []
    for raw in items:
        item = raw.get("item", raw) if isinstance(raw, dict) else None
        if isinstance(item, dict):
            entries.append(_ninjs_entry(item))
    return _taken(entries)


def _first_value(values, role=None):
    if isinstance(values, str):
        return values
    if not isinstance(values, list):
        return ""
    for value in values:
        if isinstance(value, dict) and (role is None or value.get("role") in (role, None)):
            return str(value.get("value", ""))
    return ""


def _ninjs_entry(item):
    source_id = str(item.get("uri") or "").strip()
    headline = clean_text(_first_value(item.get("headlines")) or str(item.get("headline", "")), 300)
    if not source_id or not headline:
        return None
    urgency = item.get("urgency")
    urgency = urgency if isinstance(urgency, int) and 1 <= urgency <= 9 else None
    body = _first_value(item.get("bodies")) or str(item.get("body_html", ""))
    link = ""
    for alt in item.get("altids", []) if isinstance(item.get("altids"), list) else []:
        if isinstance(alt, dict) and alt.get("role") == "url":
            link = clean_link(str(alt.get("value", "")))
    return Entry(
        source_id=source_id[:300],
        headline=headline,
        summary=clean_text(_first_value(item.get("descriptions"), "summary"), 600),
        body=clean_body(body),
        link=link,
        byline=clean_text(str(item.get("by", "")), 200),
        published_at=_date(str(item.get("firstcreated") or item.get("versioncreated") or "")),
        urgency=urgency,
        language=clean_text(str(item.get("language", "")), 10),
        categories=_ninjs_categories(item.get("subjects")),
        extra={"pubstatus": item.get("pubstatus", "usable")},
    )


def _ninjs_categories(subjects):
    """A ninjs item's subjects: each one's name, then its code (literal or qcode) and uri, so a
    rule may name any of them."""
    if not isinstance(subjects, list):
        return []
    values = []
    for subject in subjects:
        if isinstance(subject, dict):
            values.extend(
                str(subject[key])
                for key in ("name", "literal", "code", "uri")
                if isinstance(subject.get(key), str)
            )
    return clean_categories(values)
