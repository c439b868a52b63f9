import struct
import zlib
from io import BytesIO
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from images.services import image_create

_sequence = count(1)


def picture_bytes(size=(900, 600), image_format="JPEG", colour=(30, 90, 160), exif=None):
    """A real picture in `image_format`; each call differs a little so hashes differ."""
    picture = PillowImage.new("RGB", size, colour)
    picture.putpixel((0, 0), (next(_sequence) % 256, 0, 0))
    buffer = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(content=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, picture_bytes() if content is None else content, content_type)


def png_header_only(width, height):
    """A PNG that announces width x height but carries one tiny compressed row: a bomb's header."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def make_image(*, size=(900, 600), **fields):
    number = next(_sequence)
    fields.setdefault("alt_text", f"Alt text of picture {number}")
    fields.setdefault("caption", f"Caption of picture {number}.")
    fields.setdefault("credit", f"Agency {number}/Photographer")
    return image_create(file=upload(picture_bytes(size=size)), **fields)
