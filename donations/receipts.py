"""Receipt numbers: one sequence per Indian financial year (1 April to 31 March, in the site's
zone), as the Income Tax rules count a donee's receipts: NW-2026-27-000001."""

from django.db import transaction

from newsroom.clock import local

from .models import ReceiptSequence

PREFIX = "NW"


def financial_year(moment):
    """'2026-27' for any moment from 1 April 2026 00:00 to 31 March 2027 23:59 (site time)."""
    day = local(moment)
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def next_receipt_number(moment):
    """The next receipt number of `moment`'s financial year. Call it inside the transaction
    that marks the gift paid: the year's row stays locked until that commits, so two gifts
    never share a number and a rolled-back gift gives its number back."""
    year = financial_year(moment)
    with transaction.atomic():
        sequence, _created = ReceiptSequence.objects.select_for_update().get_or_create(
            financial_year=year
        )
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
    return f"{PREFIX}-{year}-{sequence.last_number:06d}"
