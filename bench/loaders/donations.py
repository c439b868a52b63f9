"""The benchmark's appeal (see bench/loaders): one live appeal with a goal and paid donations,
so the appeal box under each story shows its progress bar."""

from datetime import timedelta

from django.utils import timezone

from donations.models import Appeal, Donation

DONATIONS = 500


def load(*, articles, stdout):
    now = timezone.now().replace(microsecond=0)
    appeal = Appeal(
        title="Support independent journalism",
        lead="Newswire is funded by its readers.",
        body="Every rupee pays for reporting from the districts.",
        closing="Thank you for reading.",
        suggested_amounts="500, 1000, 2500",
        goal=2_500_000,
        starts_at=now - timedelta(days=30),
    )
    appeal.full_clean()
    appeal.save()
    donations = []
    for n in range(DONATIONS):
        paid_at = now - timedelta(hours=n + 1)
        donations.append(
            Donation(
                appeal=appeal,
                amount_minor=(500 + (n % 7) * 250) * 100,
                name=f"Reader {n}",
                email=f"reader{n}@example.com",
                is_public=n % 3 == 0,
                status=Donation.Status.PAID,
                gateway="sandbox",
                gateway_reference=f"sbx_bench_{n}",
                receipt_number=f"NW-BENCH-{n:07d}",
                created_at=paid_at - timedelta(minutes=3),
                paid_at=paid_at,
            )
        )
    Donation.objects.bulk_create(donations, batch_size=5000)
    stdout(f"  donations: a live appeal with {DONATIONS} paid donations")
