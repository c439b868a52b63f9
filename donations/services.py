"""Recording donations and what the gateways tell us about them.

Money rules: the amount is fixed when the donation is stored and never taken from anywhere else;
each gateway event is acted on once (a unique processed-event row); the donation row is locked
while an event changes it; a receipt goes out once, after the payment is committed.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from newsroom.background import enqueue
from newsroom.languages import current_language
from newsroom.services import audit_record

from . import tax
from .gateways import GatewayUnavailableError, get_gateway
from .islands import gift_paid
from .models import (
    Appeal,
    Donation,
    DonorTaxDetails,
    Frequency,
    GivingLink,
    PaymentEvent,
    RecurringGift,
    TaxCertificate,
)
from .receipt_pdf import receipt_pdf
from .receipts import next_receipt_number

logger = logging.getLogger(__name__)

# Audit log actions. Payment state changes are made by the gateway, recorded with no actor.
CREATED = "created"
CHANGED = "changed"
DELETED = "deleted"
PAID = "paid"
FAILED = "failed"
ABANDONED = "abandoned"
EXPORTED = "exported"


def appeal_save(*, appeal, actor, note=""):
    """Validate and save an appeal (new or changed), recording who did it."""
    is_new = appeal.pk is None
    appeal.full_clean()
    with transaction.atomic():
        from_state = ""
        if not is_new:
            stored = Appeal.objects.select_for_update().filter(pk=appeal.pk).first()
            from_state = stored.state() if stored is not None else ""
        appeal.save()
        audit_record(
            actor=actor,
            action=CREATED if is_new else CHANGED,
            obj=appeal,
            from_state=from_state,
            to_state=appeal.state(),
            note=note,
        )
    return appeal


def appeals_delete(*, appeals, actor):
    """Delete appeals that have no donations (those are protected), each leaving an audit entry."""
    deleted = 0
    with transaction.atomic():
        for appeal in Appeal.objects.select_for_update().filter(pk__in=[a.pk for a in appeals]):
            audit_record(
                actor=actor, action=DELETED, obj=appeal, from_state=appeal.state(), to_state=""
            )
            appeal.delete()
            deleted += 1
    return deleted


def donations_record_export(*, donations, actor):
    """Note in the audit log that `actor` downloaded these supporters' details."""
    with transaction.atomic():
        for donation in donations:
            audit_record(
                actor=actor,
                action=EXPORTED,
                obj=donation,
                from_state=donation.status,
                to_state=donation.status,
                note=_("Exported as CSV."),
            )


def donation_checkout(
    *,
    appeal,
    gateway,
    request,
    amount_minor,
    frequency,
    name,
    email,
    message="",
    is_public=False,
    tax_details=None,
    source_story_id=None,
    appeal_variant=None,
    language=None,
):
    """A reader's gift, from the form to the gateway: store the pending donation, open the
    gateway's checkout and note its id. Returns (donation, the address to send the reader to).

    When the gateway cannot start a checkout, the donation is closed as failed (it can never be
    paid) and GatewayUnavailableError is raised for the caller to apologise.
    """
    if frequency == Frequency.MONTHLY and not (appeal.offer_monthly and gateway.supports_monthly):
        frequency = Frequency.ONE_TIME
    # The page's language unless told: the receipt and later e-mails are in it.
    language = language or current_language()
    gift = None
    if frequency == Frequency.MONTHLY:
        # The mandate, waiting for its first charge (this donation) to start it.
        gift = RecurringGift(
            appeal=appeal,
            amount_minor=amount_minor,
            currency=appeal.currency,
            frequency=frequency,
            name=name,
            email=email,
            language=language,
            gateway=gateway.name,
        )
        _set_tax_details(gift, tax_details)
        gift.full_clean()
    donation = Donation(
        appeal=appeal,
        amount_minor=amount_minor,
        currency=appeal.currency,
        frequency=frequency,
        name=name,
        email=email,
        language=language,
        message=message,
        is_public=is_public,
        gateway=gateway.name,
        source_story_id=source_story_id,
        appeal_variant=appeal_variant
        if appeal_variant and appeal_variant.appeal_id == appeal.pk
        else None,
    )
    _set_tax_details(donation, tax_details)
    donation.full_clean(exclude=["recurring_gift"])
    # Committed before the reader leaves: the gateway's notification may come back at once.
    with transaction.atomic():
        if gift is not None:
            gift.save()
            donation.recurring_gift = gift
        donation.save()
    logger.info("Donation %s started by %s via %s", donation.uuid, donation.email, gateway.name)
    try:
        url, reference = gateway.begin_checkout(donation, request=request)
    except GatewayUnavailableError as error:
        logger.error("Checkout for %s could not start: %s", donation.uuid, error)
        donation_abandon(donation=donation, reason=str(error))
        raise
    with transaction.atomic():
        Donation.objects.filter(pk=donation.pk).update(gateway_reference=reference)
        if gift is not None and gateway.checkout_reference_is_subscription:
            RecurringGift.objects.filter(pk=gift.pk, gateway_subscription_id="").update(
                gateway_subscription_id=reference
            )
    donation.gateway_reference = reference
    return donation, url


