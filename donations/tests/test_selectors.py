"""The reads about giving that the appeal box, the dashboard and both admins share."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from donations.models import Appeal, Donation
from donations.selectors import (
    AppealTotals,
    appeal_supporters,
    appeal_totals,
    appeal_totals_of,
    appeals_with_totals,
    donations_summary,
)

from .factories import make_appeal, make_donation

pytestmark = pytest.mark.django_db

PAID = Donation.Status.PAID


def test_an_appeal_without_gifts_has_raised_nothing():
    totals = appeal_totals(make_appeal(goal=1000))
    assert totals == AppealTotals(raised_minor=0, gifts=0, goal=1000)
    assert (totals.raised, totals.percent) == (0, 0)


def test_only_paid_gifts_count_not_pending_or_failed_ones():
    appeal = make_appeal(goal=2000)
    make_donation(appeal=appeal, amount_minor=500_00, status=PAID)
    make_donation(appeal=appeal, amount_minor=900_00, status=Donation.Status.PENDING)
    make_donation(appeal=appeal, amount_minor=700_00, status=Donation.Status.FAILED)
    make_donation(amount_minor=300_00, status=PAID)  # another appeal's gift
    totals = appeal_totals(appeal)
    assert (totals.raised_minor, totals.gifts, totals.raised, totals.percent) == (
        500_00,
        1,
        500,
        25,
    )


def test_since_counts_only_gifts_paid_from_then_on():
    appeal = make_appeal()
    now = timezone.now()
    make_donation(appeal=appeal, amount_minor=100_00, status=PAID, paid_at=now - timedelta(days=2))
    make_donation(appeal=appeal, amount_minor=250_00, status=PAID, paid_at=now)
    assert appeal_totals(appeal, since=now - timedelta(hours=1)) == AppealTotals(
        raised_minor=250_00, gifts=1
    )
    assert appeal_totals(appeal).raised_minor == 350_00


def test_percent_is_capped_at_100_and_none_without_a_goal():
    assert AppealTotals(raised_minor=5_000_00, gifts=3, goal=1000).percent == 100
    assert AppealTotals(raised_minor=5_000_00, gifts=3).percent is None
    # Paise below a rupee do not round the bar up.
    assert AppealTotals(raised_minor=99, gifts=1, goal=1).percent == 0


def test_the_admin_list_annotation_agrees_with_appeal_totals():
    now = timezone.now()
    appeal = make_appeal(goal=1000, starts_at=now - timedelta(days=3), ends_at=now)
    empty = make_appeal(starts_at=now + timedelta(days=1))
    make_donation(appeal=appeal, amount_minor=120_00, status=PAID)
    make_donation(appeal=appeal, amount_minor=80_00, status=PAID)
    make_donation(appeal=appeal, amount_minor=999_00, status=Donation.Status.FAILED)
    rows = {row.pk: appeal_totals_of(row) for row in appeals_with_totals(Appeal.objects.all())}
    assert rows[appeal.pk] == appeal_totals(appeal) == AppealTotals(200_00, 2, 1000)
    assert rows[empty.pk] == AppealTotals(0, 0)


def test_the_donations_summary_splits_paid_from_pending():
    appeal = make_appeal()
    make_donation(appeal=appeal, amount_minor=100_00, status=PAID)
    make_donation(appeal=appeal, amount_minor=40_00, status=Donation.Status.PENDING)
    make_donation(appeal=appeal, amount_minor=70_00, status=Donation.Status.FAILED)
    assert donations_summary(Donation.objects.all()) == {
        "count": 3,
        "paid_count": 1,
        "paid_minor": 100_00,
        "pending_minor": 40_00,
    }


def test_supporters_are_paid_donors_who_agreed_to_be_listed():
    appeal = make_appeal()
    listed = make_donation(appeal=appeal, status=PAID, is_public=True, name="Asha")
    make_donation(appeal=appeal, status=PAID, is_public=False, name="Hidden")
    make_donation(appeal=appeal, status=Donation.Status.PENDING, is_public=True, name="Unpaid")
    assert list(appeal_supporters(appeal, limit=10)) == [listed]


def test_each_appeal_is_exactly_one_of_upcoming_live_or_ended():
    now = timezone.now()
    ended = make_appeal(starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=8))
    live = make_appeal(starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1))
    upcoming = make_appeal(starts_at=now + timedelta(days=2))
    for name, appeal in {"upcoming": upcoming, "live": live, "ended": ended}.items():
        assert appeal.state(now) == name
        assert list(getattr(Appeal.objects, name)(now)) == [appeal]


def test_the_appeal_admin_lists_raised_and_gifts_per_appeal(client):
    appeal = make_appeal(goal=1000)
    make_donation(appeal=appeal, amount_minor=1_234_00, status=PAID)
    make_donation(appeal=appeal, amount_minor=1_000_00, status=Donation.Status.FAILED)
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(admin)
    html = client.get(reverse("admin:donations_appeal_changelist")).content.decode()
    assert "₹1,234" in html
    assert "₹2,234" not in html
    assert '<td class="field-gifts">1</td>' in html
