"""No personal data in audit object names, and the thank-you page shows a gift's details only to
the browser that made it, for an hour (issue 21, item 9)."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from articles.tests.factories import make_member
from donations import services
from donations.gateways import GatewayUnavailableError, SandboxGateway
from donations.models import Donation
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR

from .factories import make_appeal, make_donation
from .test_giving import SUPPORT, valid_post

pytestmark = pytest.mark.django_db


def _give_and_pay(client, django_capture_on_commit_callbacks, **post):
    make_appeal()
    response = client.post(SUPPORT, valid_post(**post))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"result": "succeed"})
    return Donation.objects.get()


def _personal_details(donation):
    return [donation.name, donation.email, str(donation.uuid), donation.receipt_number]


def test_audit_entries_of_a_paid_gift_name_no_donor_and_no_receipt(
    client, django_capture_on_commit_callbacks
):
    donation = _give_and_pay(client, django_capture_on_commit_callbacks)
    assert donation.receipt_number
    entries = AuditEntry.objects.filter(object_id=donation.pk, action__isnull=False)
    assert entries.exists()
    for entry in entries:
        for detail in _personal_details(donation):
            assert detail not in entry.object_repr
            assert detail not in entry.note
            assert detail not in str(entry)

    editor = Client()
    editor.force_login(make_member("editor", EDITOR))
    for url in [reverse("dashboard:index"), reverse("admin:newsroom_auditentry_changelist")]:
        html = editor.get(url).content.decode()
        for detail in _personal_details(donation):
            assert detail not in html, url


def test_an_abandoned_checkout_is_audited_without_its_uuid(monkeypatch):
    def refuse(self, donation, request):
        raise GatewayUnavailableError(f"timeout opening {donation.uuid}")

    monkeypatch.setattr(SandboxGateway, "begin_checkout", refuse)
    with pytest.raises(GatewayUnavailableError):
        services.donation_checkout(
            appeal=make_appeal(),
            gateway=SandboxGateway(),
            request=None,
            amount_minor=25000,
            frequency="one_time",
            name="Asha Rao",
            email="asha@example.com",
        )
    donation = Donation.objects.get()
    (entry,) = AuditEntry.objects.filter(object_id=donation.pk, action="abandoned")
    for detail in [donation.name, donation.email, str(donation.uuid)]:
        assert detail not in entry.object_repr
        assert detail not in entry.note


def test_a_donation_is_named_without_personal_data():
    donation = make_donation(status=Donation.Status.PAID, name="Asha Rao")
    for detail in _personal_details(donation):
        assert detail not in str(donation)
    assert str(donation.pk) in str(donation)


def test_the_thank_you_page_shows_details_only_to_the_giving_browser(
    client, django_capture_on_commit_callbacks
):
    donation = _give_and_pay(client, django_capture_on_commit_callbacks)
    url = donation.get_absolute_url()
    own = client.get(url).content.decode()
    assert "Thank you, Asha Rao" in own
    assert donation.receipt_number in own
    assert "asha@example.com" in own

    stranger = Client().get(url)
    assert stranger.status_code == 200
    html = stranger.content.decode()
    assert "Thank you" in html
    for detail in [donation.name, donation.email, donation.receipt_number, "₹250"]:
        assert detail not in html
    assert "no-cache" in stranger["Cache-Control"]


def test_the_giving_browser_sees_the_details_for_an_hour_only(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    donation = _give_and_pay(client, django_capture_on_commit_callbacks)
    later = time.time() + 61 * 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    html = client.get(donation.get_absolute_url()).content.decode()
    assert "Thank you" in html
    assert donation.name not in html
    assert donation.receipt_number not in html


def test_a_forged_cookie_shows_nothing(client, django_capture_on_commit_callbacks):
    from donations.views import GIFT_COOKIE

    donation = _give_and_pay(Client(), django_capture_on_commit_callbacks)
    client.cookies[GIFT_COOKIE] = str(donation.uuid)  # unsigned
    assert donation.name not in client.get(donation.get_absolute_url()).content.decode()


def test_the_migration_renames_the_entries_already_written():
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    migration = import_module("donations.migrations.0002_audit_names_without_personal_data")
    donation = make_donation(status=Donation.Status.PAID, name="Asha Rao")
    old = AuditEntry.objects.create(
        action="paid",
        content_type=ContentType.objects.get_for_model(Donation),
        object_id=donation.pk,
        object_repr=f"{donation.receipt_number} · Asha Rao",
        note=f"checkout {donation.uuid} failed",
    )
    migration.rename_donation_entries(apps, None)
    old.refresh_from_db()
    assert old.object_repr == f"Donation #{donation.pk}"
    assert str(donation.uuid) not in old.note
