"""Work on the image library: storing uploads, making renditions, checking metadata."""

import hashlib
import logging
from contextlib import contextmanager
from datetime import timedelta
from io import BytesIO
from typing import NamedTuple

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageCms, ImageOps

from newsroom.services import audit_record

from .models import CROP_RATIO, CROP_WIDTHS, RENDITION_WIDTHS, Image
from .validation import inspect_upload

logger = logging.getLogger(__name__)

WEBP_QUALITY = 82
SRGB_PROFILE = ImageCms.createProfile("sRGB")

# What a change of a library picture is compared on, for its audit entry.
AUDITED_FIELDS = ("alt_text", "caption", "credit", "source_url", "licence_note")


class ImageUse(NamedTuple):
    """Somewhere readers see a picture (a published story), and whether the person about to
    change the picture may change that place too."""

    label: str
    may_change: bool


# The library does not know where its pictures are used: apps that place them (articles) answer
# this signal with the published places that use `image`, as ImageUse, judged for `user` (None:
# a command or a service with no person behind it). sender=Image.
image_published_uses = Signal()


def published_uses(image, user=None):
    """Every ImageUse of `image` that readers can see (or will, once scheduled)."""
    if image.pk is None:
        return []
    answers = image_published_uses.send(sender=Image, image=image, user=user)
    return [use for _receiver, uses in answers for use in uses or ()]


def image_change_refusal(user, image, uses=None):
    """Why `user` may not change `image` although it is theirs, as a sentence, or "".

    A picture that published stories use changes on all of them at once, without review: only
    someone who may change every one of those stories may change it.
    """
    uses = published_uses(image, user) if uses is None else uses
    barred = [use.label for use in uses if not use.may_change]
    if not barred:
        return ""
    return _(
        "This picture is used by published stories (%(stories)s), so a change would go live on "
        "them without review. Only the desk can change it now: upload a new picture and choose it "
        "in your story, or ask an editor."
    ) % {"stories": ", ".join(f"“{label}”" for label in barred)}


def can_change_image(user, image):
    """Reporters change (caption, credit, replace) only pictures they uploaded, and only while no
    published story they may not change uses them; anyone who may delete library pictures (the
    desk) changes any. Everyone with view permission sees them all, so any picture can be chosen
    for a story."""
    if not (user.is_active and user.has_perm("images.change_image")):
        return False
    if image.pk is None:
        return True
    if not user.has_perm("images.delete_image") and (
        image.uploaded_by_id is None or image.uploaded_by_id != user.pk
    ):
        return False
    return not image_change_refusal(user, image)


class UploadsBusyError(Exception):
    """The person already has as many uploads being checked and stored as they may."""


# Checking and storing a picture decodes it: a few at once from one person could take every
# worker. Counted per user in the shared cache (so across workers); a slot not given back (a
# killed worker) frees itself after UPLOAD_SLOT_SECONDS.
UPLOADS_AT_ONCE = 2
UPLOAD_SLOT_SECONDS = 120


@contextmanager
def upload_slot(user):
    """Hold one of `user`'s upload slots for the block, or raise UploadsBusyError.

    If the cache cannot be reached the upload goes ahead: a journalist is never stopped because
    Redis is, and the fault is logged."""
    key = f"images:uploads-in-progress:{user.pk}"
    try:
        cache.add(key, 0, timeout=UPLOAD_SLOT_SECONDS)
        held = cache.incr(key)
    except Exception:
        logger.exception("upload slots unavailable; letting the upload through")
        yield
        return
    try:
        if held is not None and held > UPLOADS_AT_ONCE:
            raise UploadsBusyError(
                _(
                    "You already have %(count)s pictures uploading. Wait until they have finished, "
                    "then send this one again."
                )
                % {"count": UPLOADS_AT_ONCE}
            )
        yield
    finally:
        try:
            cache.decr(key)
        except Exception:  # expired meanwhile, or the cache is down: nothing to give back
            logger.warning("could not give back an upload slot", exc_info=True)


