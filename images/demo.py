"""The demo library's pictures, from `images/demo_data/pictures.json` (name, alt text, caption,
credit, palette); the articles demo places them by name (`demo_picture`).

The pictures are drawn with Pillow at load time (gradients and soft shapes in each palette), so
the demo ships no binary files. Safe to re-run: the same name always draws the same picture,
which is found again instead of being stored twice.
"""

import random
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageColor, ImageDraw, ImageFilter

from newsroom.demo import read_demo_data

from .models import Image
from .services import _content_hash, image_create

SIZE = (1600, 1000)
LICENCE_NOTE = "Generated for the demo newsroom"


def _mix(first, second, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(first, second, strict=True))


def draw_picture(seed, palette):
    """A handsome abstract JPEG (bytes) in `palette`, always the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    width, height = SIZE
    dark, light = (ImageColor.getrgb(colour) for colour in palette[:2])
    gradient = PillowImage.linear_gradient("L").resize(SIZE)
    if rng.random() < 0.5:
        gradient = gradient.transpose(PillowImage.Transpose.FLIP_TOP_BOTTOM)
    canvas = PillowImage.composite(
        PillowImage.new("RGB", SIZE, _mix(dark, light, 0.35)),
        PillowImage.new("RGB", SIZE, dark),
        gradient,
    ).convert("RGBA")

    glow = PillowImage.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(glow)
    sun_x, sun_y, radius = rng.randint(250, 1350), rng.randint(180, 450), rng.randint(110, 190)
    for step in range(8, 0, -1):
        grow = radius * (1 + step * 0.22)
        draw.ellipse(
            (sun_x - grow, sun_y - grow, sun_x + grow, sun_y + grow), fill=(*light, 10 + step)
        )
    draw.ellipse(
        (sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), fill=(*light, 235)
    )
    canvas = PillowImage.alpha_composite(canvas, glow.filter(ImageFilter.GaussianBlur(18)))

    layers = PillowImage.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layers)
    for layer in range(4):
        base = height * (0.52 + layer * 0.12)
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base + rng.randint(-60, 60) * (1 - layer * 0.15)))
        points.append((width, height))
        shade = _mix(dark, (0, 0, 0), 0.15 + layer * 0.18)
        draw.polygon(points, fill=(*shade, 200 + layer * 15))
    for _ in range(rng.randint(10, 18)):
        x, y, size = rng.randint(0, width), rng.randint(0, height // 2), rng.randint(4, 14)
        draw.ellipse((x, y, x + size, y + size), fill=(*_mix(light, (255, 255, 255), 0.5), 120))
    canvas = PillowImage.alpha_composite(canvas, layers.filter(ImageFilter.GaussianBlur(1.2)))

    buffer = BytesIO()
    canvas.convert("RGB").save(buffer, "JPEG", quality=86, optimize=True)
    return buffer.getvalue()


def _pictures():
    return {picture["name"]: picture for picture in read_demo_data("images", "pictures")}


def _upload(picture):
    drawing = draw_picture(picture["name"], picture["palette"])
    return SimpleUploadedFile(f"{picture['name']}.jpg", drawing, "image/jpeg")


def _stored(picture):
    """The library image of a demo picture if it is stored: by its words (no drawing needed)."""
    return (
        Image.objects.filter(
            licence_note=LICENCE_NOTE,
            alt_text=picture["alt"],
            caption=picture["caption"],
            credit=picture["credit"],
        )
        .order_by("id")
        .first()
    )


def demo_picture(name):
    """The library image drawn for the demo picture `name`, or None if it is not stored."""
    picture = _pictures().get(name)
    if picture is None:
        return None
    image = _stored(picture)
    if image is None:  # staff may have edited its words: the drawing is still the same
        image = Image.objects.filter(content_hash=_content_hash(_upload(picture))).first()
    return image


def load(command):
    made = found = 0
    for picture in _pictures().values():
        if _stored(picture) is not None:
            found += 1
            continue
        upload = _upload(picture)
        if Image.objects.filter(content_hash=_content_hash(upload)).exists():
            found += 1  # Leave pictures that staff may have changed since the first load alone.
            continue
        image_create(
            file=upload,
            alt_text=picture["alt"],
            caption=picture["caption"],
            credit=picture["credit"],
            licence_note=LICENCE_NOTE,
        )
        made += 1
    command.stdout.write(
        f"Images: {made} drawn, {found} found again, {Image.objects.count()} in the library."
    )
