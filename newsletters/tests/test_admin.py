import json
import re

import pytest
from django.urls import reverse

from articles.tests.factories import make_article, make_member, make_staff
from donations.models import Donation
from donations.tests.factories import make_donation
from newsletters.models import Issue, Newsletter, Subscriber
from newsroom import roles
from newsroom.models import AuditEntry
from ticker.tests.factories import make_item

from .factories import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def breaking(db):
    return make_newsletter(name="Breaking news", kind=Newsletter.Kind.BREAKING)


@pytest.fixture
def desk(client):
    editor = make_member("desk", roles.EDITOR)
    client.force_login(editor)
    return client


def _send_press(client, issue, capture):
    with capture(execute=True):
        return client.post(reverse("admin:newsletters_issue_send", args=[issue.pk]))


def test_breaking_from_a_story_in_two_clicks(
    desk, breaking, mailoutbox, django_capture_on_commit_callbacks
):
    make_subscriber("asha@example.org", newsletters=[breaking])
    story = make_article(headline="Earthquake in Assam")
    # Click one: the action on the story list makes a draft and opens it.
    response = desk.post(
        reverse("admin:articles_article_changelist"),
        {"action": "send_as_breaking_news", "_selected_action": [story.pk]},
    )
    issue = Issue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:newsletters_issue_change", args=[issue.pk])
    page = desk.get(response["Location"])
    html = page.content.decode()
    assert "Send now to 1 reader" in html
    assert reverse("admin:newsletters_issue_preview", args=[issue.pk]) in html
    # Click two: send.
    sent = _send_press(desk, issue, django_capture_on_commit_callbacks)
    assert sent.status_code == 302
    [message] = mailoutbox
    assert message.subject == "Breaking: Earthquake in Assam"
    assert story.get_absolute_url() in message.body
    assert AuditEntry.objects.filter(action="sent", object_id=issue.pk).exists()


