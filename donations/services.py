"""Recording donations and what the gateways tell us about them.

Money rules: the amount is fixed when the donation is stored and never taken from anywhere else;
each gateway event is acted on once (a unique processed-event row); the donation row is locked
while an event changes it; a receipt goes out once, after the payment is committed.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.services import audit_record

from .gateways import GatewayUnavailableError
from .islands import gift_paid
from .models import Appeal, Donation, Frequency, PaymentEvent

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
    *, appeal, gateway, request, amount_minor, frequency, name, email, message="", is_public=False
):
    """A reader's gift, from the form to the gateway: store the pending donation, open the
    gateway's checkout and note its id. Returns (donation, the address to send the reader to).

    When the gateway cannot start a checkout, the donation is closed as failed (it can never be
    paid) and GatewayUnavailableError is raised for the caller to apologise.
    """
    if frequency == Frequency.MONTHLY and not (appeal.offer_monthly and gateway.supports_monthly):
        frequency = Frequency.ONE_TIME
    donation = Donation(
        appeal=appeal,
        amount_minor=amount_minor,
        currency=appeal.currency,
        frequency=frequency,
        name=name,
        email=email,
        message=message,
        is_public=is_public,
        gateway=gateway.name,
    )
    donation.full_clean()
    # Committed before the reader leaves: the gateway's notification may come back at once.
    with transaction.atomic():
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
    donation.gateway_reference = reference
    return donation, url


def _without_personal_data(text, donation):
    """A gateway's message for the audit log: without the gift's UUID (it opens the thank-you
    page), the donor's name or e-mail, should the gateway have echoed them."""
    for detail in (str(donation.uuid), donation.uuid.hex, donation.name, donation.email):
        if detail:
            text = text.replace(detail, "…")
    return text


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

    A replayed event id changes nothing; two events for one donation take turns on its row lock;
    an event that arrives after a later one (failed after paid) is recorded and ignored.
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
        donation = None
        if event.donation_uuid is not None:
            donation = (
                Donation.objects.select_for_update()
                .filter(uuid=event.donation_uuid, gateway=gateway_name)
                .first()
            )
        outcome = _apply(donation, event)
        record.donation = donation
        record.outcome = outcome
        record.save(update_fields=["donation", "outcome"])
    logger.info("Gateway event %s %s: %s", gateway_name, event.event_id, outcome)
    return outcome


def _apply(donation, event):
    if donation is None:
        return "no such donation"
    if event.outcome is None:
        return "nothing to do"
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
        donation.status = Donation.Status.PAID
        donation.paid_at = now
        donation.receipt_number = f"NW-{now:%Y}-{donation.pk:07d}"
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
        transaction.on_commit(lambda: donation_send_receipt(donation_id=donation_id))
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
    context = {"donation": donation, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
    try:
        send_mail(
            subject=f"Your receipt {donation.receipt_number} from {settings.SITE_NAME}",
            message=render_to_string("donations/email/receipt.txt", context),
            from_email=None,
            recipient_list=[donation.email],
        )
    except Exception:
        # Release the claim so the receipt can be sent again; the payment itself stands.
        Donation.objects.filter(pk=donation_id).update(receipt_sent_at=None)
        logger.exception("Receipt for donation %s could not be sent", donation.uuid)
        return False
    return True