def _content_hash(file):
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def image_save(*, image, actor=None, new_file=None):
    """Validate and store `image`; with `new_file`, store the picture and make its renditions.

    The upload is judged by its content (format, size, pixel count, integrity) before anything is
    written. Renditions are made here, once, never on a page view. (Still in the request: moving
    image_make_renditions into a django.tasks task, which now has workers, first needs the figure
    tag to stop making missing renditions on a reader's page view (images_tags._renditions), or
    every reader of a fresh story would decode the original. Meanwhile the pixel cap, the reduced
    JPEG decoding and upload_slot bound what an upload costs.)
    """
    if image.pk is None and new_file is None:
        raise ValueError("A new image needs a file.")
    uses = published_uses(image, actor)
    if image.pk is not None and actor is not None and not can_change_image(actor, image):
        raise PermissionDenied(
            image_change_refusal(actor, image, uses) or _("You may not change this picture.")
        )
    audit_note = _image_change_note(image, new_file, uses)
    replaced = []
    stored = None
    if image.pk is not None:
        stored = (
            Image.objects.filter(pk=image.pk)
            .values_list("file", "renditions", "content_hash", "crops")
            .first()
        )
    if new_file is not None:
        inspection = inspect_upload(new_file)
        if stored:
            replaced = _files_only_this_row_uses(image.pk, *stored)
        image.content_hash = _content_hash(new_file)
        image.width, image.height = inspection.width, inspection.height
        image.renditions = []
        image.crops = []
    elif stored:
        # The focal point may move: 3:2 renditions cut around the old one go once replaced.
        _file_name, _renditions, content_hash, crops = stored
        replaced = _files_only_this_row_uses(image.pk, "", [], content_hash, crops)
    if image.pk is None and actor is not None and actor.is_authenticated:
        image.uploaded_by = actor
    image.full_clean(exclude=["file"])
    written = []
    try:
        with transaction.atomic():
            if new_file is not None:
                name = f"{image.content_hash}.{inspection.extension}"
                stored_as = image.file.field.generate_filename(image, name)
                if Image.objects.filter(file=stored_as).exists():
                    # The same picture is in the library already: its file is shared, not copied.
                    image.file.name = stored_as
                else:
                    image.file.save(name, new_file, save=False)
                    written.append(image.file.name)
                image.renditions = _renditions_of_the_same_picture(image)
            if not image.crops_are_current:
                image.crops = _crops_of_the_same_picture(image)
            created = image.pk is None
            image.save()
            if not image.renditions:
                image_make_renditions(image=image, written=written)
            if not image.crops_are_current:
                # A focal point moved, or a picture that shares another row's renditions but not
                # its focal point.
                image_make_crops(image=image, written=written)
            if created or audit_note:
                audit_record(
                    actor=actor,
                    action="uploaded" if created else "changed",
                    obj=image,
                    note="" if created else audit_note,
                )
            current = {
                image.file.name,
                *(rendition["name"] for rendition in image.renditions),
                *(crop["name"] for crop in image.crops),
            }
            stale = [name for name in replaced if name and name not in current]
            if stale:
                # The replaced picture's files go only once the new one is safely recorded.
                transaction.on_commit(lambda: _delete_files(image.file.storage, stale))
    except Exception:
        # The row was rolled back: the files written for it go too, so nothing is half-stored.
        _delete_files(image.file.storage, written)
        raise
    return image


def _files_only_this_row_uses(pk, file_name, renditions, content_hash, crops=()):
    """The stored files of image `pk` that no other row refers to. Rows share files only when
    they hold the same picture (the same content hash), so only those rows are asked."""
    names = [
        file_name,
        *(rendition["name"] for rendition in renditions),
        *(crop["name"] for crop in crops),
    ]
    shared = set()
    if content_hash:
        for other_file, other_renditions, other_crops in (
            Image.objects.filter(content_hash=content_hash)
            .exclude(pk=pk)
            .values_list("file", "renditions", "crops")
        ):
            shared.add(other_file)
            shared.update(rendition["name"] for rendition in other_renditions)
            shared.update(crop["name"] for crop in other_crops)
    return [name for name in names if name and name not in shared]


def _renditions_of_the_same_picture(image):
    """The renditions already made for the same content by another row, shared rather than made
    again (a second upload of a picture costs no decoding for them), or []."""
    for renditions in (
        Image.objects.filter(content_hash=image.content_hash)
        .exclude(pk=image.pk)
        .values_list("renditions", flat=True)[:5]
    ):
        if renditions:
            return renditions
    return []


def _crops_of_the_same_picture(image):
    """Another row's 3:2 renditions of the same content cut around the same focal point (they are
    named by both, so they are the same files), or []."""
    focal = [image.focal_x, image.focal_y]
    for crops in (
        Image.objects.filter(content_hash=image.content_hash)
        .exclude(pk=image.pk)
        .values_list("crops", flat=True)[:5]
    ):
        if crops and all(crop.get("focal") == focal for crop in crops):
            return crops
    return []


