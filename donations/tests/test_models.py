from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from donations.models import Appeal, Donation

from .factories import make_appeal, make_donation

pytestmark = pytest.mark.django_db


def test_a_second_appeal_overlapping_the_live_one_is_refused_with_a_clear_message():
    live = make_appeal(title="Monsoon appeal")
    rival = Appeal(title="Rival", body="Give.", starts_at=timezone.now() + timedelta(days=2))
    with pytest.raises(ValidationError) as raised:
        rival.full_clean()
    assert "Only one appeal can be live at a time" in str(raised.value)
    assert "Monsoon appeal" in str(raised.value)
    live.ends_at = timezone.now() + timedelta(days=1)
    live.save()
    rival.full_clean()  # once the live one ends first, the next may follow


def test_current_appeal_is_the_live_one():
    now = timezone.now()
    make_appeal(starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=5))
    live = make_appeal(starts_at=timezone.now() - timedelta(days=1))
    assert Appeal.objects.current() == live
    live.ends_at = timezone.now() - timedelta(minutes=1)
    live.save()
    assert Appeal.objects.current() is None


def test_suggested_amounts_must_be_whole_rupees_within_the_limits():
    appeal = Appeal(title="A", body="B", suggested_amounts="100, abc")
    with pytest.raises(ValidationError) as raised:
        appeal.full_clean()
    assert "suggested_amounts" in raised.value.message_dict
    appeal.suggested_amounts = "5, 100"  # below the minimum of 10
    with pytest.raises(ValidationError):
        appeal.full_clean()


def test_monthly_cannot_be_the_default_when_not_offered():
    appeal = Appeal(title="A", body="B", default_frequency="monthly", offer_monthly=False)
    with pytest.raises(ValidationError) as raised:
        appeal.full_clean()
    assert "default_frequency" in raised.value.message_dict


def test_the_database_refuses_a_zero_amount():
    with pytest.raises(IntegrityError):
        make_donation(amount_minor=0)


def test_the_database_refuses_a_paid_donation_without_a_receipt():
    with pytest.raises(IntegrityError):
        Donation.objects.create(
            appeal=make_appeal(),
            amount_minor=100,
            name="A",
            email="a@example.com",
            gateway="sandbox",
            status=Donation.Status.PAID,
            paid_at=timezone.now(),
        )
