from urllib.parse import urlencode

from django import template
from django.conf import settings

from newsroom.languages import current_language

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


@register.inclusion_tag("donations/appeal_box.html", takes_context=True)
def donation_appeal(context, story=None):
    """The live appeal with links to give, or nothing when there is no appeal or no gateway; its
    raised-so-far bar is a live island. On a story (`story` its id) the links carry the story and
    the appeal variant its readers see (the same for all of them, so the page stays cached)."""
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
        "request": context.get("request"),
        "copy": variant or appeal,
        "attribution": urlencode(attribution),
    }
