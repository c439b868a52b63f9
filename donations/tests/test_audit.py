"""Appeals changed in the admin, payment state changes and exports each leave an audit entry."""

import json

import pytest
from django.urls import reverse

from articles.tests.factories import make_member
from donations import services
from donations.gateways import GatewayUnavailableError, SandboxGateway
from donations.models import Appeal, Donation
from newsroom.models import AuditEntry
from newsroom.roles import FUNDRAISING
from newsroom.services import audit_entries_for

from .factories import make_appeal, make_donation

pytestmark = pytest.mark.django_db


@pytest.fixture
def fundraiser():
    return make_member("funds", FUNDRAISING)


def _entry(obj, action):
    entries = [entry for entry in audit_entries_for(obj) if entry.action == action]
    assert len(entries) == 1, list(audit_entries_for(obj))
    return entries[0]


def appeal_form(**changes):
    data = {
        "title": "Monsoon appeal",
        "lead": "",
        "body": "Give.",
        "closing": "",
        "currency": "INR",
        "suggested_amounts": "100, 250",
        "minimum_amount": "10",
        "maximum_amount": "500000",
        "default_frequency": "one_time",
        "offer_monthly": "on",
        "goal": "",
        "starts_at_0": "2020-01-01",
        "starts_at_1": "00:00:00",
        "ends_at_0": "",
        "ends_at_1": "",
    }
    data.update(changes)
    return data


def test_creating_and_changing_an_appeal_in_the_admin(client, fundraiser):
    client.force_login(fundraiser)
    response = client.post(reverse("admin:donations_appeal_add"), appeal_form())
    assert response.status_code == 302, response.content.decode()[:1500]
    appeal = Appeal.objects.get()
    created = _entry(appeal, "created")
    assert (created.actor, created.to_state) == (fundraiser, "live")

    response = client.post(
        reverse("admin:donations_appeal_change", args=[appeal.pk]),
        appeal_form(
            title="Monsoon appeal, last week",
            goal="500000",
            # What the browser sends back for a field with a callable default (timezone.now).
            **{"initial-starts_at_0": "2020-01-01", "initial-starts_at_1": "00:00:00"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    changed = _entry(appeal, "changed")
    assert (changed.actor, changed.from_state, changed.to_state) == (fundraiser, "live", "live")
    assert changed.note == "Changed: title, goal."


def test_a_refused_appeal_leaves_no_entry(client, fundraiser):
    make_appeal(title="Running appeal")
    client.force_login(fundraiser)
    response = client.post(reverse("admin:donations_appeal_add"), appeal_form(title="Second"))
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()


def test_deleting_appeals_in_the_admin_is_recorded(client, fundraiser):
    one, two = make_appeal(title="Old appeal"), make_appeal(title="Older appeal")
    client.force_login(fundraiser)
    response = client.post(reverse("admin:donations_appeal_delete", args=[one.pk]), {"post": "yes"})
    assert response.status_code == 302
    response = client.post(
        reverse("admin:donations_appeal_changelist"),
        {"action": "delete_selected", "_selected_action": [two.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Appeal.objects.exists()
    entries = AuditEntry.objects.filter(action="deleted").order_by("id")
    assert [(e.object_repr, e.actor) for e in entries] == [
        (str(one), fundraiser),
        (str(two), fundraiser),
    ]


def test_an_appeal_with_donations_cannot_be_deleted_and_nothing_is_recorded(client, fundraiser):
    donation = make_donation()
    client.force_login(fundraiser)
    url = reverse("admin:donations_appeal_delete", args=[donation.appeal_id])
    client.post(url, {"post": "yes"})
    assert Appeal.objects.filter(pk=donation.appeal_id).exists()
    assert not AuditEntry.objects.exists()


def _sandbox_event(donation, *, event_id, kind):
    gateway = SandboxGateway()
    body = json.dumps(
        {
            "id": event_id,
            "type": kind,
            "donation": str(donation.uuid),
            "amount": donation.amount_minor,
            "currency": "INR",
        }
    ).encode()
    return gateway.parse_body(body, gateway.sign(body))[0]


def test_a_payment_is_recorded_once_as_the_gateways_doing():
    donation = make_donation()
    event = _sandbox_event(donation, event_id="evt_paid", kind="payment.succeeded")
    assert services.payment_event_process(gateway_name="sandbox", event=event) == "marked paid"
    assert services.payment_event_process(gateway_name="sandbox", event=event) == "duplicate"
    entry = _entry(donation, "paid")
    assert (entry.actor, entry.actor_name, entry.from_state, entry.to_state) == (
        None,
        "",
        "pending",
        "paid",
    )
    assert "evt_paid" in entry.note


def test_a_failed_payment_is_recorded_and_a_late_failure_after_paid_is_not():
    declined = make_donation()
    event = _sandbox_event(declined, event_id="evt_no", kind="payment.failed")
    services.payment_event_process(gateway_name="sandbox", event=event)
    entry = _entry(declined, "failed")
    assert (entry.from_state, entry.to_state) == ("pending", "failed")

    paid = make_donation(status=Donation.Status.PAID)
    late = _sandbox_event(paid, event_id="evt_late", kind="payment.failed")
    services.payment_event_process(gateway_name="sandbox", event=late)
    assert not audit_entries_for(paid).exists()


class _BrokenGateway(SandboxGateway):
    def begin_checkout(self, donation, *, request):
        raise GatewayUnavailableError("connection refused")


def test_a_checkout_that_cannot_start_leaves_the_donation_abandoned_not_pending(
    client, monkeypatch
):
    """Uploads and forms never leave half-written rows: the one row is closed as failed."""
    appeal = make_appeal()
    monkeypatch.setattr("donations.views.get_gateway", lambda: _BrokenGateway())
    response = client.post(
        reverse("donations:support"),
        {
            "amount": "250",
            "other_amount": "",
            "frequency": "one_time",
            "name": "Asha Rao",
            "email": "asha@example.com",
            "message": "",
            "website": "",
        },
    )
    assert response.status_code == 503
    donation = Donation.objects.get()
    assert donation.appeal == appeal
    assert donation.status == Donation.Status.FAILED
    assert donation.failed_at is not None
    assert donation.gateway_reference == ""
    assert donation.gateway_data == {"checkout_error": "connection refused"}
    entry = _entry(donation, "abandoned")
    assert (entry.actor, entry.from_state, entry.to_state) == (None, "pending", "failed")
    # Abandoning twice changes and records nothing more.
    services.donation_abandon(donation=donation, reason="again")
    assert audit_entries_for(donation).count() == 1


def test_the_csv_export_records_who_downloaded_whom(client, fundraiser):
    exported, other = make_donation(), make_donation()
    client.force_login(fundraiser)
    response = client.post(
        reverse("admin:donations_donation_changelist"),
        {"action": "export_csv", "_selected_action": [exported.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    entry = _entry(exported, "exported")
    assert entry.actor == fundraiser
    assert not audit_entries_for(other).exists()
