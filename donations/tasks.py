"""Background work of giving (django.tasks; see newsroom/background.py)."""

from django.conf import settings
from django.tasks import task

from newsroom.background import traced

from .services import (
    donation_send_receipt,
    giving_link_send,
    sandbox_advance,
    tax_certificate_send,
)


@task()
@traced
def sandbox_charge_due():
    """The sandbox gateway's monthly charges, as they fall due (settings.SCHEDULED_JOBS): with
    `make run`, a sandbox monthly gift renews a month after it began, as a real one would.
    Nothing happens unless the sandbox is the gateway in use."""
    if settings.DONATIONS_GATEWAY != "sandbox":
        return 0
    return sandbox_advance(due_only=True)


@task()
@traced
def send_giving_link(email, language=None):
    """A "My giving" link to `email`, if it is a donor's (services.giving_link_send): in the
    background, so the page that asked answers the same, as fast, for anyone."""
    return giving_link_send(email=email, language=language)


@task()
@traced
def send_receipt(donation_id):
    """The receipt e-mail, with its PDF, of a gift just paid (services.donation_send_receipt:
    sent once, whoever runs it)."""
    return donation_send_receipt(donation_id=donation_id)


@task()
@traced
def send_tax_certificate(certificate_id):
    """A donor's Form 10BE certificate, by e-mail with the PDF (services.tax_certificate_send:
    each file sent once, whoever runs it)."""
    return tax_certificate_send(certificate_id=certificate_id)
