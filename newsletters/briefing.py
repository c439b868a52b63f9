"""What an issue says: the daily briefing's stories, and the HTML and plain text of any issue.

An issue is rendered once, when it is sent (or previewed), with markers where each reader's own
links go (`personalise`), so ten thousand readers cost one render and ten thousand replaces."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, Section
from articles.seo import absolute_url
from donations.models import Appeal
from donations.selectors import appeal_totals
from newsroom import clock

UNSUBSCRIBE_MARKER = "%%NEWSLETTER_UNSUBSCRIBE_URL%%"
PREFERENCES_MARKER = "%%NEWSLETTER_PREFERENCES_URL%%"
PIXEL_MARKER = "%%NEWSLETTER_OPEN_PIXEL%%"
APPEAL_MARKER = "%%NEWSLETTER_APPEAL_URL%%"

# E-mail is read in a column about 600 px wide; twice that for sharp pictures on phones.
EMAIL_PICTURE_WIDTH = 1200

# The briefing looks back this far for stories (a day, with an hour's overlap).
BRIEFING_WINDOW = timedelta(hours=25)


@dataclass
class Story:
    headline: str
    standfirst: str
    url: str
    section: str
    picture: dict | None  # {"url", "width", "height", "alt"}


def _picture(image):
    """The rendition closest above the e-mail's width (never the original upload)."""
    if image is None or not image.renditions:
        return None
    wide_enough = [r for r in image.renditions if r["width"] >= EMAIL_PICTURE_WIDTH]
    rendition = wide_enough[0] if wide_enough else image.largest_rendition
    return {
        "url": absolute_url(default_storage.url(rendition["name"])),
        "width": 600,
        "height": round(600 * rendition["height"] / rendition["width"]),
        "alt": image.alt_text,
    }


def _story(article):
    return Story(
        headline=article.headline,
        standfirst=article.standfirst,
        url=absolute_url(article.get_absolute_url()),
        section=article.section.name,
        picture=_picture(article.lead_image),
    )


def briefing_articles(newsletter, *, now=None):
    """The briefing's top stories: the newest `stories_per_section` of each of its sections (all
    sections when it names none) published in the last day, in the sections' order."""
    now = now or timezone.now()
    section_ids = list(newsletter.sections.values_list("pk", flat=True)) or list(
        Section.objects.values_list("pk", flat=True)
    )
    recent = Article.objects.published().filter(
        publish_at__gt=now - BRIEFING_WINDOW, publish_at__lte=now, section_id__in=section_ids
    )
    chosen = []
    for section_id in section_ids:
        chosen += list(
            recent.filter(section_id=section_id)
            .order_by("-publish_at", "-id")
            .values_list("pk", flat=True)[: newsletter.stories_per_section]
        )
    return list(
        Article.objects.filter(pk__in=chosen)
        .select_related("section", "lead_image")
        .order_by("section__position", "section__name", "-publish_at", "-id")
    )


def current_appeal():
    """The live appeal's box, as the e-mail shows it (or None)."""
    appeal = Appeal.objects.current()
    if appeal is None:
        return None
    totals = appeal_totals(appeal)
    return {
        "title": appeal.title,
        "lead": appeal.lead,
        "percent": totals.percent,
        "url": APPEAL_MARKER,
    }


def briefing_due_at(newsletter, day):
    """When the briefing of `day` (a local date) is due, as an aware time."""
    return timezone.make_aware(
        datetime.combine(day, newsletter.send_time or time(7, 0)),
        timezone.get_current_timezone(),
    )


def render_issue(issue, *, tracking_pixel=False):
    """(html, text) of an issue, with the markers `personalise` fills in per reader."""
    context = {
        "issue": issue,
        "newsletter": issue.newsletter,
        "subject": issue.subject,
        "stories": [
            _story(placement.article)
            for placement in issue.placements.select_related(
                "article__section", "article__lead_image"
            )
        ],
        "appeal": current_appeal() if issue.include_appeal else None,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "dateline": clock.local(issue.sent_at or timezone.now()),
        "unsubscribe_url": UNSUBSCRIBE_MARKER,
        "preferences_url": PREFERENCES_MARKER,
        "tracking_pixel": PIXEL_MARKER if tracking_pixel else "",
    }
    html = render_to_string("newsletters/email/issue.html", context)
    text = render_to_string("newsletters/email/issue.txt", context)
    return html, text


def support_url():
    return absolute_url(reverse("donations:support"))


def personalise(
    content, *, unsubscribe_url, preferences_url, pixel_url="", appeal_url=None, html=True
):
    """Put one reader's links in place of the markers."""
    quote = escape if html else str
    content = content.replace(APPEAL_MARKER, quote(appeal_url or support_url()))
    content = content.replace(UNSUBSCRIBE_MARKER, quote(unsubscribe_url))
    content = content.replace(PREFERENCES_MARKER, quote(preferences_url))
    return content.replace(PIXEL_MARKER, quote(pixel_url))
