from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from newsroom.languages import current_language
from newsroom.templatetags.islands_tags import island

from ..gateways import get_gateway
from ..models import Frequency, variant_for
from ..money import format_inr, format_paise
from ..selectors import current_appeal_with_variant_count

register = template.Library()


@register.filter
def inr(rupees):
    """{{ 124000|inr }} -> ₹1,24,000"""
    return format_inr(rupees)


@register.filter
def paise_inr(amount_minor):
    """{{ donation.amount_minor|paise_inr }} -> ₹500"""
    return format_paise(amount_minor)


def appeal_context(appeal, gateway):
    monthly = appeal.offer_monthly and gateway is not None and gateway.supports_monthly
    frequencies = [Frequency.ONE_TIME, Frequency.MONTHLY] if monthly else [Frequency.ONE_TIME]
    if monthly and appeal.default_frequency == Frequency.MONTHLY:
        frequencies.reverse()
    return {
        "appeal": appeal,
        "frequencies": frequencies,
        "monthly": Frequency.MONTHLY,
    }


# Where the appeal's raised-so-far island goes in the box kept as a fragment: the island is
# current on every render, the rest of the box is kept until the site changes.
ISLAND_HERE = "<!--appeal-progress-->"
# Seconds the box is kept; an appeal's save bumps "site" (donations/apps.py), and an appeal
# starting or ending by the clock does too (donations/invalidation.py).
APPEAL_FRAGMENT_SECONDS = 3600


def _appeal_box(request, story):
    """The appeal box's context, or {"appeal": None}: one query for the live appeal."""
    gateway = get_gateway()
    appeal = current_appeal_with_variant_count() if gateway is not None else None
    if not appeal:
        return {"appeal": None}
    variant = None
    # An appeal test's variants are written in the default language: other languages' pages show
    # the appeal's own copy in their language (Appeal.translations).
    if story and appeal.variant_count >= 2 and current_language() == settings.LANGUAGE_CODE:
        variant = variant_for(appeal.variants.all(), appeal.pk, story)
    attribution = {}
    if story:
        attribution["story"] = story
    if variant is not None:
        attribution["variant"] = variant.pk
    return {
        **appeal_context(appeal, gateway),
        "request": request,
        "copy": variant or appeal,
        "attribution": urlencode(attribution),
        "island_here": mark_safe(ISLAND_HERE),  # our own constant
    }


@register.simple_tag(takes_context=True)
def donation_appeal(context, story=None):
    """The live appeal with links to give, or nothing when there is no appeal or no gateway; its
    raised-so-far bar is a live island. On a story (`story` its id) the links carry the story and
    the appeal variant its readers see (the same for all of them, so the page stays cached).

    Kept as a {% cache %}-style fragment (keyed on the site's generations and the page's
    language, newsroom.cache.fragment_key): a story's edit renders it from the cache, with no
    query; the island inside is read fresh each time."""
    fragments = caches["template_fragments"]
    key = make_template_fragment_key("donation-appeal", [story])
    kept = fragments.get(key)
    if kept is None:
        data = _appeal_box(context.get("request"), story)
        html = render_to_string("donations/appeal_box.html", data)
        appeal = data["appeal"]
        kept = (html, appeal.pk if appeal is not None and appeal.goal else None)
        fragments.set(key, kept, APPEAL_FRAGMENT_SECONDS)
    html, island_key = kept
    if island_key is not None:
        html = html.replace(ISLAND_HERE, island("appeal-progress", island_key), 1)
    return mark_safe(html)  # our template's output and the island's
