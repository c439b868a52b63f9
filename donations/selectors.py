"""Reads about giving that more than one place needs: the appeal box, the support page, the
dashboard, both admins. Each is written here once; callers never filter donations themselves."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Upper

from .models import (
    Appeal,
    Donation,
    DonorTaxDetails,
    RecurringGift,
    TaxCertificate,
    paid_condition,
)


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


def current_appeal_with_variant_count() -> Appeal | None:
    """The live appeal, with `variant_count` (its appeal test's variants) from the same query:
    the appeal box on every article asks for variants only when there is a test."""
    return (
        Appeal.objects.live()
        .annotate(variant_count=Count("variants"))
        .order_by("-starts_at")
        .first()
    )


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
    """The paid gifts of financial year `year` ('2026-27') that go in its Form 10BD statement:
    those whose donors asked for 80G with a PAN, and every gift of an address whose donor saved
    80G details in "My giving" (asking for 80G on all their gifts)."""
    from .tax import financial_year_bounds

    start, end = financial_year_bounds(year)
    asked = Q(wants_80g=True) & ~Q(pan_encrypted="")
    kept = Q(email_upper__in=DonorTaxDetails.objects.values(upper=Upper("email")))
    return (
        Donation.objects.paid()
        .filter(paid_at__gte=start, paid_at__lt=end)
        .annotate(email_upper=Upper("email"))
        .filter(asked | kept)
        .order_by("paid_at", "pk")
    )


@dataclass
class Form10BDDonor:
    """One row of a year's Form 10BD statement: a donor PAN and their gifts of the year. The
    name and address are those of their latest gift, or the ones they keep in "My giving"."""

    pan: str
    name: str = ""
    address: str = ""
    email: str = ""
    amount_minor: int = 0
    donation_ids: list = field(default_factory=list)

    @property
    def pan_masked(self):
        from .pan import mask_pan

        return mask_pan(self.pan)

    @property
    def digest(self):
        from .pan import pan_digest

        return pan_digest(self.pan)


def form_10bd_donors(year: str) -> list[Form10BDDonor]:
    """The donors of Form 10BD's statement for `year`, by PAN, in PAN order: the one place a
    PAN is decrypted (for the statement the law asks the publisher to file, and to match the
    Form 10BE certificates the portal makes from it). A donor's details kept in "My giving"
    take the place of those typed with each gift. Two queries."""
    from .pan import decrypt_pan

    donations = list(form_10bd_donations(year))
    kept = {
        details.email.upper(): details
        for details in DonorTaxDetails.objects.annotate(email_upper=Upper("email")).filter(
            email_upper__in={donation.email.upper() for donation in donations}
        )
    }
    donors = {}
    for donation in donations:
        details = kept.get(donation.email.upper(), donation)
        pan = decrypt_pan(details.pan_encrypted)
        donor = donors.setdefault(pan, Form10BDDonor(pan=pan))
        donor.name, donor.address = details.tax_name, details.tax_address
        donor.email = donation.email
        donor.amount_minor += donation.amount_minor
        donor.donation_ids.append(donation.pk)
    return [donors[pan] for pan in sorted(donors)]


def form_10bd_rows(year: str, registration: dict) -> list[list]:
    """Form 10BD's statement for `year`, one row per donor PAN (their gifts of the year added
    up), in the form's column order."""
    rows = []
    for number, donor in enumerate(form_10bd_donors(year), start=1):
        rows.append(
            [
                number,
                "",
                "1",  # 1: PAN
                donor.pan,
                "Section 80G",
                registration["registration_number"],
                registration["registration_date"],
                donor.name,
                donor.address,
                "Others",
                "Electronic modes including account payee cheque/draft",
                f"{donor.amount_minor / 100:.2f}".removesuffix(".00"),
            ]
        )
    return rows


def tax_certificates_of_year(year: str) -> QuerySet:
    """The Form 10BE certificates attached for financial year `year`."""
    return TaxCertificate.objects.filter(financial_year=year)


