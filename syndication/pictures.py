"""Pictures of embargoed stories: kept off the public media URLs until the embargo lifts.

The image library stores every picture at a public media URL (an unguessable name, but public:
whoever has the address can fetch it, and wire clients get addresses in every ninjs item). A
picture that only embargoed stories use would so be out before the story. Decision: such a
picture is *held* — its files (the original and every rendition) are moved from the public
storage to the private one (STORAGES["private"], never served by the web server) and recorded in
`HeldPicture`; at the embargo's end they are moved back under the same names, so every address
the pages and feeds use works from then on.

- What is held: a picture (with every library row that shares its file) that some story with an
  embargo still running uses, and that nothing public uses (no story readers can see, and no
  other kind of use: a live blog's entry, say, which this app cannot judge, keeps it public).
- When: after each committed save of a story (signals.py), and again whenever a held picture's
  row is saved (new renditions are then moved too).
- Release: a task deferred to the embargo's end (django.tasks, `run_after`), the periodic job
  `syndication-release-pictures` (every minute, in case a worker was down), and any client request
  to the API: whichever comes first. Releasing checks again, so a later embargo on another story
  using the same picture keeps it held.
- Clients never use media URLs: a picture's renditions in ninjs and NewsML point at
  `/api/v1/pictures/<id>/<rendition>`, which checks the key and the client's right to a story
  using it, then streams a held file or redirects to the public one.
- Staff see a held picture through its entry in the admin (a signed link to the private file).
"""

import logging
import mimetypes

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from images.models import Image
from newsroom.storage import private_storage

from .models import HeldPicture

logger = logging.getLogger(__name__)

HOLD_FOLDER = "syndication/held"


def held_name(name):
    """Where a held file waits in the private storage: its public name under the hold folder."""
    return f"{HOLD_FOLDER}/{name}"


def _file_names(images):
    names = set()
    for image in images:
        if image.file:
            names.add(image.file.name)
        names.update(rendition["name"] for rendition in image.renditions)
    return sorted(names)


def _group(image):
    """Every library row that shares `image`'s original file (the library shares a file
    uploaded twice): they are held or public together."""
    if not image.file:
        return [image]
    return list(Image.objects.filter(Q(pk=image.pk) | Q(file=image.file.name)).order_by("pk"))


def _used_outside_stories(image_ids):
    """Whether any other kind of row (outside articles) refers to these pictures."""
    for relation in Image._meta.related_objects:
        if relation.related_model._meta.app_label in {"articles", "syndication"}:
            continue
        if not (relation.one_to_many or relation.one_to_one or relation.many_to_many):
            continue
        lookup = f"{relation.field.name}__in"
        if relation.related_model._default_manager.filter(**{lookup: image_ids}).exists():
            return True
    return False


def _stories_using(image_ids):
    return Article.objects.filter(
        Q(lead_image_id__in=image_ids) | Q(body_images__image_id__in=image_ids)
    ).distinct()


def hold_until(images, now=None):
    """The end of the latest embargo among the stories using these pictures, if they must be
    held until then; None when they may be public."""
    now = now or timezone.now()
    image_ids = [image.pk for image in images]
    stories = _stories_using(image_ids)
    if stories.published().exists() or _used_outside_stories(image_ids):
        return None
    ends = stories.exclude(status=Article.Status.ARCHIVED).filter(embargo_until__gt=now)
    return ends.order_by("-embargo_until").values_list("embargo_until", flat=True).first()


def _move(names, *, source, target, source_name, target_name):
    """Copy each file to the other storage, then delete it where it was. A file already moved
    (a second row sharing it, a retried job) is skipped."""
    for name in names:
        origin, destination = source_name(name), target_name(name)
        if not source.exists(origin):
            continue
        if target.exists(destination):
            target.delete(destination)
        with source.open(origin, "rb") as content:
            saved = target.save(destination, content)
        if saved != destination:  # a storage that renamed it would break every address
            target.delete(saved)
            raise OSError(f"storage stored {destination!r} as {saved!r}")
        source.delete(origin)


