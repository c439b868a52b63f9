"""80G: whether the publisher can issue 80G receipts, and the financial year's window."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone


def registration():
    """The publisher's 80G registration (settings.DONATIONS_80G), or None when it has none."""
    details = settings.DONATIONS_80G
    return details if details.get("registration_number") else None


def is_enabled():
    return registration() is not None


def financial_year_bounds(year):
    """'2026-27' -> (1 April 2026 00:00, 1 April 2027 00:00) in the site's zone; ValueError
    for anything else."""
    start, _sep, end = str(year).partition("-")
    if not (start.isdigit() and len(start) == 4 and end == f"{(int(start) + 1) % 100:02d}"):
        raise ValueError(f"{year!r} is not a financial year such as 2026-27.")
    zone = timezone.get_current_timezone()
    return (
        datetime(int(start), 4, 1, tzinfo=zone),
        datetime(int(start) + 1, 4, 1, tzinfo=zone),
    )
