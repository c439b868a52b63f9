"""A generated picture, caption and credit for every demo article (from demo_content's `image`).

The pictures are drawn with Pillow at load time (gradients and soft shapes in each story's
palette), so the demo ships no binary files. Safe to re-run: the same story always draws the
same picture, which is found again by its content hash instead of being stored twice.
"""

import random
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageColor, ImageDraw, ImageFilter

from articles.demo_content import ARTICLES
from articles.models import Article

from .models import Image
from .services import _content_hash, image_create

SIZE = (1600, 1000)


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


def load(command):
    made = reused = 0
    for data in ARTICLES:
        picture = data.get("image")
        article = Article.objects.filter(slug=data["slug"]).only("id", "lead_image").first()
        if picture is None or article is None or article.lead_image_id is not None:
            continue  # Leave pictures that staff may have changed since the first load alone.
        upload = SimpleUploadedFile(
            f"{data['slug']}.jpg", draw_picture(data["slug"], picture["palette"]), "image/jpeg"
        )
        image = Image.objects.filter(content_hash=_content_hash(upload)).first()
        if image is None:
            image = image_create(
                file=upload,
                alt_text=picture["alt"],
                caption=picture["caption"],
                credit=picture["credit"],
                licence_note="Generated for the demo newsroom",
            )
            made += 1
        else:
            reused += 1
        # update(), not save(): attaching the demo picture is not an edit readers are told about.
        Article.objects.filter(pk=article.pk).update(lead_image=image)
    command.stdout.write(
        f"Images: {made} drawn, {reused} found again, {Image.objects.count()} in the library."
    )
