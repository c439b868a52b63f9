from datetime import timedelta
from itertools import count

from django.utils import timezone

from donations.models import Appeal, Donation

_sequence = count(1)


def make_appeal(**fields):
    fields.setdefault("title", "Support Our Journalism")
    fields.setdefault("lead", "Free to read, for everyone.")
    fields.setdefault("body", "Independent reporting needs its readers.")
    fields.setdefault("closing", "Chip in today.")
    fields.setdefault("suggested_amounts", "100, 250, 500")
    fields.setdefault("starts_at", timezone.now() - timedelta(days=1))
    return Appeal.objects.create(**fields)


def make_donation(*, appeal=None, **fields):
    number = next(_sequence)
    fields.setdefault("amount_minor", 50000)
    fields.setdefault("name", f"Reader {number}")
    fields.setdefault("email", f"reader{number}@example.com")
    fields.setdefault("gateway", "sandbox")
    if fields.get("status") == Donation.Status.PAID:
        fields.setdefault("paid_at", timezone.now())
        fields.setdefault("receipt_number", f"NW-TEST-{number:07d}")
    return Donation.objects.create(appeal=appeal or make_appeal(), **fields)
