import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.languages import LocalisedCharField, LocalisedTextField, story_language_choices

# The largest single gift the form accepts, in rupees; anything above is a typo or an abuse.
MAXIMUM_AMOUNT_CEILING = 10_00_000


def parse_amounts(value):
    """'100, 250, 500' -> [100, 250, 500]; raises ValidationError on anything else."""
    amounts = []
    for part in str(value).split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) <= 0:
            raise ValidationError(
                _("“%(part)s” is not a whole number of rupees above zero."), params={"part": part}
            )
        amounts.append(int(part))
    if not amounts:
        raise ValidationError(_("Give at least one suggested amount."))
    return sorted(set(amounts))


def validate_amounts(value):
    parse_amounts(value)


class Frequency(models.TextChoices):
    ONE_TIME = "one_time", _("One-time")
    MONTHLY = "monthly", _("Monthly")


class Currency(models.TextChoices):
    INR = "INR", _("Indian rupee (₹)")


class AppealQuerySet(models.QuerySet):
    """Where appeals stand at `now`: upcoming, live or ended (each appeal is exactly one)."""

    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now())

    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))

    def ended(self, now=None):
        # An appeal ends after it starts (a constraint), so this implies it started.
        return self.filter(ends_at__lte=now or timezone.now())

    def current(self):
        return self.live().order_by("-starts_at").first()

    def next_change(self, now=None):
        """When an appeal next starts or ends by the clock alone, or None: the appeal box on
        cached pages must not outlive it (donations/invalidation.py)."""
        now = now or timezone.now()
        times = [
            self.filter(starts_at__gt=now)
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
            .first(),
            self.filter(ends_at__gt=now)
            .order_by("ends_at")
            .values_list("ends_at", flat=True)
            .first(),
        ]
        return min((moment for moment in times if moment is not None), default=None)


