from django import template

from ..gateways import get_gateway
from ..models import Appeal, Frequency
from ..money import format_inr, format_paise
from ..selectors import appeal_totals

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
        "totals": appeal_totals(appeal) if appeal.goal else None,
    }


@register.inclusion_tag("donations/appeal_box.html")
def donation_appeal():
    """The live appeal with links to give, or nothing when there is no appeal or no gateway."""
    gateway = get_gateway()
    appeal = Appeal.objects.current() if gateway is not None else None
    if appeal is None:
        return {"appeal": None}
    return appeal_context(appeal, gateway)
