"""A story as IPTC ninjs 2.2 (News in JSON): what a wire client receives for one version.

Built from the article as it is when the version is made, and kept as built (StoryVersion.payload),
so every version a client took can be served again exactly. The tests validate the output against
our own schema of exactly these fields (syndication/schemas/story.ninjs.schema.json), written from
the ninjs 2.x specification."""

import mimetypes
from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from articles.seo import absolute_url
from newsroom.models import SiteSettings

PROFILE = "newsroom-story"
# Fields of a payload that are about the version, not the story: they may differ between two
# versions that say the same (the editorial note says why this version was sent).
VERSION_FIELDS = ("version", "versioncreated", "ednote")


def story_uri(story_id):
    return f"{settings.SYNDICATION_URI_BASE}:story:{story_id}"


def image_uri(image_id):
    return f"{settings.SYNDICATION_URI_BASE}:picture:{image_id}"


def iso(moment):
    """UTC, to the second, with its offset: 2026-12-03T06:30:00+00:00."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat() if moment else None


def picture_href(image, rendition):
    """Clients fetch pictures through the API with their key, never from media URLs: a picture
    of an embargoed story is not public yet (pictures.py)."""
    return absolute_url(
        reverse("syndication-api:picture", kwargs={"image_id": image.pk, "rendition": rendition})
    )


def _renditions(image):
    renditions = [
        {
            "name": f"w{rendition['width']}",
            "href": picture_href(image, f"w{rendition['width']}"),
            "contenttype": "image/webp",
            "width": rendition["width"],
            "height": rendition["height"],
        }
        for rendition in image.renditions
    ]
    if image.file:
        original = {
            "name": "original",
            "href": picture_href(image, "original"),
            "contenttype": mimetypes.guess_type(image.file.name)[0] or "application/octet-stream",
        }
        if image.width and image.height:
            original.update(width=image.width, height=image.height)
        renditions.append(original)
    return renditions


def picture(image, *, name, caption):
    item = {
        "name": name,
        "uri": image_uri(image.pk),
        "type": "picture",
        "representationtype": "full",
        "renditions": _renditions(image),
    }
    descriptions = []
    if caption:
        descriptions.append({"role": "caption", "value": caption})
    if image.alt_text:
        descriptions.append({"role": "alt", "value": image.alt_text})
    if descriptions:
        item["descriptions"] = descriptions
    if image.credit:
        item["by"] = image.credit
        item["copyrightnotice"] = image.credit
    if image.licence_note:
        item["usageterms"] = image.licence_note
    return item


def _text_counts(html):
    text = " ".join(strip_tags(html).split())
    return {"charcount": len(text), "wordcount": len(text.split())}


def story(article, *, version, site=None, now=None):
    """The ninjs object of `article` as version `version`."""
    site = site or SiteSettings.current()
    now = now or timezone.now()
    authors = list(article.authors.all())
    item = {
        "uri": story_uri(article.pk),
        "type": "text",
        "representationtype": "full",
        "profile": PROFILE,
        "version": str(version),
        # When it first went out (kept across unpublish and republish), else its publish time.
        "firstcreated": iso(article.first_published_at or article.publish_at or article.created_at),
        "versioncreated": iso(now),
        "pubstatus": "usable",
        "urgency": article.urgency,
        "language": article.language,
        "copyrightholder": site.site_name,
        "copyrightnotice": f"© {(article.publish_at or now).year} {site.site_name}",
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": article.body,
                **_text_counts(article.body),
            }
        ],
        "by": ", ".join(author.name for author in authors) or f"@{site.byline_handle}",
        "subjects": [
            {"name": article.section.name, "rel": "section", "literal": article.section.slug},
            *(
                {"name": tag.name, "rel": "tag", "literal": tag.slug}
                for tag in article.tags.order_by("name")
            ),
        ],
        "altids": [
            {"role": "slug", "value": article.slug},
            {"role": "url", "value": absolute_url(article.get_absolute_url())},
        ],
        "infosources": [{"name": site.site_name, "role": "originator"}],
    }
    if article.embargo_until:
        # Clients have the story at once; they may not publish it before this time.
        item["embargoed"] = iso(article.embargo_until)
    descriptions = []
    if article.standfirst:
        descriptions.append({"role": "summary", "value": article.standfirst})
    if article.correction:
        descriptions.append({"role": "correction", "value": article.correction})
    if descriptions:
        item["descriptions"] = descriptions
    if article.dateline_place:
        item["located"] = article.dateline_place
    if authors:
        item["people"] = [{"name": author.name, "rel": "author"} for author in authors]
    associations = []
    if article.lead_image_id:
        image = article.lead_image
        caption = article.lead_image_caption or image.caption
        associations.append(picture(image, name="featureimage", caption=caption))
    for number, placement in enumerate(article.body_images.select_related("image"), start=1):
        associations.append(
            picture(placement.image, name=f"picture{number}", caption=placement.shown_caption)
        )
    if associations:
        item["associations"] = associations
    return item


def correction_note(correction):
    return f"CORRECTION: {correction}"


def withheld_notice(last_payload, *, version, now=None):
    """A story clients have, taken down by the wire for now (not a kill)."""
    item = dict(last_payload)
    item.update(
        version=str(version),
        versioncreated=iso(now or timezone.now()),
        pubstatus="withheld",
        ednote=(
            "WITHHELD. The wire has taken this story down for now: do not use it until a new "
            "version says it is usable again."
        ),
    )
    return item


def kill_notice(last_payload, *, version, reason, now=None):
    """The kill of a story clients have: its last version, cancelled, with the reason and what
    to do."""
    item = dict(last_payload)
    item.update(
        version=str(version),
        versioncreated=iso(now or timezone.now()),
        pubstatus="canceled",
        ednote=(
            f"KILL. {reason} Remove this story from all platforms, archives and feeds "
            "at once; do not use it."
        ),
    )
    return item


def same_story(payload, other):
    """Whether two payloads say the same, apart from their version number and time."""
    strip = lambda data: {k: v for k, v in data.items() if k not in VERSION_FIELDS}  # noqa: E731
    return strip(payload) == strip(other)