def donor_tax_certificates(email: str) -> QuerySet:
    """The Form 10BE certificates of the gifts made with `email`, newest year first."""
    return (
        TaxCertificate.objects.filter(donations__email__iexact=email.strip())
        .distinct()
        .order_by("-financial_year", "pk")
    )


def donor_tax_details(email: str):
    """The 80G details the donor at `email` keeps in "My giving", or None."""
    return DonorTaxDetails.objects.filter(email__iexact=email.strip()).first()


@dataclass(frozen=True)
class ConversionRow:
    """Gifts that came from one story or one appeal variant: started at the gateway, paid, and
    the money. Conversion is paid out of started (readers who began to give and finished)."""

    key: int | None
    started: int
    gifts: int
    raised_minor: int

    @property
    def conversion(self):
        return self.gifts / self.started if self.started else None


def _conversion_rows(appeal, field):
    paid = paid_condition()
    # Renewals add money, not conversions: only the gifts readers started count as such.
    rows = (
        Donation.objects.filter(appeal=appeal)
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(
            started=Count("pk", filter=Q(is_renewal=False)),
            gifts=Count("pk", filter=paid & Q(is_renewal=False)),
            raised_minor=Sum("amount_minor", filter=paid, default=0),
        )
        .order_by("-raised_minor", field)
    )
    return [
        ConversionRow(
            key=row[field],
            started=row["started"],
            gifts=row["gifts"],
            raised_minor=row["raised_minor"],
        )
        for row in rows
    ]


def appeal_story_conversions(appeal: Appeal) -> list[ConversionRow]:
    """Per story (its id in `key`) whose appeal box readers gave from: one query."""
    return _conversion_rows(appeal, "source_story_id")


@dataclass(frozen=True)
class VariantTest:
    rows: list  # (AppealVariant, ConversionRow) in position order
    statement: str


# Below this many gifts started for each variant, no comparison is offered.
MINIMUM_STARTED_PER_VARIANT = 30


def appeal_variant_test(appeal: Appeal) -> VariantTest | None:
    """The appeal test's results: each variant's row and a plain statement of whether the best
    and the worst differ by more than chance (a two-proportion z-test, two-sided, 5%). None for
    an appeal without variants. Two queries."""
    from .models import AppealVariant

    variants = list(AppealVariant.objects.filter(appeal=appeal))
    if not variants:
        return None
    found = {row.key: row for row in _conversion_rows(appeal, "appeal_variant")}
    rows = [(v, found.get(v.pk) or ConversionRow(v.pk, 0, 0, 0)) for v in variants]
    return VariantTest(rows=rows, statement=_significance_statement(rows))


def _significance_statement(rows):
    if len(rows) < 2:
        return "An appeal test needs at least two variants."
    fewest = min(row.started for _variant, row in rows)
    if fewest < MINIMUM_STARTED_PER_VARIANT:
        return (
            f"Too early to tell: each variant needs at least {MINIMUM_STARTED_PER_VARIANT} "
            f"gifts started (the fewest so far: {fewest})."
        )
    ranked = sorted(rows, key=lambda pair: pair[1].conversion)
    (worst_variant, worst), (best_variant, best) = ranked[0], ranked[-1]
    p_value = two_proportion_p_value(best.gifts, best.started, worst.gifts, worst.started)
    if p_value < 0.05:
        return (
            f"“{best_variant}” converts better than “{worst_variant}” "
            f"({best.conversion:.0%} against {worst.conversion:.0%}), and a difference this large "
            f"is unlikely to be chance (p = {p_value:.3f})."
        )
    return (
        f"No meaningful difference yet: “{best_variant}” ({best.conversion:.0%}) and "
        f"“{worst_variant}” ({worst.conversion:.0%}) could differ by chance (p = {p_value:.2f})."
    )


def two_proportion_p_value(successes_a, trials_a, successes_b, trials_b):
    """Two-sided p-value of a two-proportion z-test (pooled); 1.0 when it cannot be computed."""
    import math

    if not trials_a or not trials_b:
        return 1.0
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    if spread == 0:
        return 1.0
    z = (successes_a / trials_a - successes_b / trials_b) / spread
    return math.erfc(abs(z) / math.sqrt(2))
