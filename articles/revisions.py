"""Readable comparisons of two article revisions: headline, standfirst and body, word by word,
the body with its formatting written as marks (so making a word bold, adding a link or turning a
paragraph into a quotation shows as a change), and the names of every field that changed."""

import re
from difflib import SequenceMatcher
from html import unescape
from html.parser import HTMLParser

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

COMPARED_FIELDS = [
    ("headline", _("Headline")),
    ("standfirst", _("Standfirst")),
    ("body", _("Body")),
]

# Block-level tags end a paragraph: they become blank lines in the text that is compared.
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_TOKENS = re.compile(r"\s+|[^\s]+")


def html_to_text(html):
    """The text a reader sees, one paragraph per line, without markup or entities."""
    text = _BLOCK_END.sub("\n", html or "")
    text = unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


# How the body's formatting is written in a comparison (a legend on the page says so).
INLINE_MARKS = {"strong": "**", "b": "**", "em": "_", "i": "_", "s": "~~", "strike": "~~"}
HEADING_MARKS = {"h2": "## ", "h3": "### ", "h4": "#### "}
# Fields that change with every save, or that nobody edits: never named as changes.
HOUSEKEEPING_FIELDS = {"id", "created_at", "updated_at", "created_by", "search_document"}
_ONLY_A_PREFIX = re.compile(r"(?:> )+(?:- |\d+\. )?|(?:> )*(?:- |\d+\. )")


class _MarkedText(HTMLParser):
    """The body as text with its formatting as marks: **bold**, _italic_, ~~struck~~,
    [link text](address), "## " before a sub-head, "> " before a quoted paragraph, "- " or "1. "
    before a list item, "---" for a rule; one paragraph per line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.line = [], []
        self.quote_depth = 0
        self.lists = []
        self.links = []

    def _end_line(self):
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []

    def _start_block(self, prefix=""):
        self._end_line()
        self.line.append("> " * self.quote_depth + prefix)

    def handle_starttag(self, tag, attrs):
        if tag in INLINE_MARKS:
            self.line.append(INLINE_MARKS[tag])
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.line.append("[")
        elif tag == "sub" or tag == "sup":
            self.line.append(f"[{tag}:")
        elif tag == "blockquote":
            self._end_line()
            self.quote_depth += 1
        elif tag in {"ul", "ol"}:
            self._end_line()
            self.lists.append([tag, 0])
        elif tag == "li":
            prefix = "- "
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                prefix = f"{self.lists[-1][1]}. "
            self._start_block(prefix)
        elif tag in HEADING_MARKS:
            self._start_block(HEADING_MARKS[tag])
        elif tag == "p" and not _ONLY_A_PREFIX.fullmatch("".join(self.line)):
            # A paragraph inside a list item or quotation keeps the mark already written.
            self._start_block()
        elif tag == "br":
            self._start_block()
        elif tag == "hr":
            self._start_block("---")
            self._end_line()

    def handle_endtag(self, tag):
        if tag in INLINE_MARKS:
            self.line.append(INLINE_MARKS[tag])
        elif tag == "a":
            href = self.links.pop() if self.links else ""
            self.line.append(f"]({href})")
        elif tag == "sub" or tag == "sup":
            self.line.append("]")
        elif tag == "blockquote":
            self._end_line()
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag in {"ul", "ol"}:
            self._end_line()
            if self.lists:
                self.lists.pop()
        elif tag in {"p", "li", *HEADING_MARKS}:
            self._end_line()

    def handle_data(self, data):
        self.line.append(data)

    def text(self):
        self._end_line()
        return "\n".join(self.lines)


def html_to_marked_text(html):
    """The body as a reader sees it, with its formatting written as marks (see _MarkedText)."""
    parser = _MarkedText()
    parser.feed(html or "")
    parser.close()
    return parser.text()


def diff_html(old, new):
    """`old` → `new` as escaped HTML with <del> and <ins> around the words that changed.

    A change that spans several words reads as one struck phrase and one added phrase, not as
    alternating single words: the spaces between changed words belong to the change.
    """
    old_tokens = _TOKENS.findall(old or "")
    new_tokens = _TOKENS.findall(new or "")
    matcher = SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    opcodes = matcher.get_opcodes()
    parts, removed, added = [], [], []

    def flush():
        if removed:
            parts.append(f"<del>{escape(''.join(removed))}</del>")
        if added:
            parts.append(f"<ins>{escape(''.join(added))}</ins>")
        removed.clear()
        added.clear()

    for index, (operation, old_start, old_end, new_start, new_end) in enumerate(opcodes):
        same = old_tokens[old_start:old_end]
        between_changes = 0 < index < len(opcodes) - 1
        if operation == "equal" and not (between_changes and "".join(same).isspace()):
            flush()
            parts.append(escape("".join(same)))
            continue
        removed.extend(old_tokens[old_start:old_end])
        added.extend(new_tokens[new_start:new_end])
    flush()
    return mark_safe("".join(parts))


def compare_versions(old_version, new_version):
    """[(label, diff html, changed?, formatting only?)] for the compared fields of two reversion
    Versions; the body is compared with its formatting as marks."""
    old_fields = old_version.field_dict
    new_fields = new_version.field_dict
    rows = []
    for name, label in COMPARED_FIELDS:
        old_value = old_fields.get(name) or ""
        new_value = new_fields.get(name) or ""
        formatting_only = False
        if name == "body":
            formatting_only = old_value != new_value and html_to_text(old_value) == html_to_text(
                new_value
            )
            old_value, new_value = html_to_marked_text(old_value), html_to_marked_text(new_value)
        changed = old_value != new_value
        rows.append((label, diff_html(old_value, new_value), changed, formatting_only and changed))
    return rows


def changed_field_labels(model, old_version, new_version):
    """The labels of every field that differs between two Versions of a `model` row, in the
    form's order (workflow fields included; the housekeeping ones that change on every save not)."""
    old_fields, new_fields = old_version.field_dict, new_version.field_dict
    labels = []
    for field in model._meta.get_fields():
        name = getattr(field, "name", None)
        if name in HOUSEKEEPING_FIELDS or (name not in old_fields and name not in new_fields):
            continue
        old_value, new_value = old_fields.get(name), new_fields.get(name)
        if isinstance(old_value, list | tuple | set) or isinstance(new_value, list | tuple | set):
            old_value, new_value = sorted(old_value or []), sorted(new_value or [])
        if old_value != new_value:
            labels.append(str(getattr(field, "verbose_name", name)).capitalize())
    return labels
