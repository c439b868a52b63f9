import pytest
from django.urls import reverse

from newsletters import links
from newsletters.models import ConsentEvent, Subscription

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    briefing = make_newsletter(name="Morning briefing")
    breaking = make_newsletter(name="Breaking news")
    return make_subscriber("asha@example.org", newsletters=[briefing, breaking]), briefing, breaking


def _status(subscriber, newsletter):
    return Subscription.objects.get(subscriber=subscriber, newsletter=newsletter).status


def test_one_click_post_unsubscribes_at_once_without_a_session_or_token(reader):
    from django.test import Client

    subscriber, briefing, breaking = reader
    url = links.unsubscribe_url(subscriber, briefing)
    # What a mail program sends (RFC 8058): a POST with this body, no cookie, no CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        url.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert _status(subscriber, briefing) == Subscription.Status.UNSUBSCRIBED
    assert _status(subscriber, breaking) == Subscription.Status.CONFIRMED  # only that list
    event = ConsentEvent.objects.get(action="unsubscribed")
    assert event.source == "email"
    # Again: still unsubscribed, still 200.
    again = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200


def test_following_the_link_shows_a_button_and_changes_nothing(client, reader):
    subscriber, briefing, _breaking = reader
    response = client.get(links.unsubscribe_url(subscriber, briefing))
    assert response.status_code == 200
    assert "Morning briefing" in response.content.decode()
    assert _status(subscriber, briefing) == Subscription.Status.CONFIRMED


def test_a_forged_unsubscribe_link_changes_nothing(client, reader):
    subscriber, briefing, breaking = reader
    token = links.unsubscribe_token(subscriber, briefing)
    # The other list's id with the first list's signature.
    forged = token.replace(f":{briefing.pk}:", f":{breaking.pk}:")
    assert forged != token
    for bad in (forged, "nonsense", links.preferences_token(subscriber)):
        url = reverse("newsletters:unsubscribe", args=[bad])
        assert client.post(url).status_code == 404
    assert _status(subscriber, breaking) == Subscription.Status.CONFIRMED


def test_unsubscribe_is_permanent_until_the_reader_signs_up_again(client, reader, mailoutbox):
    subscriber, briefing, _breaking = reader
    client.post(links.unsubscribe_url(subscriber, briefing))
    # A confirm link from before cannot bring it back.
    old_confirm = links.confirm_url(
        subscriber, [Subscription.objects.get(subscriber=subscriber, newsletter=briefing).pk]
    )
    client.post(old_confirm)
    assert _status(subscriber, briefing) == Subscription.Status.UNSUBSCRIBED


def test_the_preferences_page_by_signed_link(client, reader):
    subscriber, briefing, breaking = reader
    url = links.preferences_url(subscriber)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "asha@example.org" in html
    assert "no-cache" in page["Cache-Control"]
    response = client.post(url, {"newsletters": [breaking.pk]})
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    assert _status(subscriber, briefing) == Subscription.Status.UNSUBSCRIBED
    assert _status(subscriber, breaking) == Subscription.Status.CONFIRMED
    # Ticking it again subscribes at once: the link proves the reader holds the address.
    client.post(url, {"newsletters": [briefing.pk, breaking.pk]})
    assert _status(subscriber, briefing) == Subscription.Status.CONFIRMED
    assert ConsentEvent.objects.filter(action="subscribed", source="preferences").count() == 1
    assert client.get(reverse("newsletters:preferences", args=["x:y"])).status_code == 404


def test_preferences_refuse_an_unknown_list(client, reader):
    subscriber, _briefing, _breaking = reader
    response = client.post(links.preferences_url(subscriber), {"newsletters": ["99999"]})
    assert response.status_code == 400
