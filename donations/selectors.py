"""Reads about giving that more than one place needs: the appeal box, the support page, the
dashboard, both admins. Each is written here once; callers never filter donations themselves."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum

from .models import Appeal, Donation, RecurringGift, paid_condition


@dataclass(frozen=True)
class AppealTotals:
    """What an appeal has raised: paid gifts only, money in paise."""

    raised_minor: int
    gifts: int
    goal: int | None = None  # whole rupees, as on the appeal

    @property
    def raised(self):
        """Whole rupees raised (the paise dropped), as the progress bar shows it."""
        return self.raised_minor // 100

    @property
    def percent(self):
        """Percent of the goal reached, capped at 100; None for an appeal without a goal."""
        if not self.goal:
            return None
        return min(100, self.raised * 100 // self.goal)


def appeal_totals(appeal: Appeal, *, since: datetime | None = None) -> AppealTotals:
    """Raised so far and the number of gifts for `appeal`; with `since`, only gifts paid from
    then on (the dashboard's "today"). One query."""
    donations = Donation.objects.paid().filter(appeal=appeal)
    if since is not None:
        donations = donations.filter(paid_at__gte=since)
    row = donations.aggregate(raised_minor=Sum("amount_minor", default=0), gifts=Count("pk"))
    return AppealTotals(goal=appeal.goal, **row)


def appeals_with_totals(appeals: QuerySet) -> QuerySet:
    """`appeals` with `raised_minor` and `gifts` on each row, in the same query (admin lists);
    `appeal_totals_of(appeal)` reads them back as AppealTotals."""
    paid = paid_condition("donations__")
    return appeals.annotate(
        raised_minor=Sum("donations__amount_minor", filter=paid, default=0),
        gifts=Count("donations", filter=paid),
    )


def appeal_totals_of(appeal: Appeal) -> AppealTotals:
    """The totals of an appeal read through appeals_with_totals()."""
    return AppealTotals(raised_minor=appeal.raised_minor, gifts=appeal.gifts, goal=appeal.goal)


def donations_summary(donations: QuerySet) -> dict:
    """For a list of donations (the admin's filtered changelist): how many, and what is paid and
    what is still pending, in one query."""
    paid = paid_condition()
    pending = Q(status=Donation.Status.PENDING)
    return donations.aggregate(
        count=Count("pk"),
        paid_count=Count("pk", filter=paid),
        paid_minor=Sum("amount_minor", filter=paid, default=0),
        pending_minor=Sum("amount_minor", filter=pending, default=0),
    )


def appeal_supporters(appeal: Appeal, *, limit: int) -> QuerySet:
    """The newest paid gifts whose donors agreed to be listed."""
    return (
        Donation.objects.paid()
        .filter(appeal=appeal, is_public=True)
        .only("name", "message", "paid_at")[:limit]
    )


def paid_donations_since(appeal: Appeal, since: datetime) -> QuerySet:
    """The gifts to `appeal` paid from `since` on, newest first (the dashboard's table)."""
    return (
        Donation.objects.paid()
        .filter(appeal=appeal, paid_at__gte=since)
        .order_by("-paid_at", "-pk")
    )


def is_donor(email: str) -> bool:
    """Whether `email` ever started a gift (paid or not): who may be sent a "My giving" link."""
    return Donation.objects.filter(email__iexact=email.strip()).exists()


def donor_giving(email: str) -> dict:
    """Everything "My giving" shows for `email`: their monthly gifts and every gift that was paid
    (receipts), newest first. Three queries."""
    email = email.strip()
    return {
        "recurring_gifts": list(
            RecurringGift.objects.filter(email__iexact=email).select_related("appeal")
        ),
        "donations": list(
            Donation.objects.paid().filter(email__iexact=email).order_by("-paid_at", "-pk")
        ),
    }


FORM_10BD_COLUMNS = [
    "Sr. No.",
    "Pre Acknowledgement Number",
    "ID Code",
    "Unique Identification Number",
    "Section Code",
    "Unique Registration Number (URN)",
    "Date of Issuance of Unique Registration Number",
    "Name of donor",
    "Address of donor",
    "Donation Type",
    "Mode of receipt",
    "Amount of donation (Indian rupees)",
]


def form_10bd_donations(year: str) -> QuerySet:
    """The paid gifts of financial year `year` ('2026-27') whose donors asked for 80G."""
    from .tax import financial_year_bounds

    start, end = financial_year_bounds(year)
    return (
        Donation.objects.paid()
        .filter(wants_80g=True, paid_at__gte=start, paid_at__lt=end)
        .exclude(pan_encrypted="")
        .order_by("paid_at", "pk")
    )


def form_10bd_rows(year: str, registration: dict) -> list[list]:
    """Form 10BD's statement for `year`, one row per donor PAN (their gifts of the year added
    up, under the name and address of their latest gift), in the form's column order. The one
    place a PAN is decrypted: the statement the law asks the publisher to file."""
    from .pan import decrypt_pan

    donors = {}
    for donation in form_10bd_donations(year):
        pan = decrypt_pan(donation.pan_encrypted)
        row = donors.setdefault(pan, {"amount_minor": 0})
        row.update(name=donation.tax_name, address=donation.tax_address)
        row["amount_minor"] += donation.amount_minor
    rows = []
    for number, (pan, donor) in enumerate(sorted(donors.items()), start=1):
        rows.append(
            [
                number,
                "",
                "1",  # 1: PAN
                pan,
                "Section 80G",
                registration["registration_number"],
                registration["registration_date"],
                donor["name"],
                donor["address"],
                "Others",
                "Electronic modes including account payee cheque/draft",
                f"{donor['amount_minor'] / 100:.2f}".removesuffix(".00"),
            ]
        )
    return rows
