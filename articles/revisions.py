"""Readable comparisons of two article revisions: headline, standfirst and body, word by word."""

import re
from difflib import SequenceMatcher
from html import unescape

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
    """[(label, diff html, changed?)] for the compared fields of two reversion Versions."""
    old_fields = old_version.field_dict
    new_fields = new_version.field_dict
    rows = []
    for name, label in COMPARED_FIELDS:
        old_value = old_fields.get(name) or ""
        new_value = new_fields.get(name) or ""
        if name == "body":
            old_value, new_value = html_to_text(old_value), html_to_text(new_value)
        rows.append((label, diff_html(old_value, new_value), old_value != new_value))
    return rows