def _image_change_note(image, new_file, uses):
    """'Changed: file, credit. Published in: “Harbour reopens”.' for a saved picture, or "" when
    nothing a reader sees changed."""
    if image.pk is None:
        return ""
    stored = Image.objects.filter(pk=image.pk).values(*AUDITED_FIELDS).first() or {}
    changed = [
        str(Image._meta.get_field(name).verbose_name)
        for name in AUDITED_FIELDS
        if stored.get(name) != getattr(image, name)
    ]
    if new_file is not None:
        changed.insert(0, str(Image._meta.get_field("file").verbose_name))
    if not changed:
        return ""
    note = _("Changed: %(fields)s.") % {"fields": ", ".join(changed)}
    if uses:
        note += " " + _("Published in: %(stories)s.") % {
            "stories": ", ".join(f"“{use.label}”" for use in uses)
        }
    return note


def image_delete(*, image, actor=None):
    """Remove a library picture (the database refuses while a story uses it), with an audit entry
    recorded in the same transaction."""
    with transaction.atomic():
        stored = (
            Image.objects.filter(pk=image.pk)
            .values_list("file", "renditions", "content_hash", "crops")
            .first()
        )
        audit_record(actor=actor, action="deleted", obj=image)
        pk = image.pk
        image.delete()
        if stored:
            # Its files go once the row is gone for good; files another row shares stay.
            unused = _files_only_this_row_uses(pk, *stored)
            storage = image.file.storage
            transaction.on_commit(lambda: _delete_files(storage, unused))


def _delete_files(storage, names):
    for name in names:
        storage.delete(name)


# Where the library's files live on storage (see models.original_upload_to and rendition_name).
LIBRARY_FOLDERS = ("images/originals", "images/renditions")


def _stored_files(storage, folder):
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for child in folders:
        yield from _stored_files(storage, f"{folder}/{child}")


def image_files_remove_orphans(*, grace=timedelta(hours=1), dry_run=False):
    """Delete the library's files on storage that no image row refers to (an upload killed half
    way, a row removed outside image_delete), and return their names.

    Files younger than `grace` stay: an upload in progress writes its files before its row is
    committed. Files whose age the storage cannot tell stay too.
    """
    storage = Image._meta.get_field("file").storage
    referenced = set()
    for file_name, renditions, crops in Image.objects.values_list(
        "file", "renditions", "crops"
    ).iterator():
        referenced.add(file_name)
        referenced.update(rendition["name"] for rendition in renditions)
        referenced.update(crop["name"] for crop in crops)
    cutoff = timezone.now() - grace
    removed = []
    for folder in LIBRARY_FOLDERS:
        for name in _stored_files(storage, folder):
            if name in referenced:
                continue
            try:
                if storage.get_modified_time(name) > cutoff:
                    continue
            except (NotImplementedError, OSError):
                continue
            if not dry_run:
                storage.delete(name)
            removed.append(name)
    if removed:
        logger.info(
            "orphan library files %s",
            "found" if dry_run else "removed",
            extra={"count": len(removed), "dry_run": dry_run},
        )
    return removed


def image_create(*, file, actor=None, **fields):
    """A new library image from an uploaded file and its metadata (alt_text, caption, credit...)."""
    return image_save(image=Image(**fields), actor=actor, new_file=file)


def rendition_widths(width):
    """The widths to make for an original `width` pixels wide: never wider than the original."""
    largest = min(width, RENDITION_WIDTHS[-1])
    return [w for w in RENDITION_WIDTHS if w < largest] + [largest]


def rendition_name(image, width):
    # Deterministic: the same picture at the same width always has the same name.
    return f"images/renditions/{image.pk}/{image.content_hash[:16]}-{width}.webp"


def _to_srgb(picture, icc_profile):
    """`picture` in sRGB (RGB or RGBA), converted from its embedded colour profile if it has one.

    Renditions carry no profile (a 900 KB one was copied into every WebP): browsers take
    untagged pictures as sRGB, so the colours are converted to it here. A profile that cannot be
    read or used is ignored, as a browser would, and the pixels are taken as they are.
    """
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    if icc_profile:
        try:
            source_profile = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
            if picture.mode not in ("RGB", "RGBA", "CMYK", "L"):
                picture = picture.convert(mode)
            converted = ImageCms.profileToProfile(
                picture, source_profile, SRGB_PROFILE, outputMode=mode
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    return picture.convert(mode)


def _draft_for(picture, display_width, display_height, sideways):
    """Ask a JPEG decoder for a reduced scale (1/2, 1/4, 1/8) that still covers the largest
    rendition: a 24-megapixel photograph is then decoded at about 2 megapixels. Other formats
    ignore it."""
    largest = min(display_width, RENDITION_WIDTHS[-1])
    largest_height = max(1, round(display_height * largest / display_width))
    wanted = (largest_height, largest) if sideways else (largest, largest_height)
    picture.draft(picture.mode if picture.mode in ("RGB", "L") else None, wanted)


def _decode(image):
    """`image`'s original as pixels to cut renditions from (upright, in sRGB, maybe decoded at a
    reduced scale that still covers the largest rendition), and its upright size."""
    storage = image.file.storage
    with storage.open(image.file.name, "rb") as original, PillowImage.open(original) as picture:
        picture.seek(0)  # the first frame of an animation
        sideways = picture.getexif().get(0x0112, 1) in (5, 6, 7, 8)
        width, height = picture.size[::-1] if sideways else picture.size
        icc_profile = picture.info.get("icc_profile")
        _draft_for(picture, width, height, sideways)
        return _to_srgb(ImageOps.exif_transpose(picture), icc_profile), width, height


def _store_webp(storage, name, picture, written):
    picture.info = {}  # nothing of the original's metadata travels with the copy
    buffer = BytesIO()
    picture.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(buffer.getvalue()))
    if written is not None:
        written.append(stored)
    return stored