class Appeal(models.Model):
    """A fundraising campaign: the copy readers see and the rules of the donation form."""

    # The copy in the page's language: other languages' wording is in `translations`.
    title = LocalisedCharField(_("title"), max_length=120, default="Support Our Journalism")
    lead = LocalisedCharField(_("lead line"), max_length=240, blank=True)
    body = LocalisedTextField(
        _("body"), max_length=1500, help_text=_("Why independent journalism needs its readers.")
    )
    closing = LocalisedCharField(_("closing line"), max_length=240, blank=True)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("The title, lead, body and closing line in the newsroom's other languages."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.INR
    )
    suggested_amounts = models.CharField(
        _("suggested amounts"),
        max_length=120,
        default="100, 250, 500, 1000",
        validators=[validate_amounts],
        help_text=_("Whole rupees, separated by commas."),
    )
    minimum_amount = models.PositiveIntegerField(
        _("minimum amount"), default=10, validators=[MinValueValidator(1)]
    )
    maximum_amount = models.PositiveIntegerField(
        _("maximum amount"),
        default=5_00_000,
        validators=[MinValueValidator(1), MaxValueValidator(MAXIMUM_AMOUNT_CEILING)],
    )
    default_frequency = models.CharField(
        _("default frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.ONE_TIME,
        help_text=_("Keep one-time: nobody should give monthly by accident."),
    )
    offer_monthly = models.BooleanField(_("offer monthly giving"), default=True)
    goal = models.PositiveIntegerField(
        _("goal"), null=True, blank=True, help_text=_("In whole rupees. Leave empty for no goal.")
    )
    starts_at = models.DateTimeField(_("starts at"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, help_text=_("Leave empty to run until replaced.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="appeal_live_window")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="appeal_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(minimum_amount__lte=models.F("maximum_amount")),
                name="appeal_minimum_not_above_maximum",
            ),
            models.CheckConstraint(
                condition=Q(goal__isnull=True) | Q(goal__gt=0), name="appeal_goal_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("donations:support")

    def clean(self):
        errors = {}
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The appeal must end after it starts.")
        low, high = self.minimum_amount, self.maximum_amount
        if low and high and low > high:
            errors["maximum_amount"] = _("The maximum must not be below the minimum.")
        if self.default_frequency == Frequency.MONTHLY and not self.offer_monthly:
            errors["default_frequency"] = _("Monthly cannot be the default when it is not offered.")
        if self.suggested_amounts and "suggested_amounts" not in errors:
            try:
                outside = [
                    amount
                    for amount in parse_amounts(self.suggested_amounts)
                    if not self.minimum_amount <= amount <= self.maximum_amount
                ]
            except ValidationError:
                outside = []
            if outside:
                errors["suggested_amounts"] = _(
                    "Suggested amounts must lie between the minimum and the maximum."
                )
        if self.starts_at and not errors:
            overlapping = self.overlapping().first()
            if overlapping is not None:
                errors["starts_at"] = _(
                    "Only one appeal can be live at a time, and “%(other)s” runs in this period. "
                    "End it first, or choose other dates."
                ) % {"other": overlapping}
        if errors:
            raise ValidationError(errors)

    def overlapping(self):
        """Other appeals whose run shares any moment with this one's."""
        others = Appeal.objects.exclude(pk=self.pk) if self.pk else Appeal.objects.all()
        others = others.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=self.starts_at))
        if self.ends_at:
            others = others.filter(starts_at__lt=self.ends_at)
        return others

    @property
    def amount_list(self):
        try:
            return parse_amounts(self.suggested_amounts)
        except ValidationError:
            return []

    @property
    def is_live(self):
        return self.state() == "live"

    def state(self, now=None):
        """upcoming, live or ended, as AppealQuerySet judges it ("" before its start is set)."""
        if self.starts_at is None:
            return ""
        now = now or timezone.now()
        if self.starts_at > now:
            return "upcoming"
        return "ended" if self.ends_at is not None and self.ends_at <= now else "live"


class AppealVariant(models.Model):
    """One version of an appeal's copy in an appeal test (two to four per appeal). Readers of a
    story always see the same one (`Appeal.variant_for`), so article pages stay cached."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="variants"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    label = models.CharField(_("label"), max_length=40, help_text=_("For staff, e.g. “Urgent”."))
    lead = models.CharField(_("lead line"), max_length=240, blank=True)
    body = models.TextField(_("body"), max_length=1500)

    class Meta:
        ordering = ["appeal", "position", "pk"]
        verbose_name = _("appeal variant")
        verbose_name_plural = _("appeal variants")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "position"], name="appeal_variant_position")
        ]

    def __str__(self):
        return self.label


def variant_for(variants, appeal_id, story_id):
    """Which of an appeal's variants (in position order) a story's readers see: a hash of the
    appeal and the story, so every reader of one story sees the same copy (no cookie, one cached
    page) and stories spread evenly over the variants. None without a test or a story."""
    variants = list(variants)
    if len(variants) < 2 or not story_id:
        return None
    digest = hashlib.sha256(f"{appeal_id}:{story_id}".encode()).hexdigest()
    return variants[int(digest[:8], 16) % len(variants)]


def paid_condition(through=""):
    """The one definition of a paid donation, as a filter; `through` reaches it across a
    relation (``paid_condition("donations__")`` from an appeal)."""
    return Q(**{f"{through}status": Donation.Status.PAID})


class TaxReceiptDetails(models.Model):
    """What an 80G receipt and Form 10BD need about the donor, when they asked for one. The PAN
    is kept only encrypted (donations/pan.py) and shown masked."""

    wants_80g = models.BooleanField(_("80G receipt requested"), default=False)
    tax_name = models.CharField(_("name as on PAN"), max_length=120, blank=True)
    tax_address = models.TextField(_("address"), max_length=500, blank=True)
    pan_encrypted = models.TextField(_("PAN (encrypted)"), blank=True, editable=False)
    pan_masked = models.CharField(_("PAN"), max_length=10, blank=True, editable=False)

    class Meta:
        abstract = True

    def set_pan(self, pan):
        from .pan import encrypt_pan, mask_pan

        self.pan_encrypted = encrypt_pan(pan) if pan else ""
        self.pan_masked = mask_pan(pan) if pan else ""

    def copy_tax_details(self, other):
        for name in ("wants_80g", "tax_name", "tax_address", "pan_encrypted", "pan_masked"):
            setattr(self, name, getattr(other, name))


class RecurringGift(TaxReceiptDetails):
    """A reader's standing monthly gift: the mandate at the gateway. Each charge it makes is a
    Donation of its own (linked here), so every total counts renewals the way it counts one-time
    gifts; this row only says what the gift is and where it stands."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the first payment")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        FAILED = "failed", _("Payment failed")
        CANCELLED = "cancelled", _("Cancelled")

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.PROTECT, related_name="recurring_gifts"
    )
    amount_minor = models.PositiveBigIntegerField(_("amount (paise)"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.INR
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    # The language of the pages the reader gave from: their receipts and e-mails are in it.
    language = models.CharField(
        _("language"), max_length=10, choices=story_language_choices, default="en"
    )
    gateway = models.CharField(_("gateway"), max_length=20)
    gateway_subscription_id = models.CharField(
        _("gateway subscription id"), max_length=255, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The gateway's time of the newest state change applied: an older event arriving late
    # (updated after deleted) is recorded and left alone.
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    next_charge_at = models.DateTimeField(_("next charge at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recurring gift")
        verbose_name_plural = _("recurring gifts")
        indexes = [
            models.Index(fields=["status", "gateway"], name="recurring_gift_status"),
            models.Index(Upper("email"), name="recurring_gift_email_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_minor__gt=0), name="recurring_gift_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["gateway", "gateway_subscription_id"],
                condition=~Q(gateway_subscription_id=""),
                name="recurring_gift_subscription_once",
            ),
        ]

    def __str__(self):
        # No personal data, as Donation's: copied into audit entries.
        if self.pk is None:
            return str(_("New recurring gift"))
        return str(_("Recurring gift #%(number)s")) % {"number": self.pk}

    @property
    def is_open(self):
        """Still a mandate the donor can pause, resume, change or cancel."""
        return self.status != self.Status.CANCELLED


class DonationQuerySet(models.QuerySet):
    def paid(self):
        return self.filter(paid_condition())


class Donation(TaxReceiptDetails):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.PROTECT, related_name="donations"
    )
    # Integer paise: money is never a float, and never comes from the browser after this is set.
    amount_minor = models.PositiveBigIntegerField(_("amount (paise)"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.INR
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.ONE_TIME
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    # The language of the pages the reader gave from: their receipts and e-mails are in it.
    language = models.CharField(
        _("language"), max_length=10, choices=story_language_choices, default="en"
    )
    message = models.TextField(_("message"), max_length=500, blank=True)
    is_public = models.BooleanField(_("listed as a supporter"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    gateway = models.CharField(_("gateway"), max_length=20)
    gateway_reference = models.CharField(
        _("gateway reference"),
        max_length=255,
        blank=True,
        help_text=_("The checkout session, payment link or sandbox id at the gateway."),
    )
    gateway_data = models.JSONField(_("gateway data"), default=dict, blank=True)
    recurring_gift = models.ForeignKey(
        RecurringGift,
        verbose_name=_("recurring gift"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charges",
    )
    # A later charge of a monthly gift (not the one its donor started at checkout).
    is_renewal = models.BooleanField(_("renewal"), default=False, editable=False)
    # Attribution: the story whose appeal box the reader came from (an articles id: donations
    # does not import articles) and the copy they saw there.
    source_story_id = models.PositiveIntegerField(_("from story (id)"), null=True, blank=True)
    appeal_variant = models.ForeignKey(
        AppealVariant,
        verbose_name=_("appeal variant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donations",
    )
    # The gateway's id of this one charge (a Stripe invoice, a Razorpay payment, a sandbox
    # charge): unique, so the same renewal told twice, by any events in any order, is one row.
    gateway_charge_id = models.CharField(_("gateway charge id"), max_length=255, blank=True)
    receipt_number = models.CharField(
        _("receipt number"), max_length=30, unique=True, null=True, blank=True
    )
    receipt_sent_at = models.DateTimeField(_("receipt sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    objects = DonationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        permissions = [
            ("export_donation", _("Can export donations (CSV, Form 10BD)")),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="donation_status_created"),
            models.Index(fields=["appeal", "status"], name="donation_appeal_status"),
            models.Index(fields=["gateway", "-created_at"], name="donation_gateway_created"),
            models.Index(fields=["gateway_reference"], name="donation_gateway_reference"),
            # "My giving" finds a donor's gifts by address, whatever its case.
            models.Index(Upper("email"), name="donation_email_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_minor__gt=0), name="donation_amount_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="paid")
                | Q(paid_at__isnull=False, receipt_number__isnull=False),
                name="donation_paid_has_time_and_receipt",
            ),
            models.UniqueConstraint(
                fields=["gateway", "gateway_charge_id"],
                condition=~Q(gateway_charge_id=""),
                name="donation_charge_once",
            ),
        ]

    def __str__(self):
        # No personal data: this name is copied into audit entries and the admin's log, which
        # editors read. Not the UUID either: it opens the gift's thank-you page.
        if self.pk is None:
            return str(_("New donation"))
        return str(_("Donation #%(number)s")) % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("donations:thanks", kwargs={"uuid": self.uuid})

    @property
    def is_final(self):
        return self.status != self.Status.PENDING


class PaymentEvent(models.Model):
    """Every gateway event we acted on, once: the unique id makes replays change nothing."""

    gateway = models.CharField(_("gateway"), max_length=20)
    event_id = models.CharField(_("event id"), max_length=255)
    kind = models.CharField(_("kind"), max_length=80)
    donation = models.ForeignKey(
        Donation,
        verbose_name=_("donation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    recurring_gift = models.ForeignKey(
        RecurringGift,
        verbose_name=_("recurring gift"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    outcome = models.CharField(_("outcome"), max_length=120)
    payload = models.JSONField(_("payload"), default=dict)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        constraints = [
            models.UniqueConstraint(fields=["gateway", "event_id"], name="payment_event_once"),
        ]

    def __str__(self):
        return f"{self.gateway} {self.kind} {self.event_id}"


class GivingLink(models.Model):
    """A "My giving" link e-mailed to a donor: it opens that address's gifts once, for a short
    while. Only a digest of the token is kept, so a database reader cannot open anyone's page."""

    email = models.EmailField(_("email"))
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("giving link")
        verbose_name_plural = _("giving links")
        indexes = [models.Index(fields=["expires_at"], name="giving_link_expires")]

    def __str__(self):
        if self.pk is None:
            return str(_("New giving link"))
        return str(_("Giving link #%(number)s")) % {"number": self.pk}


class GatewayPlan(models.Model):
    """A gateway's plan for a monthly amount (Razorpay subscriptions need one per amount):
    made the first time a donor chooses that amount, then reused."""

    gateway = models.CharField(_("gateway"), max_length=20)
    amount_minor = models.PositiveBigIntegerField(_("amount (paise)"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.INR
    )
    period = models.CharField(
        _("period"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    plan_id = models.CharField(_("plan id at the gateway"), max_length=255)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["gateway", "amount_minor"]
        verbose_name = _("gateway plan")
        verbose_name_plural = _("gateway plans")
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "amount_minor", "currency", "period"], name="gateway_plan_once"
            ),
            models.UniqueConstraint(fields=["gateway", "plan_id"], name="gateway_plan_id_once"),
        ]

    def __str__(self):
        return f"{self.gateway} {self.plan_id}"


class ReceiptSequence(models.Model):
    """The last receipt number given in one financial year (receipts.next_receipt_number)."""

    financial_year = models.CharField(_("financial year"), max_length=7, unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        ordering = ["-financial_year"]
        verbose_name = _("receipt sequence")
        verbose_name_plural = _("receipt sequences")

    def __str__(self):
        return f"{self.financial_year}: {self.last_number}"


class DonorTaxDetails(TaxReceiptDetails):
    """80G details a donor keeps from "My giving": their PAN (encrypted, as on a gift), and
    their name and address as on it. They apply from the change on: to the Form 10BD statements
    exported afterwards (selectors.form_10bd_donors) and the receipts of gifts paid afterwards
    (monthly gifts copy them); receipts already issued are never rewritten."""

    email = models.EmailField(_("email"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("donor's 80G details")
        verbose_name_plural = _("donors' 80G details")
        constraints = [
            models.UniqueConstraint(Upper("email"), name="donor_tax_details_email_once"),
        ]

    def __str__(self):
        # No personal data: copied into audit entries.
        if self.pk is None:
            return str(_("New 80G details"))
        return str(_("80G details #%(number)s")) % {"number": self.pk}


class TaxCertificate(models.Model):
    """A donor's Form 10BE certificate for one financial year: the PDF the income-tax portal
    makes once the publisher's Form 10BD statement is filed, attached here by Fundraising staff
    and e-mailed to the donor (once per file). One per donor PAN and year, as 10BD's rows are.

    The PDF carries the donor's PAN, so it is kept encrypted as the PAN is (donations/pan.py);
    the PAN itself only as a keyed digest (to find the donor's certificate again) and masked."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    financial_year = models.CharField(_("financial year"), max_length=7)
    pan_digest = models.CharField(_("PAN digest"), max_length=64, editable=False)
    pan_masked = models.CharField(_("PAN"), max_length=10, editable=False)
    tax_name = models.CharField(_("name as on PAN"), max_length=120)
    email = models.EmailField(_("sent to"))
    donations = models.ManyToManyField(
        Donation, verbose_name=_("gifts it certifies"), related_name="tax_certificates"
    )
    acknowledgement_number = models.CharField(
        _("Form 10BD acknowledgement number"), max_length=30, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=200)
    file_encrypted = models.BinaryField(_("file (encrypted)"), editable=False)
    file_digest = models.CharField(_("file digest (SHA-256)"), max_length=64, editable=False)
    file_size = models.PositiveIntegerField(_("file size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The digest of the file last e-mailed: a file is sent once, however often "send" is
    # pressed or the task retried; a corrected file uploaded later can be sent again.
    sent_digest = models.CharField(_("digest of the file sent"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-financial_year", "tax_name", "pk"]
        verbose_name = _("Form 10BE certificate")
        verbose_name_plural = _("Form 10BE certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "pan_digest"], name="tax_certificate_once_per_year"
            ),
        ]
        indexes = [models.Index(fields=["financial_year", "sent_at"], name="tax_cert_year_sent")]

    def __str__(self):
        if self.pk is None:
            return str(_("New Form 10BE certificate"))
        return str(_("Form 10BE certificate #%(number)s")) % {"number": self.pk}

    @property
    def is_sent(self):
        """Whether the file now attached is the one the donor was sent."""
        return bool(self.sent_digest) and self.sent_digest == self.file_digest
