from django import template
from django.conf import settings
from django.template.loader import render_to_string

from newsroom.cache import cached_fragment

from ..gateways import get_gateway
from ..models import Appeal, Frequency
from ..money import format_inr, format_paise

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
        "progress": appeal.progress(),
    }


def appeal_box_context():
    gateway = get_gateway()
    appeal = Appeal.objects.current() if gateway is not None else None
    if appeal is None:
        return {"appeal": None}
    return appeal_context(appeal, gateway)


@register.simple_tag
def donation_appeal():
    """The live appeal with links to give, or nothing when there is no appeal or no gateway.

    Rendered once per content version (an appeal's save changes it; a donation does not, so
    the progress bar may lag by up to PAGE_CACHE_TIMEOUT, as on cached pages)."""
    return cached_fragment(
        f"appeal-box:{settings.DONATIONS_GATEWAY}",
        lambda: render_to_string("donations/appeal_box.html", appeal_box_context()),
    )
