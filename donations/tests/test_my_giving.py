""" "My giving": one-use, expiring links by e-mail; asking never tells whether an address gave;
a donor sees their gifts and receipts and pauses, resumes, changes or cancels a monthly gift."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from donations import services
from donations.models import Donation, GivingLink, RecurringGift
from donations.selectors import appeal_totals

from .factories import make_appeal, make_donation
from .test_giving import valid_post

pytestmark = pytest.mark.django_db

ASK = reverse("donations:giving")
GIFTS = reverse("donations:giving_gifts")


def _link_from(mail):
    return re.search(r"https?://\S+/support/my-giving/open/\S+/", mail.body).group(0)


def _path(url):
    return url[url.index("/support/") :]


def _ask(client, email):
    return client.post(ASK, {"email": email, "website": ""})


def _monthly_gift(client, amount="250"):
    make_appeal()
    response = client.post(reverse("donations:support"), valid_post(frequency="monthly"))
    client.post(response["Location"], {"result": "succeed"})
    return RecurringGift.objects.get()


def _open(client, mailoutbox, email="asha@example.com"):
    _ask(client, email)
    link = _path(_link_from(mailoutbox[-1]))
    return client.post(link)


def test_asking_says_the_same_for_a_donor_and_a_stranger(client, mailoutbox):
    make_donation(email="donor@example.com", status=Donation.Status.PAID)
    donor = _ask(client, "donor@example.com")
    stranger = _ask(Client(), "nobody@example.com")
    assert donor.status_code == stranger.status_code == 200

    def without_address(response, email):
        html = response.content.decode()
        article = html[html.index("<article") : html.index("</article>")]
        return article.replace(email, "ADDRESS")

    assert without_address(donor, "donor@example.com") == without_address(
        stranger, "nobody@example.com"
    )
    # Only the donor gets mail; only a digest of the token is stored.
    assert [mail.to for mail in mailoutbox] == [["donor@example.com"]]
    token = _link_from(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert not GivingLink.objects.filter(token_digest=token).exists()
    assert GivingLink.objects.get().token_digest != token


def test_a_link_opens_the_gifts_once(client, mailoutbox):
    gift = _monthly_gift(client)
    _ask(client, "ASHA@example.com")
    link = _path(_link_from(mailoutbox[-1]))
    # Following the link (a mail scanner would) spends nothing: it asks for a press.
    assert client.get(link).status_code == 200
    visitor = Client()
    response = visitor.post(link)
    assert response.status_code == 302
    page = visitor.get(GIFTS).content.decode()
    assert "₹250" in page
    assert "Active" in page
    assert gift.charges.get().receipt_number in page
    # Used once: the same link again is refused, to anyone.
    assert Client().post(link).status_code == 410
    assert visitor.post(link).status_code == 410


def test_an_expired_link_is_refused(client, mailoutbox):
    make_donation(email="asha@example.com", status=Donation.Status.PAID)
    _ask(client, "asha@example.com")
    GivingLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(_path(_link_from(mailoutbox[-1]))).status_code == 410
    assert client.get(GIFTS).status_code == 302


def test_a_made_up_token_or_cookie_opens_nothing(client):
    make_donation(email="asha@example.com", status=Donation.Status.PAID)
    url = reverse("donations:giving_open", args=["x" * 43])
    assert client.post(url).status_code == 410
    client.cookies["newsroom_giving"] = "asha@example.com"
    assert client.get(GIFTS)["Location"] == ASK


def test_another_donors_gift_cannot_be_changed(client, mailoutbox):
    gift = _monthly_gift(client)
    other = Client()
    make_donation(email="ravi@example.com", status=Donation.Status.PAID)
    _open(other, mailoutbox, "ravi@example.com")
    url = reverse("donations:giving_change", args=[gift.uuid])
    assert other.post(url, {"action": "cancel"}).status_code == 404
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.ACTIVE


def test_the_donor_pauses_resumes_changes_and_cancels_in_the_sandbox(client, mailoutbox):
    gift = _monthly_gift(client)
    _open(client, mailoutbox)
    change = reverse("donations:giving_change", args=[gift.uuid])

    client.post(change, {"action": "pause"})
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.PAUSED
    assert services.sandbox_advance() == 0
    assert "paused" in client.get(GIFTS).content.decode()

    client.post(change, {"action": "resume"})
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.ACTIVE

    response = client.post(change, {"action": "change_amount", "amount": "400"})
    assert response.status_code == 302
    gift.refresh_from_db()
    assert gift.amount_minor == 40000
    services.sandbox_advance()
    assert appeal_totals(gift.appeal).raised_minor == 25000 + 40000

    too_much = client.post(change, {"action": "change_amount", "amount": "99999999"})
    assert too_much.status_code == 400
    gift.refresh_from_db()
    assert gift.amount_minor == 40000

    client.post(change, {"action": "cancel"})
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELLED
    assert services.sandbox_advance() == 0
    # A cancelled gift cannot be resumed.
    assert client.post(change, {"action": "resume"}).status_code == 400
    assert client.post(change, {"action": "explode"}).status_code == 400


def test_closing_my_giving_forgets_the_address(client, mailoutbox):
    _monthly_gift(client)
    _open(client, mailoutbox)
    assert client.get(GIFTS).status_code == 200
    client.post(reverse("donations:giving_leave"))
    assert client.get(GIFTS).status_code == 302


def test_links_to_one_address_are_rate_limited(client, mailoutbox):
    make_donation(email="asha@example.com", status=Donation.Status.PAID)
    for _ in range(5):
        _ask(Client(REMOTE_ADDR="10.0.0.9"), "asha@example.com")
    assert len(mailoutbox) == 3
