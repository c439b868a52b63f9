"""Form 10BE: Fundraising attaches each donor's certificate (one by hand, or the portal's bundle
matched by PAN), the donor is e-mailed it once by a background task and can download it from My
giving; uploads are checked (PDF only, size, fake files, zip bombs) and everything is audited."""

import html
import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from fpdf import FPDF

from donations import certificates as certificate_checks
from donations import services
from donations.models import Donation, TaxCertificate
from donations.pan import encrypt_pan, mask_pan
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR, FUNDRAISING

from .factories import make_appeal, make_donation
from .test_80g import PAN, REGISTRATION
from .test_my_giving import _open

pytestmark = pytest.mark.django_db

IST = ZoneInfo("Asia/Kolkata")
YEAR = "2025-26"
OTHER_PAN = "XYZPK9876Q"
PAGE = reverse("admin:donations_form_10be")
SEND = reverse("admin:donations_form_10be_send")


@pytest.fixture
def eighty_g(settings):
    settings.DONATIONS_80G = REGISTRATION
    settings.DONATIONS_PAN_KEYS = ["kQ0rDdR1Jq8w5m7l0m8zq0GfJ8iJ3x9JQZpXk4r8b1E="]
    return settings


def certificate_pdf(pan, *, donor="Asha Rao", pages=1, password=None):
    """A stand-in for the portal's certificate: a real PDF naming the donor's PAN."""
    pdf = FPDF()
    if password:
        pdf.set_encryption(owner_password="portal", user_password=password)
    pdf.set_creation_date(datetime(2026, 5, 20, tzinfo=IST))  # the same bytes every time
    pdf.set_font("Helvetica", size=12)
    for _page in range(pages):
        pdf.add_page()
        pdf.cell(0, 10, "FORM No. 10BE Certificate of donation")
        pdf.ln()
        pdf.cell(0, 10, f"Unique Identification Number of the donor: {pan}")
        pdf.ln()
        pdf.cell(0, 10, f"Name of the donor: {donor}")
    return bytes(pdf.output())


def text_of(response):
    return html.unescape(response.content.decode())


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def bundle(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def give(email, pan, amount=50000, *, name="Asha Rao", paid_at=None, appeal=None):
    return make_donation(
        appeal=appeal,
        email=email,
        status=Donation.Status.PAID,
        amount_minor=amount,
        paid_at=paid_at or datetime(2025, 8, 15, 12, 0, tzinfo=IST),
        wants_80g=True,
        tax_name=name,
        tax_address="4 Lake View, Pune",
        pan_encrypted=encrypt_pan(pan),
        pan_masked=mask_pan(pan),
    )


@pytest.fixture
def donors(eighty_g):
    appeal = make_appeal()
    return {
        "asha": [
            give("asha@example.com", PAN, appeal=appeal),
            give("Asha@Example.com", PAN, 25000, appeal=appeal),
        ],
        "kiran": [give("kiran@example.com", OTHER_PAN, 100000, name="Kiran Shah", appeal=appeal)],
    }


def fundraiser_client():
    user = User.objects.create_user("fundraiser", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=FUNDRAISING))
    client = Client()
    client.force_login(user)
    return client, user


def post_files(client, *files, **data):
    data = {"year": YEAR, "send_now": "on", "files": list(files), **data}
    return client.post(PAGE, data)


