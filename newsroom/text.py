"""Plain text that journalists type, made safe for every place it goes.

- `xml_safe`: XML 1.0 has no place for most control characters (a vertical tab pasted from a wire,
  a NUL from a bad export); a feed or sitemap that carries one is invalid, and Django's feed
  writer refuses it outright. They are removed when text is saved (`strip_control_characters`, a
  pre_save handler for the project's models) and again on output (feeds, the news sitemap), for
  rows written before or around the models.
- `unicode_slug`: a slug for any script. Django's `slugify(allow_unicode=True)` keeps only `\\w`,
  which in Python's `re` leaves out combining marks, so Devanagari loses its vowel signs
  ("मानसून" -> "मनसन"); here letters, marks and digits of every script are kept.
- `UnicodeSlugField` and `validate_unicode_slug`: a model field for such slugs (Django's
  `SlugField(allow_unicode=True)` refuses the vowel signs for the same reason).
- `UnicodeSlugConverter`: a URL converter that accepts those slugs (Django's `slug` converter
  accepts only ASCII).
- `opening_text`: the first words of a piece of HTML as plain text, for a summary where none
  was written (a story without a standfirst).
"""

import html
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField, SlugField, TextField
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

# Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets), less tab, LF and CR.
# Vertical tab and form feed are whitespace to the writer who typed them: they become spaces.
_XML_INVALID = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPACES = re.compile("[\x0b\x0c]")

# The apps whose text fields are cleaned on save: ours, and taggit's tags (typed in the story form).
CLEANED_APPS = {
    "newsroom",
    "articles",
    "images",
    "ticker",
    "donations",
    "comments",
    "dashboard",
    "taggit",
}


def xml_safe(text):
    """`text` without the characters XML 1.0 forbids (vertical tab and form feed become spaces)."""
    if not text:
        return text
    return _XML_INVALID.sub("", _XML_SPACES.sub(" ", text))


def xml_safe_value(value):
    """xml_safe for a string, each string of a list or tuple; anything else unchanged."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe_value(item) for item in value)
    return value


# Where one block of HTML ends and the next begins: a space keeps their words apart.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|div)>|<br\s*/?>|<hr\s*/?>", re.I)


def opening_text(markup, limit=200):
    """The opening of `markup` as plain text (entities decoded, blocks joined by one space), cut on
    a word at `limit` characters with an ellipsis. Plain text: escape it where it goes."""
    text = html.unescape(strip_tags(_BLOCK_END.sub(" ", markup or "")))
    return Truncator(" ".join(text.split())).chars(limit)


def strip_control_characters(sender, instance, raw=False, **kwargs):
    """pre_save: remove XML-invalid characters from every text field of the project's models, so
    nothing a journalist, reader or import types can break a feed, sitemap or page later."""
    if raw or sender._meta.app_label not in CLEANED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, CharField | TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                cleaned = xml_safe(value)
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)


def unicode_slug(value, max_length=None):
    """A lowercase slug that keeps the letters, combining marks and digits of every script, with
    one hyphen for each run of anything else; "" when nothing is left (say, for ">")."""
    text = unicodedata.normalize("NFC", str(value)).lower()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in text)
    slug = "-".join(kept.split())
    if max_length is not None and len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug


def is_unicode_slug(value):
    """Letters, combining marks and digits of any script, "-" and "_"; nothing else."""
    return bool(value) and all(
        ch in "-_" or unicodedata.category(ch)[0] in "LMN"
        for ch in unicodedata.normalize("NFC", value)
    )


def validate_unicode_slug(value):
    if not is_unicode_slug(value):
        raise ValidationError(
            _(
                "Use letters (of any script, with their vowel signs), numbers, hyphens and "
                "underscores only."
            ),
            code="invalid",
        )


class UnicodeSlugFormField(forms.CharField):
    default_validators = [validate_unicode_slug]

    def to_python(self, value):
        value = super().to_python(value)
        return unicodedata.normalize("NFC", value) if value else value


class UnicodeSlugField(SlugField):
    """A slug in any script ("भारत-में-बारिश"), kept in NFC, with its vowel signs."""

    default_validators = [validate_unicode_slug]

    def __init__(self, *args, **kwargs):
        # Not SlugField's allow_unicode: that brings Django's validator, which refuses the marks.
        kwargs.pop("allow_unicode", None)
        super().__init__(*args, **kwargs)
        self.allow_unicode = True

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("allow_unicode", None)
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        # Past SlugField's own, which would bring Django's slug form field and its validator.
        return CharField.formfield(self, **{"form_class": UnicodeSlugFormField, **kwargs})


class UnicodeSlugConverter:
    """<uslug:...> in a URL: a slug of `unicode_slug`, or an older ASCII one (with underscores).
    Anything but whitespace, "/" and ASCII punctuation other than "-" and "_"."""

    regex = r"[^\s!-,./:-@\[-^`{-~]+"

    def to_python(self, value):
        # Browsers and crawlers may send the composed or decomposed form of the same letters.
        return unicodedata.normalize("NFC", value)

    def to_url(self, value):
        return value


def parse_tags(tagstring):
    """TAGGIT_TAGS_FROM_STRING: taggit's own parsing, of the text without control characters (so
    a tag typed with one is the same tag as without it)."""
    from taggit.utils import _parse_tags

    return _parse_tags(xml_safe(tagstring or ""))
