"""The reader's side: the appeal box, the form, the sandbox payment page, the thank-you page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.tests.factories import make_article
from donations.models import Donation
from donations.views import DONATION_RATE
from newsroom.ratelimit import parse_rate

from .factories import make_appeal, make_donation

RATE_LIMIT, _WINDOW = parse_rate(DONATION_RATE)

pytestmark = pytest.mark.django_db

SUPPORT = reverse("donations:support")


def valid_post(**overrides):
    data = {
        "amount": "250",
        "other_amount": "",
        "frequency": "one_time",
        "name": "Asha Rao",
        "email": "asha@example.com",
        "message": "Keep going.",
        "is_public": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_article_shows_the_appeal_with_amounts_and_progress_from_paid_donations(client):
    appeal = make_appeal(goal=200000, suggested_amounts="100, 250, 500")
    make_donation(appeal=appeal, amount_minor=12400000, status=Donation.Status.PAID)
    make_donation(appeal=appeal, amount_minor=5000000)  # pending: not counted
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "Support Our Journalism" in html
    assert "Free to read, for everyone." in html
    assert "Chip in today." in html
    assert "<strong>₹1,24,000</strong> of ₹2,00,000 raised" in html
    assert 'max="200000" value="124000"' in html
    assert f"{SUPPORT}?amount=250&amp;frequency=one_time" in html
    assert "₹250/month" in html  # the monthly choices say so
    assert "<script" not in html.split("</head>")[1]


def test_one_time_comes_first_and_monthly_is_absent_when_not_offered(client):
    make_appeal(offer_monthly=False)
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "Give once" in html
    assert "/month" not in html


def test_the_box_is_hidden_for_sensitive_stories_and_without_a_live_appeal(client):
    article = make_article(show_donation_appeal=False)
    make_appeal()
    assert 'class="appeal"' not in client.get(article.get_absolute_url()).content.decode()
    Donation.objects.all().delete()
    from donations.models import Appeal

    Appeal.objects.all().delete()
    other = make_article()
    assert 'class="appeal"' not in client.get(other.get_absolute_url()).content.decode()


def test_support_page_preselects_what_the_box_chose(client):
    make_appeal()
    response = client.get(SUPPORT, {"amount": "500", "frequency": "monthly"})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'value="500"[^>]*checked', html)
    assert re.search(r'value="monthly"[^>]*checked', html)


def test_one_time_is_checked_by_default(client):
    make_appeal()
    html = client.get(SUPPORT).content.decode()
    assert re.search(r'value="one_time"[^>]*checked', html)
    assert not re.search(r'value="monthly"[^>]*checked', html)


def test_support_page_without_an_appeal_says_so(client):
    response = client.get(SUPPORT)
    assert response.status_code == 200
    assert "not taking contributions online" in response.content.decode()


def test_giving_stores_a_pending_donation_then_the_sandbox_pays_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    appeal = make_appeal()
    response = client.post(SUPPORT, valid_post())
    donation = Donation.objects.get()
    assert donation.status == Donation.Status.PENDING
    assert donation.amount_minor == 25000
    assert donation.appeal == appeal
    assert donation.is_public
    assert response.status_code == 302
    assert response["Location"] == reverse("donations:sandbox_pay", args=[donation.uuid])
    page = client.get(response["Location"]).content.decode()
    assert "Pay ₹250" in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(response["Location"], {"result": "succeed"})
    assert len(callbacks) == 2  # the receipt and the cached pages' refresh wait for the commit
    assert response["Location"] == donation.get_absolute_url()
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert donation.receipt_number
    thanks = client.get(donation.get_absolute_url()).content.decode()
    assert "Thank you, Asha Rao" in thanks
    assert donation.receipt_number in thanks
    assert len(mailoutbox) == 1
    assert donation.receipt_number in mailoutbox[0].body
    assert mailoutbox[0].to == ["asha@example.com"]


def test_a_declined_sandbox_payment_shows_failed_and_sends_nothing(client, mailoutbox):
    make_appeal()
    response = client.post(SUPPORT, valid_post())
    client.post(response["Location"], {"result": "fail"})
    donation = Donation.objects.get()
    assert donation.status == Donation.Status.FAILED
    assert "did not go through" in client.get(donation.get_absolute_url()).content.decode()
    assert mailoutbox == []


def test_pending_thanks_page_says_pending(client):
    make_appeal()
    client.post(SUPPORT, valid_post())  # the giving browser: see test_privacy.py for others
    donation = Donation.objects.get()
    html = client.get(donation.get_absolute_url()).content.decode()
    assert "is pending" in html


def test_a_custom_amount_within_the_limits_is_accepted(client):
    make_appeal(minimum_amount=10, maximum_amount=100000)
    client.post(SUPPORT, valid_post(amount="other", other_amount="1234.50"))
    assert Donation.objects.get().amount_minor == 123450


def test_a_tampered_amount_is_refused_and_the_browser_cannot_set_paise(client):
    make_appeal(suggested_amounts="100, 250, 500")
    response = client.post(SUPPORT, valid_post(amount="1"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    client.post(SUPPORT, valid_post(amount="250", amount_minor="1"))
    assert Donation.objects.get().amount_minor == 25000


@pytest.mark.parametrize(
    ("other_amount", "message"),
    [
        ("0", "greater than or equal to 10"),
        ("-500", "greater than or equal to 10"),
        ("99999999", "less than or equal to 500000"),
        ("1e30", "Ensure that there are no more than"),
        ("five hundred", "Enter a number"),
        ("NaN", "Enter a number"),
        ("", "Enter the amount you would like to give"),
    ],
)
def test_bad_custom_amounts_get_a_clear_message_and_nothing_is_stored(
    client, other_amount, message
):
    make_appeal()
    response = client.post(SUPPORT, valid_post(amount="other", other_amount=other_amount))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Donation.objects.exists()


def test_a_bad_email_is_refused(client):
    make_appeal()
    response = client.post(SUPPORT, valid_post(email="not-an-email"))
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert not Donation.objects.exists()


def test_the_honeypot_turns_bots_away(client):
    make_appeal()
    response = client.post(SUPPORT, valid_post(website="http://spam.example"))
    assert response.status_code == 400
    assert not Donation.objects.exists()


def test_the_rate_limit_stops_a_client_after_too_many_attempts(client):
    make_appeal()
    for _attempt in range(RATE_LIMIT):
        assert client.post(SUPPORT, valid_post()).status_code == 302
    response = client.post(SUPPORT, valid_post())
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert Donation.objects.count() == RATE_LIMIT
    other_client = Client(REMOTE_ADDR="198.51.100.7")
    assert other_client.post(SUPPORT, valid_post()).status_code == 302


def test_the_support_page_is_a_cached_page_whose_form_fetches_its_token(client, page_cache):
    make_appeal()
    client.get(SUPPORT)  # the site's first request makes its settings row
    first = client.get(SUPPORT, {"amount": "250", "frequency": "one_time"})
    again = client.get(SUPPORT, {"amount": "250", "frequency": "one_time"})
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert "public" in again["Cache-Control"]
    html = again.content.decode()
    assert "csrfmiddlewaretoken" not in html  # the same page for every reader
    assert "csrftoken" not in again.cookies
    assert re.search(r'<form [^>]*data-cached-form[^>]*data-token-url="/csrf-token/"', html)


def test_a_cookie_less_reader_from_a_cached_page_gives_with_the_fetched_token():
    make_appeal()
    reader = Client(enforce_csrf_checks=True)
    form_page = reader.get(SUPPORT, {"amount": "250", "frequency": "one_time"})
    assert "csrfmiddlewaretoken" not in form_page.content.decode()
    token = reader.get("/csrf-token/").json()["token"]  # what islands.js does before sending
    response = reader.post(SUPPORT, valid_post(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert "no-cache" in response["Cache-Control"]
    assert Donation.objects.count() == 1


def test_a_post_without_the_token_asks_to_confirm_and_keeps_what_was_filled_in():
    make_appeal()
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(SUPPORT, valid_post())
    assert response.status_code == 403
    assert "no-cache" in response["Cache-Control"]
    assert not Donation.objects.exists()
    html = response.content.decode()
    assert "press the button again to confirm" in html
    assert 'value="Asha Rao"' in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    confirmed = reader.post(SUPPORT, valid_post(csrfmiddlewaretoken=token))
    assert confirmed.status_code == 302
    assert Donation.objects.count() == 1


def test_a_forged_post_with_a_wrong_token_stores_nothing():
    make_appeal()
    reader = Client(enforce_csrf_checks=True)
    reader.get("/csrf-token/")
    response = reader.post(SUPPORT, valid_post(csrfmiddlewaretoken="x" * 64))
    assert response.status_code == 403
    assert not Donation.objects.exists()


def test_the_sandbox_page_is_off_when_another_gateway_is_configured(client, settings):
    donation = make_donation()
    settings.DONATIONS_GATEWAY = ""
    assert client.get(reverse("donations:sandbox_pay", args=[donation.uuid])).status_code == 404