def crop_box(width, height, focal_x, focal_y, ratio=CROP_RATIO):
    """The largest box of `ratio` inside a `width` x `height` picture, centred on the focal point
    (percent across and down) as far as the picture's edges allow: (left, top, right, bottom)."""
    across, down = ratio
    if width * down > height * across:  # wider than the ratio: the sides are cut
        box_width, box_height = max(1, round(height * across / down)), height
    else:
        box_width, box_height = width, max(1, round(width * down / across))
    left = min(max(round(width * focal_x / 100 - box_width / 2), 0), width - box_width)
    top = min(max(round(height * focal_y / 100 - box_height / 2), 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def crop_name(image, width):
    # Named by the content and the focal point: moving the point makes new files, so a name never
    # shows other pixels (/media/ lets browsers keep it for good), and rows holding the same
    # picture with the same point share them.
    return (
        f"images/renditions/3x2/{image.content_hash[:2]}/{image.content_hash[:16]}-"
        f"{image.focal_x}-{image.focal_y}-{width}.webp"
    )


def image_make_crops(*, image, written=None, source=None):
    """Make `image`'s 3:2 WebP renditions, cut around its focal point, and record them. Made when
    the picture is stored or its focal point moves, never per page view (except, once, for a
    picture stored before they existed: images_tags)."""
    if source is None:
        source, _width, _height = _decode(image)
    box = crop_box(*source.size, image.focal_x, image.focal_y)
    cut = source.crop(box)
    across, down = CROP_RATIO
    largest = min(cut.width, CROP_WIDTHS[-1])
    crops = []
    for target in [w for w in CROP_WIDTHS if w < largest] + [largest]:
        target_height = max(1, round(target * down / across))
        resized = cut.resize(
            (target, target_height), PillowImage.Resampling.LANCZOS, reducing_gap=3.0
        )
        stored = _store_webp(image.file.storage, crop_name(image, target), resized, written)
        crops.append(
            {
                "width": target,
                "height": target_height,
                "name": stored,
                "focal": [image.focal_x, image.focal_y],
            }
        )
    image.crops = crops
    Image.objects.filter(pk=image.pk).update(crops=crops)
    return crops


def image_make_renditions(*, image, written=None):
    """Make the WebP renditions of `image` (upright, in sRGB, without EXIF, GPS or colour profile)
    and its 3:2 ones, and record them."""
    storage = image.file.storage
    source, width, height = _decode(image)
    renditions = []
    for target in rendition_widths(width):
        target_height = max(1, round(height * target / width))
        resized = (
            source
            if source.size == (target, target_height)
            else source.resize(
                (target, target_height), PillowImage.Resampling.LANCZOS, reducing_gap=3.0
            )
        )
        if resized is source:
            resized = source.copy()
        stored = _store_webp(storage, rendition_name(image, target), resized, written)
        renditions.append({"width": target, "height": target_height, "name": stored})
    image.renditions = renditions
    image.width, image.height = width, height
    Image.objects.filter(pk=image.pk).update(renditions=renditions, width=width, height=height)
    image_make_crops(image=image, written=written, source=source)
    return renditions


def describe_image(image):
    """A short name for a library picture in messages: its number and the start of its caption."""
    label = image.caption or image.alt_text or image.file.name.rsplit("/", 1)[-1]
    if len(label) > 60:
        label = label[:59] + "…"
    return _("#%(id)s “%(label)s”") % {"id": image.pk, "label": label}


def missing_metadata_text(image):
    """What `image` lacks before it may appear in published work, as words ("alt text and
    credit"), or "" when nothing is missing."""
    return _(" and ").join(image.missing_metadata)