def _set_tax_details(row, tax_details):
    """The 80G request on a gift or donation: the PAN encrypted, only when 80G is on."""
    if not tax_details or not tax.is_enabled():
        return
    row.wants_80g = True
    row.tax_name = tax_details["name"]
    row.tax_address = tax_details["address"]
    row.set_pan(tax_details["pan"])


def _without_personal_data(text, donation):
    """A gateway's message for the audit log: without the gift's UUID (it opens the thank-you
    page), the donor's name or e-mail, should the gateway have echoed them."""
    for detail in (str(donation.uuid), donation.uuid.hex, donation.name, donation.email):
        if detail:
            text = text.replace(detail, "…")
    return text


def donations_record_10bd_export(*, donations, actor, year):
    """Note in the audit log that `actor` downloaded the Form 10BD statement (with PANs) for
    these gifts."""
    with transaction.atomic():
        for donation in donations:
            audit_record(
                actor=actor,
                action=EXPORTED,
                obj=donation,
                from_state=donation.status,
                to_state=donation.status,
                note=_("Exported in the Form 10BD statement for %(year)s.") % {"year": year},
            )


def donation_abandon(*, donation, reason):
    """The checkout never started (gateway unreachable): the pending donation cannot be paid."""
    with transaction.atomic():
        abandoned = Donation.objects.filter(pk=donation.pk, status=Donation.Status.PENDING).update(
            status=Donation.Status.FAILED,
            failed_at=timezone.now(),
            gateway_data={"checkout_error": reason[:500]},
        )
        if abandoned:
            audit_record(
                actor=None,
                action=ABANDONED,
                obj=donation,
                from_state=Donation.Status.PENDING,
                to_state=Donation.Status.FAILED,
                note=_("The checkout could not start: %(reason)s")
                % {"reason": _without_personal_data(reason, donation)[:500]},
            )
    donation.refresh_from_db()