def _hold(group, until):
    names = _file_names(group)
    _move(
        names,
        source=default_storage,
        target=private_storage(),
        source_name=lambda name: name,
        target_name=held_name,
    )
    known = set(
        HeldPicture.objects.filter(image__in=group, held_until=until).values_list(
            "image_id", flat=True
        )
    )
    for image in group:
        HeldPicture.objects.update_or_create(
            image=image, defaults={"held_until": until, "files": names}
        )
    if len(known) < len(group):
        # A new hold or a new end: one release task for that time (not one per save).
        _schedule_release(until)


def _release(group):
    names = sorted(
        set(_file_names(group)).union(
            *(held.files for held in HeldPicture.objects.filter(image__in=group))
        )
    )
    _move(
        names,
        source=private_storage(),
        target=default_storage,
        source_name=held_name,
        target_name=lambda name: name,
    )
    HeldPicture.objects.filter(image__in=group).delete()


def picture_holds_update(*, image_ids, now=None):
    """Hold or release each of these pictures as its stories now require. Returns (held,
    released) image ids."""
    held, released, seen = [], [], set()
    for image in Image.objects.filter(pk__in=image_ids).order_by("pk"):
        if image.pk in seen:
            continue
        group = _group(image)
        seen.update(member.pk for member in group)
        with transaction.atomic():
            # One process at a time decides for a picture: lock its rows.
            group = list(
                Image.objects.select_for_update()
                .filter(pk__in=[member.pk for member in group])
                .order_by("pk")
            )
            until = hold_until(group, now)
            was_held = HeldPicture.objects.filter(image__in=group).exists()
            if until is not None:
                _hold(group, until)
                held.extend(member.pk for member in group)
            elif was_held:
                _release(group)
                released.extend(member.pk for member in group)
    if held or released:
        logger.info("picture holds", extra={"held": held, "released": released})
    return held, released


def story_pictures_update(*, story_id):
    """After a story's save: its pictures held or released as its embargo now says."""
    image_ids = set(
        Article.objects.filter(pk=story_id, lead_image__isnull=False).values_list(
            "lead_image_id", flat=True
        )
    )
    image_ids.update(
        Image.objects.filter(placements__article_id=story_id).values_list("pk", flat=True)
    )
    # A held picture the story no longer uses may be free now: look at every held one again
    # (only pictures of running embargoes are held, a handful at any time).
    image_ids.update(HeldPicture.objects.values_list("image_id", flat=True))
    return picture_holds_update(image_ids=image_ids) if image_ids else ([], [])


def picture_holds_release_due(now=None):
    """The periodic sweep: holds whose embargo time has come are looked at again."""
    now = now or timezone.now()
    due = list(HeldPicture.objects.filter(held_until__lte=now).values_list("image_id", flat=True))
    return picture_holds_update(image_ids=due, now=now)[1] if due else []


def _schedule_release(until):
    from .tasks import release_held_pictures

    task = release_held_pictures
    if task.get_backend().supports_defer:
        # On time, to the second the worker allows; the periodic job is the fallback.
        from newsroom.background import enqueue

        transaction.on_commit(lambda: enqueue(task.using(run_after=until)))


# Serving


def rendition_file(image, rendition):
    """(name, content type) of one of `image`'s files, by its ninjs rendition name ("original",
    "w800"), or None."""
    if rendition == "original":
        if not image.file:
            return None
        return image.file.name, mimetypes.guess_type(image.file.name)[0] or "image/jpeg"
    for candidate in image.renditions:
        if f"w{candidate['width']}" == rendition:
            return candidate["name"], "image/webp"
    return None


def client_may_take(client, image):
    """Whether `client` has a usable story that carries this picture: the latest version it
    may take of some story using it names the picture, and is neither withheld nor killed."""
    from . import ninjs, selectors

    uri = ninjs.image_uri(image.pk)
    for story_id in _stories_using([image.pk]).values_list("pk", flat=True):
        versions = selectors.story_versions(client, story_id)
        if not versions:
            continue
        latest = versions[-1].payload
        if latest.get("pubstatus") != "usable":
            continue
        if any(association.get("uri") == uri for association in latest.get("associations", [])):
            return True
    return False


def is_held(image):
    return HeldPicture.objects.filter(image=image).exists()
