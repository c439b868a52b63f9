"""Receipt PDFs: attached to the receipt e-mail (sent by a background task) and downloadable
from "My giving" by their donor only."""

import contextlib
import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse

from donations.models import Donation
from donations.receipt_pdf import receipt_pdf

from .factories import make_appeal, make_donation
from .test_80g import REGISTRATION, give_with_80g
from .test_giving import valid_post

pytestmark = pytest.mark.django_db


def pdf_text(data):
    """The text drawn on the pages of a PDF set in Helvetica (its streams inflated)."""
    assert data.startswith(b"%PDF-")
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            stream = zlib.decompress(stream)
        text += re.findall(rb"\((.*?)\) ?Tj", stream)
    return " ".join(part.decode("latin-1") for part in text)


@pytest.fixture
def helvetica(settings):
    settings.DONATIONS_RECEIPT_FONT = ""


def test_the_receipt_email_carries_the_pdf(
    client, mailoutbox, django_capture_on_commit_callbacks, helvetica
):
    make_appeal()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("donations:support"), valid_post())
        client.post(response["Location"], {"result": "succeed"})
    donation = Donation.objects.get()
    ((name, content, mimetype),) = mailoutbox[0].attachments
    assert (name, mimetype) == (f"receipt-{donation.receipt_number}.pdf", "application/pdf")
    text = pdf_text(content)
    assert donation.receipt_number in text
    assert "Asha Rao" in text
    assert "Rs. 250" in text
    assert "80G" not in text


def test_an_80g_receipt_names_the_registration_and_the_masked_pan(client, settings, helvetica):
    settings.DONATIONS_80G = REGISTRATION
    make_appeal()
    response = give_with_80g(client)
    client.post(response["Location"], {"result": "succeed"})
    text = pdf_text(receipt_pdf(Donation.objects.get()))
    assert "section 80G" in text
    assert REGISTRATION["registration_number"] in text
    assert "XXXXXX234F" in text
    assert "ABCPE1234F" not in text


def test_a_unicode_font_sets_any_name_and_the_rupee_sign(settings):
    donation = make_donation(status=Donation.Status.PAID, name="Ananya Ré ₹ अनन्या")
    if not settings.DONATIONS_RECEIPT_FONT or not __import__("os").path.exists(
        settings.DONATIONS_RECEIPT_FONT
    ):
        pytest.skip("No DejaVu Sans on this machine (fonts-dejavu-core).")
    assert receipt_pdf(donation).startswith(b"%PDF-")


def test_my_giving_downloads_the_donors_own_receipts_only(client, mailoutbox):
    make_appeal()
    response = client.post(reverse("donations:support"), valid_post())
    client.post(response["Location"], {"result": "succeed"})
    mine = Donation.objects.get()
    theirs = make_donation(status=Donation.Status.PAID, email="ravi@example.com")
    url = reverse("donations:giving_receipt", args=[mine.uuid])
    assert client.get(url).status_code == 302  # My giving not open
    client.post(reverse("donations:giving"), {"email": "asha@example.com", "website": ""})
    link = re.search(r"/support/my-giving/open/\S+/", mailoutbox[-1].body).group(0)
    client.post(link)
    assert f'href="{url}"' in client.get(reverse("donations:giving_gifts")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    other = reverse("donations:giving_receipt", args=[theirs.uuid])
    assert client.get(other).status_code == 404
    assert Client().get(url).status_code == 302