def test_breaking_from_a_ticker_item(
    desk, breaking, mailoutbox, django_capture_on_commit_callbacks
):
    make_subscriber(newsletters=[breaking])
    item = make_item(text="Polls close in Bihar", url="https://example.org/bihar")
    response = desk.post(
        reverse("admin:ticker_tickeritem_changelist"),
        {"action": "send_as_breaking_news", "_selected_action": [item.pk]},
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    _send_press(desk, issue, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.subject == "Breaking: Polls close in Bihar"
    assert "https://example.org/bihar" in message.body


def test_the_preview_is_the_email_under_its_own_narrow_policy(desk, breaking):
    story = make_article(headline="Earthquake in Assam")
    issue = Issue.objects.create(newsletter=breaking, subject="Breaking")
    issue.placements.create(article=story)
    response = desk.get(reverse("admin:newsletters_issue_preview", args=[issue.pk]))
    assert response.status_code == 200
    assert "Earthquake in Assam" in response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy
    assert "sandbox" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_reporter_cannot_send(client, breaking):
    issue = Issue.objects.create(newsletter=breaking, subject="Breaking")
    client.force_login(make_member("reporter", roles.REPORTER))
    response = client.post(reverse("admin:newsletters_issue_send", args=[issue.pk]))
    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_fundraising_sees_who_gave_and_editors_do_not(client, breaking):
    make_subscriber("donor@example.org", newsletters=[breaking])
    make_subscriber("reader@example.org", newsletters=[breaking])
    make_donation(email="donor@example.org", status=Donation.Status.PAID)
    make_donation(email="reader@example.org", status=Donation.Status.PENDING)
    url = reverse("admin:newsletters_subscriber_changelist")
    client.force_login(make_member("fundraiser", roles.FUNDRAISING))
    page = client.get(url + "?gave=yes")
    html = page.content.decode()
    assert "has given" in html
    assert "donor@example.org" in html
    assert "reader@example.org" not in html
    client.force_login(make_member("editor", roles.EDITOR))
    assert client.get(url).status_code == 403


def test_export_and_erasure_are_audited_and_complete(client, breaking):
    admin_user = make_staff("dpo", is_superuser=True)
    client.force_login(admin_user)
    reader = make_subscriber("asha@example.org", newsletters=[breaking])
    url = reverse("admin:newsletters_subscriber_changelist")
    export = client.post(url, {"action": "export_data", "_selected_action": [reader.pk]})
    assert export["Content-Type"] == "application/json"
    [data] = json.loads(export.content)
    assert data["email"] == "asha@example.org"
    assert data["subscriptions"][0]["newsletter"] == "Breaking news"
    assert AuditEntry.objects.filter(action="exported", object_id=reader.pk).exists()
    confirm = client.post(url, {"action": "erase_data", "_selected_action": [reader.pk]})
    assert "Yes, erase them" in confirm.content.decode()
    assert Subscriber.objects.exists()
    client.post(url, {"action": "erase_data", "_selected_action": [reader.pk], "confirmed": "yes"})
    assert not Subscriber.objects.exists()
    entry = AuditEntry.objects.get(action="erased")
    assert "asha" not in entry.object_repr + entry.note
    assert not re.search("asha@example.org", str(list(AuditEntry.objects.values())))


def test_an_editor_writes_an_issue_in_the_admin(desk, breaking):
    add = reverse("admin:newsletters_issue_add")
    assert desk.get(add).status_code == 200
    story = make_article(headline="Floods in Assam")
    response = desk.post(
        add,
        {
            "newsletter": breaking.pk,
            "subject": "Floods: what we know",
            "intro": "Our reporters are on the ground.",
            "include_appeal": "on",
            "placements-TOTAL_FORMS": "1",
            "placements-INITIAL_FORMS": "0",
            "placements-MIN_NUM_FORMS": "0",
            "placements-MAX_NUM_FORMS": "1000",
            "placements-0-position": "0",
            "placements-0-article": story.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = Issue.objects.get()
    assert list(issue.articles.all()) == [story]
    assert AuditEntry.objects.filter(action="created", object_id=issue.pk).exists()
    change = desk.get(reverse("admin:newsletters_issue_change", args=[issue.pk]))
    assert change.status_code == 200
    assert "Preview and send" in change.content.decode()


def test_fundraising_answers_data_requests_and_the_desk_cannot(client, breaking):
    reader = make_subscriber("asha@example.org", newsletters=[breaking])
    url = reverse("admin:newsletters_subscriber_changelist")
    # The desk sees no subscriber list at all, so neither action.
    client.force_login(make_member("editor", roles.EDITOR))
    assert (
        client.post(url, {"action": "export_data", "_selected_action": [reader.pk]}).status_code
        == 403
    )
    fundraiser = make_member("fundraiser", roles.FUNDRAISING)
    client.force_login(fundraiser)
    listing = client.get(url).content.decode()
    assert "Export the selected readers" in listing
    assert "Erase the selected readers" in listing
    export = client.post(url, {"action": "export_data", "_selected_action": [reader.pk]})
    assert export["Content-Type"] == "application/json"
    assert json.loads(export.content)[0]["email"] == "asha@example.org"
    exported = AuditEntry.objects.get(action="exported", object_id=reader.pk)
    assert exported.actor == fundraiser
    client.post(url, {"action": "erase_data", "_selected_action": [reader.pk], "confirmed": "yes"})
    assert not Subscriber.objects.exists()
    assert AuditEntry.objects.get(action="erased").actor == fundraiser


def test_a_role_without_the_permission_is_not_offered_the_actions(client, breaking):
    from django.contrib.auth.models import Permission

    reader = make_subscriber("asha@example.org", newsletters=[breaking])
    url = reverse("admin:newsletters_subscriber_changelist")
    viewer = make_staff("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    client.force_login(viewer)
    assert "Export the selected readers" not in client.get(url).content.decode()
    response = client.post(url, {"action": "export_data", "_selected_action": [reader.pk]})
    assert response.get("Content-Type", "").startswith("text/html")
    assert not AuditEntry.objects.filter(action="exported").exists()
    client.post(url, {"action": "erase_data", "_selected_action": [reader.pk], "confirmed": "yes"})
    assert Subscriber.objects.filter(pk=reader.pk).exists()
