"""Tags' slugs: every tag gets one its URL accepts, whatever script or punctuation its name is in.

taggit makes slugs with Django's `slugify`, which drops Devanagari vowel signs ("मानसून" ->
"मनसन") and leaves nothing of a name made of punctuation (">"); the tag URL took only ASCII. Here
a new tag's slug is `newsroom.text.unicode_slug` of its name (served by the `uslug` converter),
"tag-<8 hex digits of the name's hash>" when that is empty, and "-2", "-3"... when taken.
"""

import hashlib

from taggit.models import TagBase

from newsroom.text import unicode_slug, xml_safe

SLUG_MAX_LENGTH = 90  # taggit's column is 100: room for "-NNN"


def tag_slug_base(name):
    name = xml_safe(name or "")
    slug = unicode_slug(name, max_length=SLUG_MAX_LENGTH)
    if not slug:
        slug = "tag-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return slug


def unique_tag_slug(model, name, exclude_pk=None):
    base = tag_slug_base(name)
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _made_by_taggit(tag):
    """Whether `tag.slug` is taggit's own (from the name, or with its "_N" for a clash), rather
    than one someone chose."""
    made = TagBase.slugify(tag, tag.name)
    if tag.slug == made:
        return True
    head, _sep, number = tag.slug.rpartition("_")
    return head == made and number.isdigit()


def give_tag_a_working_slug(sender, instance, raw=False, **kwargs):
    """pre_save of taggit's Tag: a new tag's slug, unless one was chosen for it."""
    if raw or not instance._state.adding:
        return
    if instance.slug and not _made_by_taggit(instance):
        return
    instance.slug = unique_tag_slug(sender, instance.name)
