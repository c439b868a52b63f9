from django import template

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
    }


@register.inclusion_tag("donations/appeal_box.html", takes_context=True)
def donation_appeal(context):
    """The live appeal with links to give, or nothing when there is no appeal or no gateway. Its
    copy is cached inside (appeal_box.html); its raised-so-far bar is a live island."""
    gateway = get_gateway()
    appeal = Appeal.objects.current() if gateway is not None else None
    if not appeal:
        return {"appeal": None}
    return {**appeal_context(appeal, gateway), "request": context.get("request")}
