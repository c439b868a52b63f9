"""The benchmark's pictures (see bench/loaders): a few library images with real WebP
renditions, shared as lead images by most of the synthetic archive, the way a wire reuses file
photos. Renditions are made once per image; articles point at them with bulk updates."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageDraw

from articles.models import Article
from images.services import image_create

PICTURES = [
    ("#1f3b57", "#e3b25a", "A crowd outside the district court"),
    ("#27463a", "#9fc27a", "Paddy fields after the first monsoon rain"),
    ("#4a2430", "#f08a5d", "Container cranes at a western port"),
    ("#2e2e4a", "#9db4ff", "A satellite launch seen from the coast"),
]
SIZE = (1200, 750)
WITH_PICTURE = 4  # three stories in four have a lead image; the rest show no figure
BATCH = 5000


def _picture(dark, light):
    canvas = PillowImage.new("RGB", SIZE, dark)
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((800, 80, 1050, 330), fill=light)
    draw.rectangle((0, 520, SIZE[0], SIZE[1]), fill=light)
    buffer = BytesIO()
    canvas.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def load(*, articles, stdout):
    images = [
        image_create(
            file=SimpleUploadedFile(f"bench-{n}.jpg", _picture(dark, light), "image/jpeg"),
            alt_text=alt,
            caption=f"{alt}. File photo.",
            credit="Newswire",
            licence_note="Generated for the benchmark",
        )
        for n, (dark, light, alt) in enumerate(PICTURES)
    ]
    by_image = {image.pk: [] for image in images}
    for n, article in enumerate(articles):
        if n % WITH_PICTURE:
            by_image[images[n % len(images)].pk].append(article.pk)
    for image_pk, article_pks in by_image.items():
        for start in range(0, len(article_pks), BATCH):
            Article.objects.filter(pk__in=article_pks[start : start + BATCH]).update(
                lead_image_id=image_pk
            )
    stdout(
        f"  images: {len(images)} pictures with {sum(len(i.renditions) for i in images)} "
        f"renditions, lead image of {sum(len(pks) for pks in by_image.values()):,} stories"
    )