def payment_event_process(*, gateway_name, event):
    """Apply one verified gateway event; return what it did, for the record and the logs.

    A replayed event id changes nothing; events for one gift or donation take turns on its row
    lock (the recurring gift's first, then the donation's, always in that order); an event that
    arrives after a later one (failed after paid, updated after cancelled) is recorded and
    ignored; a charge told by two events (Stripe's checkout and its first invoice) is one gift.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = PaymentEvent.objects.create(
                    gateway=gateway_name,
                    event_id=event.event_id[:255],
                    kind=event.kind[:80],
                    payload=event.payload,
                    outcome="received",
                )
        except IntegrityError:
            logger.info("Gateway event %s %s seen before; ignored", gateway_name, event.event_id)
            return "duplicate"
        gift = _locked_gift(gateway_name, event)
        donation = None
        if event.donation_uuid is not None:
            donation = (
                Donation.objects.select_for_update()
                .filter(uuid=event.donation_uuid, gateway=gateway_name)
                .first()
            )
            if donation is not None and gift is None and donation.recurring_gift_id:
                # The gift must be locked before the donation; nothing else holds this one's lock.
                gift = RecurringGift.objects.select_for_update().get(pk=donation.recurring_gift_id)
        if gift is not None and donation is None and event.first_charge:
            donation = _first_charge_of(gift)
        if event.is_recurring and gift is None:
            outcome = "no such recurring gift"
        elif donation is not None or not event.charge_id:
            outcome = _apply(donation, event)
        elif gift is None:
            # A charge that names neither a donation nor a gift (a one-off invoice raised in
            # the gateway's own dashboard): kept for the record, counted nowhere.
            outcome = "a charge of no gift we know"
        else:
            donation, outcome = _apply_renewal(gift, event)
        if gift is not None:
            outcome = _apply_to_gift(gift, donation, event, outcome)
        record.donation = donation
        record.recurring_gift = gift
        record.outcome = outcome[:120]
        record.save(update_fields=["donation", "recurring_gift", "outcome"])
    logger.info("Gateway event %s %s: %s", gateway_name, event.event_id, outcome)
    return outcome


def _locked_gift(gateway_name, event):
    if not event.is_recurring:
        return None
    gifts = RecurringGift.objects.select_for_update().filter(gateway=gateway_name)
    if event.gift_uuid is not None:
        gift = gifts.filter(uuid=event.gift_uuid).first()
        if gift is not None:
            return gift
    if event.subscription_id:
        return gifts.filter(gateway_subscription_id=event.subscription_id).first()
    return None


def _first_charge_of(gift):
    """The donation made when the reader set the gift up (the first charge), locked."""
    first = gift.charges.order_by("created_at", "pk").values_list("pk", flat=True).first()
    if first is None:
        return None
    return Donation.objects.select_for_update().get(pk=first)


def _apply(donation, event):
    if donation is None:
        return "no such donation"
    if event.outcome is None:
        return "nothing to do"
    if event.charge_id and not donation.gateway_charge_id:
        # The first invoice of a subscription names the charge its checkout already paid.
        donation.gateway_charge_id = event.charge_id[:255]
        donation.save(update_fields=["gateway_charge_id"])
    now = timezone.now()
    from_state = donation.status
    if event.outcome == "paid":
        if donation.status == Donation.Status.PAID:
            return "already paid"
        if (
            event.amount_minor != donation.amount_minor
            or (event.currency or "").upper() != donation.currency.upper()
        ):
            logger.error(
                "Donation %s: gateway reports %s %s, our record says %s %s; left pending",
                donation.uuid,
                event.amount_minor,
                event.currency,
                donation.amount_minor,
                donation.currency,
            )
            return "amount mismatch; left as it was"
        _mark_paid(donation, event, now, from_state=from_state)
        return "marked paid"
    if event.outcome == "failed":
        if donation.status != Donation.Status.PENDING:
            return f"already {donation.status}; ignored"
        donation.status = Donation.Status.FAILED
        donation.failed_at = now
        _note_gateway(donation, event)
        donation.save(update_fields=["status", "failed_at", "gateway_data", "gateway_reference"])
        _audit_gateway_change(donation, event, FAILED, from_state=from_state)
        return "marked failed"
    return "nothing to do"


def _mark_paid(donation, event, now, *, from_state):
    donation.status = Donation.Status.PAID
    donation.paid_at = now
    donation.receipt_number = next_receipt_number(now)
    donation.failed_at = None
    _note_gateway(donation, event)
    donation.save(
        update_fields=[
            "status",
            "paid_at",
            "receipt_number",
            "failed_at",
            "gateway_data",
            "gateway_reference",
        ]
    )
    _audit_gateway_change(donation, event, PAID, from_state=from_state)
    # The appeal's bar and supporters move on open and cached pages (their islands); nothing
    # else a reader sees changed.
    gift_paid(donation.appeal_id)
    donation_id = donation.pk
    transaction.on_commit(lambda: _enqueue_receipt(donation_id))


def _enqueue_receipt(donation_id):
    from .tasks import send_receipt  # tasks.py imports this module

    enqueue(send_receipt, donation_id)


def _apply_renewal(gift, event):
    """A charge of `gift` other than its first: one Donation per gateway charge id, whichever
    events tell of it and in whatever order (a failed attempt later paid is the same charge)."""
    existing = (
        Donation.objects.select_for_update()
        .filter(gateway=gift.gateway, gateway_charge_id=event.charge_id[:255])
        .first()
    )
    if existing is not None:
        if existing.status == Donation.Status.PAID:
            return existing, "charge already recorded"
        if event.outcome == "paid" and event.amount_minor:
            # A retried charge that went through: the amount is what the gateway took.
            existing.amount_minor = event.amount_minor
            existing.save(update_fields=["amount_minor"])
        return existing, _apply(existing, event)
    if event.outcome not in {"paid", "failed"}:
        return None, "nothing to do"
    if not event.amount_minor or (event.currency or "").upper() != gift.currency.upper():
        logger.error(
            "Recurring gift %s: charge %s of %s %s not recorded",
            gift.uuid,
            event.charge_id,
            event.amount_minor,
            event.currency,
        )
        return None, "amount or currency not usable; not recorded"
    donation = Donation(
        appeal_id=gift.appeal_id,
        amount_minor=event.amount_minor,
        currency=gift.currency,
        frequency=gift.frequency,
        name=gift.name,
        email=gift.email,
        language=gift.language,
        gateway=gift.gateway,
        gateway_reference=event.reference[:255],
        gateway_charge_id=event.charge_id[:255],
        recurring_gift=gift,
        is_renewal=True,
    )
    donation.copy_tax_details(gift)
    # A renewal counts for the story and the appeal copy that started the gift.
    first = gift.charges.order_by("created_at", "pk").only("source_story_id", "appeal_variant_id")
    first = first.first()
    if first is not None:
        donation.source_story_id = first.source_story_id
        donation.appeal_variant_id = first.appeal_variant_id
    donation.save()
    audit_record(
        actor=None,
        action=CREATED,
        obj=donation,
        to_state=Donation.Status.PENDING,
        note=_("A charge of %(gift)s") % {"gift": gift},
    )
    outcome = _apply(donation, event)
    return donation, "renewal " + outcome


def _status_after_charge(gift, donation, event):
    """A charge that went through makes a waiting or failing gift active; a failed one makes an
    active (or never started) gift failed. The gateway retries; its later events say more."""
    if donation is None or event.outcome not in {"paid", "failed"}:
        return None
    waiting = {RecurringGift.Status.PENDING, RecurringGift.Status.FAILED}
    if donation.status == event.outcome == Donation.Status.PAID and gift.status in waiting:
        return RecurringGift.Status.ACTIVE
    running = {RecurringGift.Status.PENDING, RecurringGift.Status.ACTIVE}
    if donation.status == event.outcome == Donation.Status.FAILED and gift.status in running:
        return RecurringGift.Status.FAILED
    return None


def _apply_to_gift(gift, donation, event, outcome):
    """What the event says about the gift itself: its gateway id, its state, its amount."""
    changed = []
    if event.subscription_id and not gift.gateway_subscription_id:
        gift.gateway_subscription_id = event.subscription_id[:255]
        changed.append("gateway_subscription_id")
    from_state = gift.status
    new_status = event.gift_status or _status_after_charge(gift, donation, event)
    stale = (
        event.occurred_at is not None
        and gift.status_changed_at is not None
        and event.occurred_at < gift.status_changed_at
    )
    if new_status and new_status != gift.status:
        if stale:
            outcome += "; an older state of the gift, ignored"
        elif gift.status == RecurringGift.Status.CANCELLED:
            outcome += "; the gift is cancelled, state left"
        else:
            gift.status = new_status
            changed.append("status")
            if event.occurred_at is not None:
                gift.status_changed_at = event.occurred_at
                changed.append("status_changed_at")
            if new_status == RecurringGift.Status.ACTIVE and gift.activated_at is None:
                gift.activated_at = timezone.now()
                changed.append("activated_at")
            if new_status == RecurringGift.Status.CANCELLED:
                gift.cancelled_at = event.occurred_at or timezone.now()
                gift.next_charge_at = None
                changed += ["cancelled_at", "next_charge_at"]
            outcome += f"; gift {new_status}"
    if (
        event.gift_amount_minor
        and not stale
        and event.gift_amount_minor != gift.amount_minor
        and gift.status != RecurringGift.Status.CANCELLED
    ):
        gift.amount_minor = event.gift_amount_minor
        changed.append("amount_minor")
        outcome += "; amount changed"
    if event.next_charge_at is not None and not stale and gift.status == gift.Status.ACTIVE:
        gift.next_charge_at = event.next_charge_at
        changed.append("next_charge_at")
    if changed:
        gift.save(update_fields=sorted(set(changed)))
    if "status" in changed or "amount_minor" in changed:
        audit_record(
            actor=None,
            action=CHANGED,
            obj=gift,
            from_state=from_state,
            to_state=gift.status,
            note=_("%(gateway)s event %(kind)s %(event)s")
            % {"gateway": gift.gateway, "kind": event.kind, "event": event.event_id},
        )
    return outcome


def _audit_gateway_change(donation, event, action, *, from_state):
    audit_record(
        actor=None,
        action=action,
        obj=donation,
        from_state=from_state,
        to_state=donation.status,
        note=_("%(gateway)s event %(kind)s %(event)s")
        % {"gateway": donation.gateway, "kind": event.kind, "event": event.event_id},
    )


def _note_gateway(donation, event):
    donation.gateway_data = {**(donation.gateway_data or {}), event.kind: event.payload}
    if event.reference and not donation.gateway_reference:
        donation.gateway_reference = event.reference[:255]


def donation_send_receipt(*, donation_id):
    """Email the receipt of a paid donation, once: whoever claims receipt_sent_at sends it."""
    claimed = (
        Donation.objects.paid()
        .filter(pk=donation_id, receipt_sent_at__isnull=True)
        .update(receipt_sent_at=timezone.now())
    )
    if not claimed:
        return False
    donation = Donation.objects.select_related("appeal").get(pk=donation_id)
    try:
        # In the language the reader gave in (its words, dates, the appeal's title and links).
        with translation.override(donation.language):
            context = {
                "donation": donation,
                "site_name": settings.SITE_NAME,
                "site_url": settings.SITE_URL.rstrip("/") + reverse("articles:home"),
                "giving_url": settings.SITE_URL.rstrip("/") + reverse("donations:giving"),
                "eighty_g": tax.registration(),
            }
            subject = _("Your receipt %(number)s from %(site)s") % {
                "number": donation.receipt_number,
                "site": settings.SITE_NAME,
            }
            body = render_to_string("donations/email/receipt.txt", context)
        message = EmailMessage(subject=subject, body=body, to=[donation.email])
        message.attach(
            f"receipt-{donation.receipt_number}.pdf", receipt_pdf(donation), "application/pdf"
        )
        message.send()
    except Exception:
        # Release the claim so the receipt can be sent again; the payment itself stands.
        Donation.objects.filter(pk=donation_id).update(receipt_sent_at=None)
        logger.exception("Receipt for donation %s could not be sent", donation.uuid)
        return False
    return True


def sandbox_charge(*, gift, fail=False, now=None):
    """The sandbox 'bank' charges `gift` once more (or fails to), as a gateway would at the end
    of a month: a signed event through the same path as any webhook. Returns its outcome."""
    from .gateways import SandboxGateway

    gateway = SandboxGateway()
    number = Donation.objects.filter(recurring_gift=gift).count() + 1
    body, signature = gateway.subscription_notification(
        gift,
        "subscription.charge_failed" if fail else "subscription.charged",
        charge_id=f"sbx_ch_{gift.uuid.hex}_{number}",
        now=now,
    )
    outcomes = [
        payment_event_process(gateway_name=gateway.name, event=event)
        for event in gateway.parse_body(body, signature)
    ]
    return outcomes[0]


def sandbox_advance(*, months=1, fail=False, due_only=False, now=None):
    """Run the sandbox's clock: every sandbox gift that is active (or failing, so retried) is
    charged once per month passed, each charge failing when `fail`. With `due_only`, only gifts
    whose next charge is due by `now`, once each (the periodic job). Returns the charges made."""
    now = now or timezone.now()
    gifts = RecurringGift.objects.filter(
        gateway="sandbox", status__in=[RecurringGift.Status.ACTIVE, RecurringGift.Status.FAILED]
    )
    if due_only:
        gifts = gifts.filter(next_charge_at__lte=now)
        months = 1
    charges = 0
    for gift_id in gifts.values_list("pk", flat=True):
        for _month in range(months):
            gift = RecurringGift.objects.get(pk=gift_id)
            if gift.status not in {RecurringGift.Status.ACTIVE, RecurringGift.Status.FAILED}:
                break
            sandbox_charge(gift=gift, fail=fail, now=now)
            charges += 1
    return charges


# "My giving": a donor's own page, opened by a link sent to their address. No accounts and no
# passwords. django-sesame was considered: its tokens sign in a Django user, and donors are not
# users (they would fill the admin's user list and its permissions); a short table of one-use
# token digests does the one thing needed.
GIVING_LINK_MINUTES = 30


def _token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def giving_link_send(*, email, language=None):
    """E-mail a one-use "My giving" link to `email` if it ever gave; otherwise do nothing.
    Run as a background task, so that whoever asks learns nothing either way. The e-mail, and
    the page it opens, are in `language` (the page the link was asked for on)."""
    from .selectors import is_donor

    email = email.strip()
    if not is_donor(email):
        return False
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        GivingLink.objects.filter(expires_at__lt=now).delete()
        GivingLink.objects.create(
            email=email,
            token_digest=_token_digest(token),
            created_at=now,
            expires_at=now + timedelta(minutes=GIVING_LINK_MINUTES),
        )
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "url": settings.SITE_URL.rstrip("/") + reverse("donations:giving_open", args=[token]),
            "minutes": GIVING_LINK_MINUTES,
            "site_name": settings.SITE_NAME,
        }
        subject = _("Your gifts to %(site)s") % {"site": settings.SITE_NAME}
        body = render_to_string("donations/email/giving_link.txt", context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    return True


def giving_link_open(*, token):
    """Use up a "My giving" link: the address it was sent to, or None when it is unknown,
    expired or already used. A link opens once."""
    now = timezone.now()
    with transaction.atomic():
        link = (
            GivingLink.objects.select_for_update()
            .filter(token_digest=_token_digest(token), used_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if link is None:
            return None
        link.used_at = now
        link.save(update_fields=["used_at"])
    return link.email


GIFT_ACTION_NOTES = {
    "pause": _lazy("The donor paused the gift."),
    "resume": _lazy("The donor resumed the gift."),
    "cancel": _lazy("The donor cancelled the gift."),
    "change_amount": _lazy("The donor changed the amount."),
}


def recurring_gift_change(*, gift, action, amount_minor=None, actor=None):
    """A donor's change to their monthly gift, made at the gateway first (the sandbox answers
    offline), then recorded from what the gateway says, as its notifications would be.

    Raises ValidationError when the change does not fit the gift's state or the appeal's limits,
    GatewayUnavailableError when the gateway cannot make it (nothing changes here then)."""
    allowed = {
        "pause": {RecurringGift.Status.ACTIVE, RecurringGift.Status.FAILED},
        "resume": {RecurringGift.Status.PAUSED},
        "cancel": {
            RecurringGift.Status.PENDING,
            RecurringGift.Status.ACTIVE,
            RecurringGift.Status.PAUSED,
            RecurringGift.Status.FAILED,
        },
        "change_amount": {
            RecurringGift.Status.ACTIVE,
            RecurringGift.Status.PAUSED,
            RecurringGift.Status.FAILED,
        },
    }
    if action not in allowed:
        raise ValidationError(_("That is not something a monthly gift can do."))
    gift.refresh_from_db()
    if gift.status not in allowed[action]:
        raise ValidationError(
            _("This gift is %(status)s; it cannot be changed that way.")
            % {"status": gift.get_status_display().lower()}
        )
    if action == "change_amount":
        appeal = gift.appeal
        low, high = appeal.minimum_amount * 100, appeal.maximum_amount * 100
        if amount_minor is None or not low <= amount_minor <= high:
            raise ValidationError(
                {
                    "amount": _("Choose an amount between ₹%(low)s and ₹%(high)s.")
                    % {"low": appeal.minimum_amount, "high": appeal.maximum_amount}
                }
            )
        if amount_minor == gift.amount_minor:
            raise ValidationError({"amount": _("That is already the monthly amount.")})
    gateway = get_gateway(gift.gateway)
    if gateway is None:
        raise GatewayUnavailableError("The gift's gateway is not configured.")
    events = gateway.change_subscription(gift, action, amount_minor=amount_minor)
    for event in events:
        payment_event_process(gateway_name=gift.gateway, event=event)
    with transaction.atomic():
        gift.refresh_from_db()
        audit_record(
            actor=actor,
            action=CHANGED,
            obj=gift,
            to_state=gift.status,
            note=str(GIFT_ACTION_NOTES[action]),
        )
    return gift


# 80G details kept by the donor, and Form 10BE certificates.
ATTACHED = "attached"
REPLACED = "replaced"
SEND_REQUESTED = "send requested"
SENT = "sent"
DOWNLOADED = "downloaded"


def donor_tax_details_save(*, email, pan, name, address, actor=None):
    """The donor at `email` sets their PAN, and name and address as on it, from "My giving".
    The PAN is checked by format and kept encrypted. They apply from now on: to every Form 10BD
    statement exported afterwards (for all their gifts of its year) and to the receipts of
    their monthly gift's next charges; receipts already issued keep what they said."""
    from .pan import normalise_pan, validate_pan

    pan = normalise_pan(pan)
    errors = {}
    try:
        validate_pan(pan)
    except ValidationError as error:
        errors["pan"] = error.messages
    name, address = str(name or "").strip(), str(address or "").strip()
    if not name:
        errors["tax_name"] = [_("Give your name as it is on your PAN.")]
    if not address:
        errors["tax_address"] = [_("Give your address for the receipt.")]
    if errors:
        raise ValidationError(errors)
    if not tax.is_enabled():
        raise ValidationError(_("This publisher does not issue 80G receipts."))
    email = email.strip()
    with transaction.atomic():
        details = DonorTaxDetails.objects.select_for_update().filter(email__iexact=email).first()
        is_new = details is None
        if is_new:
            details = DonorTaxDetails(email=email)
        before = details.pan_masked
        details.wants_80g = True
        details.tax_name = name
        details.tax_address = address
        details.set_pan(pan)
        details.updated_at = timezone.now()
        details.full_clean()
        details.save()
        # The next charges of the donor's monthly gifts carry the new details (renewals copy
        # them from the gift); the charges already made stay as receipted.
        for gift in RecurringGift.objects.select_for_update().filter(
            email__iexact=email, cancelled_at__isnull=True
        ):
            gift.copy_tax_details(details)
            gift.save(
                update_fields=[
                    "wants_80g",
                    "tax_name",
                    "tax_address",
                    "pan_encrypted",
                    "pan_masked",
                ]
            )
        audit_record(
            actor=actor,
            action=CREATED if is_new else CHANGED,
            obj=details,
            from_state=before,
            to_state=details.pan_masked,
            note=_("The donor set their 80G details (PAN, name and address) in My giving."),
        )
    return details


