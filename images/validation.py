"""Checks an uploaded picture before anything is stored: by its content, never by its name.

Order matters for safety: the size is checked before reading, the signature before Pillow
parses anything, and the pixel count from the header before the image is decoded, so a
decompression bomb is refused without ever being expanded in memory. The cap (25 megapixels
unless IMAGES_MAX_PIXELS says otherwise) bounds what one accepted upload costs to decode: about
100 MB and a second of work. A JPEG too short to hold the pixels its header claims is refused
before decoding too (see MIN_JPEG_BITS_PER_BLOCK). Each upload is then decoded fully once,
with Pillow's LOAD_TRUNCATED_IMAGES off, so a cut-off file is refused; the result is kept on the
upload, so the form and the service do not decode it twice.
"""

import contextlib
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

# Pillow's format name -> the file extension the stored original gets.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ACCEPTED_LABEL = "JPEG, PNG, WebP or GIF"


def max_upload_bytes():
    return getattr(settings, "IMAGES_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "IMAGES_MAX_PIXELS", 25_000_000)


# Every 8x8 block of a JPEG's brightness channel costs at least one bit of compressed data (a
# Huffman code is never shorter), so a file smaller than width x height / 512 bytes cannot hold
# its pixels: it is cut off (perhaps with an end marker added, which libjpeg accepts and fills
# with grey) or its header lies. A 1 KB file claiming 6000 x 8000 would otherwise decode to
# 144 MB.
MIN_JPEG_BITS_PER_BLOCK = 1

# The verdict on an upload, kept on the file object so it is decoded once per request.
_INSPECTION_ATTRIBUTE = "_newsroom_inspection"


@dataclass(frozen=True)
class Inspection:
    format: str
    extension: str
    width: int  # as displayed, after the EXIF orientation is applied
    height: int


def _sniff(head):
    """The format the first bytes announce, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _looks_like_svg(head):
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text


def inspect_upload(file):
    """Return what the file is, or raise ValidationError saying clearly why it is refused."""
    inspection = getattr(file, _INSPECTION_ATTRIBUTE, None)
    if inspection is None:
        inspection = _inspect(file)
        # A file object that takes no attributes is simply inspected again next time.
        with contextlib.suppress(AttributeError):
            setattr(file, _INSPECTION_ATTRIBUTE, inspection)
    return inspection


def _inspect(file):
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_upload_bytes():
        raise ValidationError(
            _("The file is %(size)s; the largest picture accepted is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_upload_bytes())},
        )
    file.seek(0)
    head = file.read(512)
    file.seek(0)
    declared = _sniff(head)
    if declared is None:
        if _looks_like_svg(head):
            raise ValidationError(
                _(
                    "SVG files are not accepted: they can carry scripts. Export the picture "
                    "as PNG or JPEG and upload that."
                ),
                code="svg",
            )
        raise ValidationError(
            _("This file is not a %(formats)s picture."),
            code="format",
            params={"formats": ACCEPTED_LABEL},
        )

    damaged = ValidationError(
        _(
            "The picture is damaged or incomplete (perhaps a cut-off upload). Please upload it "
            "again."
        ),
        code="corrupt",
    )
    try:
        with warnings.catch_warnings():
            # Our own limit (below) is the one that speaks to the journalist.
            warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
            with PillowImage.open(file, formats=[declared]) as picture:
                width, height = picture.size
                if width * height > max_pixels():
                    raise _too_many_pixels(width, height)
                if declared == "JPEG" and size * 8 < (width * height // 64) * (
                    MIN_JPEG_BITS_PER_BLOCK
                ):
                    raise damaged
                # Decode now (one frame), so truncated files are caught here and not on a page.
                picture.load()
                orientation = picture.getexif().get(0x0112, 1)
    except ValidationError:
        raise
    except PillowImage.DecompressionBombError:
        raise _too_many_pixels(None, None) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise damaged from None
    finally:
        file.seek(0)
    if orientation in (5, 6, 7, 8):  # rotated a quarter turn: width and height swap
        width, height = height, width
    return Inspection(declared, ACCEPTED_FORMATS[declared], width, height)


def _too_many_pixels(width, height):
    limit = f"{max_pixels() / 1_000_000:g}"
    if width is None:
        return ValidationError(
            _("The picture has far too many pixels; the limit is %(limit)s megapixels."),
            code="too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        _(
            "The picture is %(width)s x %(height)s pixels (%(megapixels)s megapixels); the "
            "limit is %(limit)s megapixels. Resize it and upload it again."
        ),
        code="too_many_pixels",
        params={
            "width": width,
            "height": height,
            "megapixels": f"{width * height / 1_000_000:.1f}",
            "limit": limit,
        },
    )
