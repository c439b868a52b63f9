"""The writer's unsaved work, kept on the server while they type (one per writer per story).

An autosave is not a revision and never touches the story: readers cannot see it, and other
editors do not. Reopening the story offers it back; a real save (or "discard") removes it. It
keeps the version token of the form it came from, so a restored autosave saved over someone
else's later changes goes through the conflict page like any other old form.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, Autosave

AUTOSAVED_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline_place",
    "lead_image_caption",
    "correction",
)
AUTOSAVE_SECONDS = 5
# Far above any story (the longest demo body is a few KB); a bigger post is refused, not cut.
MAX_CHARACTERS = 400_000


def _story_values(article):
    if article is None:  # a new story: everything typed is unsaved
        return dict.fromkeys(AUTOSAVED_FIELDS, "")
    return {name: getattr(article, name) or "" for name in AUTOSAVED_FIELDS}


def autosave_store(*, article, actor, values, version_token=""):
    """Keep `actor`'s unsaved text of `article` (only the autosaved fields; nothing else).
    `article=None` is the writer's one new story, typed into the add form but not saved yet."""
    kept = {name: str(values[name]) for name in AUTOSAVED_FIELDS if name in values}
    if sum(len(value) for value in kept.values()) > MAX_CHARACTERS:
        raise ValidationError(_("The text is too long to keep as an autosave."))
    if "body" in kept:
        kept["body"] = Article.body_sanitizer(kept["body"])
    autosave, _created = Autosave.objects.update_or_create(
        article=article,
        user=actor,
        defaults={"values": kept, "version_token": version_token, "saved_at": timezone.now()},
    )
    return autosave


def autosave_to_offer(article, actor):
    """`actor`'s autosave of `article` (None: of a new story, from the add form) if it holds
    text the story does not; else None.

    Its `changed` attribute names the fields that differ, as the form labels them.
    """
    autosave = Autosave.objects.filter(article=article, user=actor).first()
    if autosave is None:
        return None
    story = _story_values(article)
    story["body"] = Article.body_sanitizer(story["body"])
    changed = [name for name, value in autosave.values.items() if story.get(name, "") != value]
    # In the form's order (PostgreSQL's jsonb keeps keys in an order of its own).
    order = {field.name: number for number, field in enumerate(Article._meta.fields)}
    changed.sort(key=lambda name: order.get(name, len(order)))
    if not changed:
        return None
    autosave.changed = [
        str(Article._meta.get_field(name).verbose_name).capitalize() for name in changed
    ]
    return autosave


def autosave_discard(*, article, actor):
    Autosave.objects.filter(article=article, user=actor).delete()