def tax_certificate_attach(*, year, donor, certificate, actor, acknowledgement_number=""):
    """Attach a Form 10BE certificate (`certificate`: a checked certificates.CertificateFile) to
    `donor` (a selectors.Form10BDDonor of `year`). Returns (TaxCertificate, outcome), outcome
    being "attached", "replaced" (a new file for a donor who had one: it can be sent again) or
    "unchanged" (the same file again: nothing happens)."""
    from .certificates import without_pans
    from .pan import encrypt_bytes, mask_pan, pan_digest

    digest = hashlib.sha256(certificate.content).hexdigest()
    key = pan_digest(donor.pan)
    acknowledgement_number = str(acknowledgement_number or "").strip()
    with transaction.atomic():
        existing = (
            TaxCertificate.objects.select_for_update()
            .filter(financial_year=year, pan_digest=key)
            .first()
        )
        if existing is not None and existing.file_digest == digest:
            return existing, "unchanged"
        row = existing or TaxCertificate(financial_year=year, pan_digest=key)
        row.pan_masked = mask_pan(donor.pan)
        row.tax_name = donor.name[:120]
        row.email = donor.email
        row.acknowledgement_number = acknowledgement_number or row.acknowledgement_number
        # Portal file names may carry the PAN: kept masked, as the PAN is.
        row.file_name = without_pans(certificate.name)[:200]
        row.file_encrypted = encrypt_bytes(certificate.content)
        row.file_digest = digest
        row.file_size = len(certificate.content)
        row.uploaded_at = timezone.now()
        row.uploaded_by = actor
        row.full_clean(exclude=["donations", "file_encrypted", "pan_digest", "file_digest"])
        row.save()
        row.donations.set(donor.donation_ids)
        outcome = ATTACHED if existing is None else REPLACED
        audit_record(
            actor=actor,
            action=outcome,
            obj=row,
            to_state="sent" if row.is_sent else "not sent",
            note=_("Form 10BE for %(year)s, PAN %(pan)s, file %(file)s")
            % {"year": year, "pan": row.pan_masked, "file": row.file_name},
        )
    return row, outcome


