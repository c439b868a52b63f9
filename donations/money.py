"""Money as readers see it: Indian digit grouping (₹1,24,000), amounts kept in whole paise."""

from decimal import Decimal, InvalidOperation

SYMBOLS = {"INR": "₹"}


def group_indian(number):
    """1240000 -> '12,40,000': the last three digits, then pairs."""
    digits = str(abs(int(number)))
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    grouped = ",".join([*groups, tail]) if groups else tail
    return f"-{grouped}" if int(number) < 0 else grouped


def format_inr(rupees, currency="INR"):
    """A rupee amount (int, Decimal or numeric string) as '₹1,24,000' or '₹1,24,000.50'."""
    try:
        value = Decimal(str(rupees)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return ""
    whole, fraction = divmod(abs(value), 1)
    text = SYMBOLS.get(currency, f"{currency} ") + group_indian(whole)
    if fraction:
        text += f".{int(fraction * 100):02d}"
    return f"-{text}" if value < 0 else text


def format_paise(amount_minor, currency="INR"):
    if amount_minor is None:
        return ""
    return format_inr(Decimal(int(amount_minor)) / 100, currency)
