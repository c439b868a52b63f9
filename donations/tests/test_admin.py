import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from donations.models import Appeal, Donation
from donations.selectors import appeal_totals

from .factories import make_appeal, make_donation

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:donations_donation_changelist")


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-for-tests")
    client.force_login(user)
    return client


def test_changelist_totals_follow_the_filter(admin_client):
    appeal = make_appeal()
    make_donation(appeal=appeal, amount_minor=12400000, status=Donation.Status.PAID)
    make_donation(appeal=appeal, amount_minor=50000, status=Donation.Status.PAID)
    make_donation(appeal=appeal, amount_minor=25000)
    make_donation(appeal=appeal, amount_minor=99900, status=Donation.Status.FAILED)
    html = admin_client.get(CHANGELIST).content.decode()
    assert "4 donations" in html
    assert "₹1,24,500 paid" in html
    assert "₹250 pending" in html
    html = admin_client.get(CHANGELIST, {"status__exact": "pending"}).content.decode()
    assert "1 donation;" in html
    assert "₹0 paid" in html


def test_csv_export_of_the_selection(admin_client):
    paid = make_donation(amount_minor=123450, status=Donation.Status.PAID, name="=cmd()")
    response = admin_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [paid.pk]}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["receipt_number", "created_at", "paid_at", "status", "amount"]
    assert rows[1][0] == paid.receipt_number
    assert rows[1][4] == "1234.50"
    assert rows[1][7] == "'=cmd()"  # no formula injection into spreadsheets


def test_amounts_and_gateway_data_cannot_be_edited(admin_client):
    donation = make_donation(amount_minor=50000, gateway_data={"secret": "kept"})
    url = reverse("admin:donations_donation_change", args=[donation.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="amount_minor"' not in page
    assert 'name="status"' not in page
    assert "&quot;secret&quot;: &quot;kept&quot;" in page
    admin_client.post(
        url,
        {
            "amount_minor": "1",
            "status": "paid",
            "message": "edited",
            "is_public": "",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    donation.refresh_from_db()
    assert donation.amount_minor == 50000
    assert donation.status == Donation.Status.PENDING
    assert donation.message == "edited"
    assert admin_client.get(reverse("admin:donations_donation_add")).status_code == 403


def test_appeal_admin_refuses_a_second_live_appeal(admin_client):
    make_appeal(title="Running appeal")
    response = admin_client.post(
        reverse("admin:donations_appeal_add"),
        {
            "title": "Another",
            "body": "Give.",
            "currency": "INR",
            "suggested_amounts": "100",
            "minimum_amount": "10",
            "maximum_amount": "500000",
            "default_frequency": "one_time",
            "offer_monthly": "on",
            "starts_at_0": "2020-01-01",
            "starts_at_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    assert "Only one appeal can be live at a time" in response.content.decode()
    assert Appeal.objects.count() == 1


def test_demo_appeal_is_live_with_a_goal_and_paid_donations_and_loads_twice(demo_newsroom):
    assert demo_newsroom.rows_after_second_load["donations.Donation"] == Donation.objects.count()
    appeal = Appeal.objects.get()
    assert appeal.is_live
    assert appeal.goal == 200000
    assert Donation.objects.count() == 12
    assert set(Donation.objects.values_list("status", flat=True)) == {"paid"}
    assert appeal_totals(appeal).raised_minor > 0