def tax_certificates_send(*, certificates, actor):
    """E-mail each certificate whose current file the donor has not been sent yet, in the
    background (tasks.send_tax_certificate). Returns how many were queued; pressing again,
    or two people pressing at once, sends nobody a file twice (the task claims it)."""
    queued = []
    with transaction.atomic():
        for row in TaxCertificate.objects.select_for_update().filter(
            pk__in=[certificate.pk for certificate in certificates]
        ):
            if row.is_sent:
                continue
            audit_record(
                actor=actor,
                action=SEND_REQUESTED,
                obj=row,
                from_state="not sent",
                note=_("Form 10BE for %(year)s to be e-mailed to the donor.")
                % {"year": row.financial_year},
            )
            queued.append(row.pk)
        transaction.on_commit(lambda: [_enqueue_certificate(pk) for pk in queued])
    return len(queued)


def _enqueue_certificate(certificate_id):
    from .tasks import send_tax_certificate

    enqueue(send_tax_certificate, certificate_id)


def tax_certificate_send(*, certificate_id):
    """E-mail a certificate's current file to the donor with the PDF attached, once: whoever
    claims the file (sent_digest) sends it; if the mail cannot go, the claim is released so it
    can be sent again."""
    from .pan import decrypt_bytes

    with transaction.atomic():
        row = TaxCertificate.objects.select_for_update().filter(pk=certificate_id).first()
        if row is None or row.is_sent:
            return False
        previous = (row.sent_digest, row.sent_at)
        row.sent_digest, row.sent_at = row.file_digest, timezone.now()
        row.save(update_fields=["sent_digest", "sent_at"])
        content = decrypt_bytes(row.file_encrypted)
    # In the language of the donor's latest gift.
    language = (
        Donation.objects.filter(email__iexact=row.email)
        .order_by("-created_at")
        .values_list("language", flat=True)
        .first()
    )
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            context = {
                "certificate": row,
                "site_name": settings.SITE_NAME,
                "giving_url": settings.SITE_URL.rstrip("/") + reverse("donations:giving"),
                "eighty_g": tax.registration() or {},
            }
            subject = _("Your Form 10BE certificate for %(year)s from %(site)s") % {
                "year": row.financial_year,
                "site": settings.SITE_NAME,
            }
            body = render_to_string("donations/email/tax_certificate.txt", context)
        message = EmailMessage(subject=subject, body=body, to=[row.email])
        message.attach(f"form-10be-{row.financial_year}.pdf", content, "application/pdf")
        message.send()
    except Exception:
        TaxCertificate.objects.filter(pk=row.pk, sent_digest=row.file_digest).update(
            sent_digest=previous[0], sent_at=previous[1]
        )
        logger.exception("Form 10BE certificate %s could not be sent", row.pk)
        return False
    with transaction.atomic():
        audit_record(
            actor=None,
            action=SENT,
            obj=row,
            from_state="not sent",
            to_state="sent",
            note=_("Form 10BE for %(year)s e-mailed to the donor.") % {"year": row.financial_year},
        )
    return True


def tax_certificate_file(*, certificate, actor):
    """The certificate's PDF for a member of staff checking it: decrypted, and recorded."""
    from .pan import decrypt_bytes

    with transaction.atomic():
        audit_record(
            actor=actor,
            action=DOWNLOADED,
            obj=certificate,
            note=_("The Form 10BE file was downloaded in the admin."),
        )
    return decrypt_bytes(certificate.file_encrypted)
