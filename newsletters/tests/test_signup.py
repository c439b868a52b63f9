import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.tests.factories import make_article
from newsletters.models import ConsentEvent, Subscriber, Subscription
from newsletters.views import SIGNUP_RATE
from newsroom.ratelimit import parse_rate

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("newsletters:subscribe")
CLOCK = re.compile(r'<p class="clock">.*?</p>', re.S)


_capture = None


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    """Run what a request leaves for after its commit (the e-mail task) as the request ends."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


def _post(client, email="asha@example.org", **extra):
    headers = {key: extra.pop(key) for key in list(extra) if key.startswith("HTTP_")}
    data = {"email": email, "source": "footer", "page": "/world/a-story/", **extra}
    with _capture(execute=True):
        return client.post(SUBSCRIBE, data, REMOTE_ADDR="203.0.113.5", **headers)


def _link(message, name):
    return re.search(rf"(http://\S+/newsletters/{name}/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def briefing(db):
    return make_newsletter(name="Morning briefing", is_default=True)


def test_double_opt_in_with_the_locmem_backend(client, briefing, mailoutbox):
    response = _post(client)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING
    [message] = mailoutbox
    assert message.to == ["asha@example.org"]
    assert "Morning briefing" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    confirm = _link(message, "confirm")
    assert confirm in html
    # Following the link shows a button: a mail scanner opening links subscribes no one.
    page = client.get(confirm)
    assert page.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    done = client.post(confirm)
    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.confirmed_at is not None
    events = list(subscription.consent_events.values_list("action", "source", "source_page"))
    assert events == [
        ("requested", "footer", "/world/a-story/"),
        ("confirmed", "footer", "/world/a-story/"),
    ]
    requested = subscription.consent_events.first()
    assert str(requested.client_address) == "203.0.113.5"
    assert "unsubscribe at any time" in requested.wording


def test_a_tampered_or_foreign_confirm_link_is_refused(client, briefing, mailoutbox):
    _post(client)
    confirm = _link(mailoutbox[0], "confirm")
    forged = confirm[:-3] + ("A" if confirm[-3] != "A" else "B") + "/"
    assert client.post(forged).status_code == 404
    assert client.get(reverse("newsletters:confirm", args=["nonsense"])).status_code == 404
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_responses_are_identical_whatever_the_address(client, briefing, mailoutbox):
    make_subscriber("known@example.org", newsletters=[briefing])
    suppressed = make_subscriber("gone@example.org", newsletters=[briefing])
    suppressed.suppressed_at = suppressed.created_at
    suppressed.save()
    answers = {}
    for email in ("new@example.org", "known@example.org", "gone@example.org"):
        response = _post(Client(), email)
        # The header clock shows the second the page was made; everything else must match.
        html = CLOCK.sub("", response.content.decode())
        answers[email] = (response.status_code, html)
    assert len(set(answers.values())) == 1
    # The known address's owner hears of it privately; the suppressed address hears nothing.
    sent_to = sorted(message.to[0] for message in mailoutbox)
    assert sent_to == ["known@example.org", "new@example.org"]
    known = next(m for m in mailoutbox if m.to == ["known@example.org"])
    assert "already" in known.subject
    assert "/newsletters/preferences/" in known.body


def test_repeated_sign_ups_send_at_most_one_mail_per_interval(client, briefing, mailoutbox):
    for _attempt in range(3):
        _post(Client(), "victim@example.org")
    assert len(mailoutbox) == 1
    assert Subscriber.objects.count() == 1


def test_the_honeypot_stores_and_sends_nothing_but_reads_like_success(client, briefing, mailoutbox):
    response = _post(client, website="http://spam.example")
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_a_bad_address_gets_a_clear_message(client, briefing):
    response = _post(client, "asha-at-example")
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_the_rate_limit_answers_429(client, briefing):
    limit, _window = parse_rate(SIGNUP_RATE)
    for number in range(limit):
        assert _post(client, f"r{number}@example.org").status_code == 200
    response = _post(client, "one-more@example.org")
    assert response.status_code == 429
    other = Client().post(
        SUBSCRIBE, {"email": "o@example.org", "source": "footer"}, REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 200


def test_the_newsletters_page_lets_a_reader_pick_lists(client, briefing, mailoutbox):
    breaking = make_newsletter(name="Breaking news")
    page = client.get(reverse("newsletters:index"))
    html = page.content.decode()
    assert "Breaking news" in html
    assert "Morning briefing" in html
    with _capture(execute=True):
        response = client.post(
            SUBSCRIBE,
            {"email": "b@example.org", "source": "newsletters", "newsletters": [breaking.pk]},
        )
    assert response.status_code == 200
    assert list(Subscription.objects.values_list("newsletter__name", flat=True)) == [
        "Breaking news"
    ]
    none_ticked = client.post(SUBSCRIBE, {"email": "c@example.org", "source": "newsletters"})
    assert none_ticked.status_code == 400
    assert "Tick at least one newsletter." in none_ticked.content.decode()


def test_pages_carry_the_quick_form_without_a_token(client, briefing, page_cache):
    article = make_article()
    client.get("/")
    first = client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url())
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    html = again.content.decode()
    assert "csrfmiddlewaretoken" not in html
    forms = re.findall(r'<form [^>]*action="/newsletters/subscribe/"[^>]*>', html)
    assert len(forms) == 2  # the end of the story and the footer
    assert all('data-cached-form data-token-url="/csrf-token/"' in form for form in forms)
    assert 'id="id_newsletter_article_email"' in html
    assert 'id="id_newsletter_footer_email"' in html


def test_a_cookie_less_reader_signs_up_with_the_fetched_token(briefing, mailoutbox):
    reader = Client(enforce_csrf_checks=True)
    token = reader.get("/csrf-token/").json()["token"]
    response = _post(reader, csrfmiddlewaretoken=token)
    assert response.status_code == 200
    assert len(mailoutbox) == 1


def test_a_post_without_the_token_asks_to_confirm_and_keeps_the_address(briefing, mailoutbox):
    reader = Client(enforce_csrf_checks=True)
    response = _post(reader)
    assert response.status_code == 403
    html = response.content.decode()
    assert "press the button again to confirm" in html
    assert 'value="asha@example.org"' in html
    assert not Subscriber.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is None  # the form on the page fetches it, like on a cached page
    fresh = reader.get("/csrf-token/").json()["token"]
    assert _post(reader, csrfmiddlewaretoken=fresh).status_code == 200
    assert len(mailoutbox) == 1


def test_a_wrong_token_stores_nothing(briefing, mailoutbox):
    reader = Client(enforce_csrf_checks=True)
    reader.get("/csrf-token/")
    assert _post(reader, csrfmiddlewaretoken="x" * 64).status_code == 403
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_the_consent_record_keeps_the_browser(client, briefing):
    _post(client, HTTP_USER_AGENT="Test browser")
    event = ConsentEvent.objects.get()
    assert (event.action, event.user_agent) == ("requested", "Test browser")


def test_the_quick_forms_inputs_are_rendered_without_a_template_each():
    """The quick form is in every page's footer: its inputs are newsroom's plain inputs (the
    same markup as Django's templates, see newsroom/tests/test_forms.py)."""
    from newsletters.forms import SignupForm
    from newsroom.forms import PlainInputMixin

    form = SignupForm(source="footer")
    for name in ("email", "source", "page", "website"):
        assert isinstance(form.fields[name].widget, PlainInputMixin), name