def test_a_bundle_is_matched_by_pan_sent_once_and_downloadable_from_my_giving(
    donors, django_capture_on_commit_callbacks, mailoutbox
):
    client, user = fundraiser_client()
    page = client.get(PAGE, {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "XXXXXX234F" in html
    assert "Kiran Shah" in html
    assert PAN not in html  # the page shows PANs masked
    zipped = bundle(
        {
            # Matched by the PAN in its name, then by the PAN in its text.
            f"10BE_{PAN}_2025-26.pdf": certificate_pdf(PAN),
            "certificate-2.pdf": certificate_pdf(OTHER_PAN, donor="Kiran Shah"),
            "__MACOSX/._junk": b"\x00\x05",
            "readme.txt": b"not a certificate",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_files(
            client, upload("10BE.zip", zipped), acknowledgement_number="123456789012345"
        )
    assert response.status_code == 200
    html = text_of(response)
    assert "2 certificates attached" in html
    assert "readme.txt: readme.txt is not a PDF" in html
    certificates = {c.pan_masked: c for c in TaxCertificate.objects.all()}
    assert set(certificates) == {"XXXXXX234F", "XXXXXX876Q"}
    asha = certificates["XXXXXX234F"]
    assert set(asha.donations.all()) == set(donors["asha"])
    assert asha.acknowledgement_number == "123456789012345"
    assert asha.is_sent
    # Each donor got one e-mail (at the address of their latest gift), with their certificate.
    assert sorted(message.to[0].lower() for message in mailoutbox) == [
        "asha@example.com",
        "kiran@example.com",
    ]
    to_asha = next(m for m in mailoutbox if m.to == ["Asha@Example.com"])
    assert "Form 10BE" in to_asha.subject
    assert "2025-26" in to_asha.subject
    (_filename, content, mimetype) = to_asha.attachments[0]
    assert mimetype == "application/pdf"
    assert content == certificate_pdf(PAN)
    # Pressing send again, or the task running again, sends nobody anything more.
    client.post(SEND, {"year": YEAR})
    assert services.tax_certificate_send(certificate_id=asha.pk) is False
    assert len(mailoutbox) == 2
    # Audited: attached by the fundraiser, send requested, sent; the notes name no full PAN.
    entries = AuditEntry.objects.filter(object_id=asha.pk, content_type__model="taxcertificate")
    assert {e.action for e in entries} == {"attached", "send requested", "sent"}
    assert entries.get(action="attached").actor == user
    assert all(PAN not in e.note for e in entries)
    # The donor downloads it from My giving; another donor cannot.
    donor = Client()
    _open(donor, mailoutbox, "asha@example.com")
    gifts = donor.get(reverse("donations:giving_gifts")).content.decode()
    link = reverse("donations:giving_certificate", args=[asha.uuid])
    assert link in gifts
    download = donor.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content == certificate_pdf(PAN)
    stranger = Client()
    _open(stranger, mailoutbox, "kiran@example.com")
    assert stranger.get(link).status_code == 404


def test_the_certificate_is_encrypted_at_rest(donors, django_capture_on_commit_callbacks):
    client, _user = fundraiser_client()
    post_files(client, upload(f"{PAN}.pdf", certificate_pdf(PAN)))
    row = TaxCertificate.objects.get()
    assert b"10BE" not in bytes(row.file_encrypted)
    dump = io.StringIO()
    call_command("dumpdata", "donations", stdout=dump)
    assert PAN not in dump.getvalue().upper()


def test_a_file_attached_by_hand_to_one_donor_and_checked_against_the_others(
    donors, django_capture_on_commit_callbacks, mailoutbox
):
    from donations.pan import pan_digest

    client, _user = fundraiser_client()
    # No PAN in its name or text (an image-only scan, say): matched by hand.
    unnamed = certificate_pdf("no identification here")
    response = post_files(client, upload("scan.pdf", unnamed))
    assert response.status_code == 400
    assert "attach it to the donor by hand" in text_of(response)
    assert not TaxCertificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_files(client, upload("scan.pdf", unnamed), donor=pan_digest(PAN))
    assert response.status_code == 200
    assert TaxCertificate.objects.get().pan_masked == "XXXXXX234F"
    assert [m.to for m in mailoutbox] == [["Asha@Example.com"]]
    # Kiran's certificate cannot be attached to Asha by mistake.
    response = post_files(
        client, upload("k.pdf", certificate_pdf(OTHER_PAN)), donor=pan_digest(PAN)
    )
    assert response.status_code == 400
    assert "another donor's certificate" in text_of(response)
    assert TaxCertificate.objects.count() == 1
    # A made-up donor is refused.
    response = post_files(client, upload("k.pdf", certificate_pdf(PAN)), donor="0" * 64)
    assert response.status_code == 400
    assert "not in this year's Form 10BD" in text_of(response)


def test_a_corrected_file_replaces_the_old_and_can_be_sent_again(
    donors, django_capture_on_commit_callbacks, mailoutbox
):
    client, _user = fundraiser_client()
    with django_capture_on_commit_callbacks(execute=True):
        post_files(client, upload(f"{PAN}.pdf", certificate_pdf(PAN)))
        # The same file again changes nothing and sends nothing.
        again = post_files(client, upload(f"{PAN}.pdf", certificate_pdf(PAN)))
    assert "the same file as before" in again.content.decode()
    assert len(mailoutbox) == 1
    corrected = certificate_pdf(PAN, donor="Asha R. Rao")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_files(client, upload(f"{PAN}.pdf", corrected), send_now="")
    assert "replaces the earlier file" in text_of(response)
    row = TaxCertificate.objects.get()
    assert not row.is_sent
    assert (
        "E-mail the 1 certificate not yet sent" in client.get(PAGE, {"year": YEAR}).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SEND, {"year": YEAR, "certificate": row.pk})
    assert len(mailoutbox) == 2
    assert mailoutbox[1].attachments[0][1] == corrected


def test_a_failed_mail_can_be_sent_again(donors, monkeypatch, mailoutbox):
    client, _user = fundraiser_client()
    post_files(client, upload(f"{PAN}.pdf", certificate_pdf(PAN)), send_now="")
    row = TaxCertificate.objects.get()

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert services.tax_certificate_send(certificate_id=row.pk) is False
    row.refresh_from_db()
    assert not row.is_sent
    monkeypatch.undo()
    assert services.tax_certificate_send(certificate_id=row.pk) is True
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.pdf", b"MZ\x90\x00 this is a program, not a PDF" * 10, "is not a PDF"),
        ("page.pdf", b"<html><body>%PDF-1.7</body></html>", "is not a PDF"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "damaged or not a PDF"),
        ("huge.pdf", b"%PDF-1.7\n" + b"0" * (certificate_checks.MAX_PDF_BYTES + 1), "at most"),
        ("long.pdf", None, "has 21 pages"),
        ("empty.zip", bundle({}), "holds no files"),
        ("notzip.zip", b"PK\x03\x04 not really a zip", "not a ZIP file"),
    ],
)
def test_bad_uploads_get_a_clear_400_and_store_nothing(donors, name, content, message):
    client, _user = fundraiser_client()
    if content is None:
        content = certificate_pdf(PAN, pages=21)
    response = post_files(client, upload(name, content))
    assert response.status_code == 400
    assert message in text_of(response)
    assert not TaxCertificate.objects.exists()


def test_a_zip_bomb_is_not_unpacked(donors, monkeypatch):
    monkeypatch.setattr(certificate_checks, "MAX_BUNDLE_UNPACKED_BYTES", 3 * 1024 * 1024)
    # Each entry claims little and unpacks to 2 MB of zeros: the reads stop at the caps.
    zeros = b"%PDF-1.7\n" + b"\x00" * (2 * 1024 * 1024 - 20)
    zipped = bundle({f"{n}.pdf": zeros for n in range(5)})
    assert len(zipped) < 100_000
    client, _user = fundraiser_client()
    response = post_files(client, upload("bomb.zip", zipped))
    assert response.status_code == 400
    assert "unpacks to more than 3 MB" in text_of(response)
    assert not TaxCertificate.objects.exists()


def test_a_password_protected_certificate_is_matched_by_name_or_by_hand(
    donors, django_capture_on_commit_callbacks, mailoutbox
):
    from donations.pan import pan_digest

    locked = certificate_pdf(PAN, password="abcpe1234f01011990")
    client, _user = fundraiser_client()
    # Its text cannot be read, so a name without a PAN cannot be matched...
    response = post_files(client, upload("locked.pdf", locked))
    assert response.status_code == 400
    assert "attach it to the donor by hand" in text_of(response)
    # ...but the PAN in its name, or a press on the donor's row, attaches it as it is.
    with django_capture_on_commit_callbacks(execute=True):
        assert post_files(client, upload(f"{PAN}.pdf", locked)).status_code == 200
        other = certificate_pdf(OTHER_PAN, password="x")
        by_hand = post_files(client, upload("k.pdf", other), donor=pan_digest(OTHER_PAN))
    assert by_hand.status_code == 200
    assert TaxCertificate.objects.count() == 2
    assert next(m for m in mailoutbox if m.to == ["Asha@Example.com"]).attachments[0][1] == locked


def test_a_pdf_naming_two_donors_is_not_guessed(donors):
    client, _user = fundraiser_client()
    response = post_files(client, upload(f"{PAN}-{OTHER_PAN}.pdf", certificate_pdf(PAN)))
    assert response.status_code == 400
    assert "more than one donor" in text_of(response)


def test_only_fundraising_attaches_and_only_with_a_registration(donors, settings):
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    client = Client()
    client.force_login(editor)
    assert client.get(PAGE).status_code == 403
    assert post_files(client, upload(f"{PAN}.pdf", certificate_pdf(PAN))).status_code == 403
    assert client.post(SEND, {"year": YEAR}).status_code == 403
    assert not TaxCertificate.objects.exists()
    fundraiser, _user = fundraiser_client()
    assert fundraiser.get(PAGE, {"year": "2025"}).status_code == 400
    settings.DONATIONS_80G = {**REGISTRATION, "registration_number": ""}
    assert fundraiser.get(PAGE).status_code == 404


def test_certificates_follow_the_10bd_years(donors):
    # A gift of the next year is not in 2025-26's statement, so it gets no certificate there.
    give("late@example.com", "LMNPQ4321R", paid_at=datetime(2026, 4, 1, 9, tzinfo=IST))
    client, _user = fundraiser_client()
    response = post_files(client, upload("LMNPQ4321R.pdf", certificate_pdf("LMNPQ4321R")))
    assert response.status_code == 400
    assert "No PAN of this year's Form 10BD donors" in text_of(response)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_mail_the_donor_once_on_postgresql(eighty_g, mailoutbox):
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (set DATABASE_URL).")
    give("asha@example.com", PAN)
    client, _user = fundraiser_client()
    post_files(client, upload(f"{PAN}.pdf", certificate_pdf(PAN)), send_now="")
    row = TaxCertificate.objects.get()
    start = threading.Barrier(3)
    results = []

    def send():
        try:
            start.wait()
            results.append(services.tax_certificate_send(certificate_id=row.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, True]
    assert len(mailoutbox) == 1
