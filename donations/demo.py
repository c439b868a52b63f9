"""The demo newsroom's live appeal and its paid sandbox donations, from
`donations/demo_data/appeal.json` and `donors.json`."""

from datetime import timedelta

from django.utils import timezone

from newsroom.demo import read_demo_data

from .models import Appeal, Donation
from .receipts import next_receipt_number


def load(command):
    appeal_copy = read_demo_data("donations", "appeal")
    donors = read_demo_data("donations", "donors")
    now = timezone.now().replace(second=0, microsecond=0)
    appeal = Appeal.objects.filter(title=appeal_copy["title"]).order_by("starts_at").first()
    if appeal is None:
        appeal = Appeal(title=appeal_copy["title"], starts_at=now - timedelta(days=30))
    appeal.lead = appeal_copy["lead"]
    appeal.body = appeal_copy["body"]
    appeal.closing = appeal_copy["closing"]
    appeal.translations = appeal_copy.get("translations", {})
    appeal.suggested_amounts = ", ".join(str(amount) for amount in appeal_copy["suggested_amounts"])
    appeal.goal = appeal_copy["goal"]
    appeal.ends_at = None
    if appeal.starts_at > now:
        appeal.starts_at = now - timedelta(days=30)
    appeal.full_clean()
    appeal.save()
    created = 0
    for index, donor in enumerate(donors):
        if Donation.objects.filter(appeal=appeal, email=donor["email"]).exists():
            continue
        paid_at = now - timedelta(days=len(donors) - index, hours=index)
        donation = Donation(
            appeal=appeal,
            amount_minor=donor["amount"] * 100,
            name=donor["name"],
            email=donor["email"],
            message=donor["message"],
            is_public=donor["public"],
            gateway="sandbox",
            created_at=paid_at - timedelta(minutes=3),
        )
        donation.save()
        # Paid as the sandbox would have paid it; demo receipts are marked sent, never emailed.
        donation.status = Donation.Status.PAID
        donation.paid_at = paid_at
        donation.receipt_number = next_receipt_number(paid_at)
        donation.receipt_sent_at = paid_at
        donation.gateway_reference = f"sbx_{donation.uuid.hex}"
        donation.gateway_data = {"demo": True}
        donation.save()
        created += 1
    command.stdout.write(f"Appeal “{appeal.title}” live; {created} demo donations added.")
