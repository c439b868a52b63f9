"""After signing in, each role lands where its work is (issue 20); every admin page links to the
dashboard; audit entries about donations are read only by those who may see donations."""

import pytest
from django.urls import reverse

from articles.tests.factories import make_member, make_story
from donations.tests.factories import make_appeal, make_donation
from newsroom.models import AuditEntry
from newsroom.roles import EDITOR, FUNDRAISING, MODERATOR, REPORTER
from newsroom.services import audit_record

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests"


def _sign_in(client, username, group, next_url=None):
    user = make_member(username, group)
    user.set_password(PASSWORD)
    user.save()
    login = reverse("admin:login")
    data = {"username": username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    else:
        data["next"] = reverse("admin:index")  # what the admin's sign-in form sends
    return client.post(login, data)


@pytest.mark.parametrize(
    ("group", "lands_on"),
    [
        (MODERATOR, "/dashboard/comments/"),
        (FUNDRAISING, "/dashboard/appeal/"),
        (REPORTER, "/admin/"),
        (EDITOR, "/admin/"),
    ],
)
def test_each_role_lands_where_its_work_is(client, group, lands_on):
    response = _sign_in(client, "someone", group)
    assert response.status_code == 302
    assert response["Location"] == lands_on
    assert client.get(response["Location"]).status_code == 200


def test_a_page_asked_for_wins(client):
    response = _sign_in(client, "mod", MODERATOR, next_url="/admin/comments/comment/")
    assert response["Location"] == "/admin/comments/comment/"


def test_a_wrong_password_signs_nobody_in(client):
    make_member("mod", MODERATOR)
    response = client.post(
        reverse("admin:login"),
        {"username": "mod", "password": "wrong", "next": reverse("admin:index")},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("group", [REPORTER, EDITOR, MODERATOR, FUNDRAISING])
def test_every_admin_page_links_to_the_dashboard(client, group):
    client.force_login(make_member("someone", group))
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("dashboard:index")}"' in html
    # In the house style: its own stylesheet of the admin's colour variables.
    assert "css/admin-house" in html


def test_the_sign_in_page_has_no_dashboard_link(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert f'href="{reverse("dashboard:index")}"' not in html


@pytest.fixture
def gift_entries():
    donation = make_donation(appeal=make_appeal(title="Monsoon appeal"))
    paid = audit_record(actor=None, action="marked paid", obj=donation, note="stripe event evt_1")
    story = audit_record(actor=None, action="published", obj=make_story())
    return paid, story


@pytest.mark.parametrize(
    ("group", "sees_gifts"), [(EDITOR, False), (FUNDRAISING, True), (None, True)]
)
def test_audit_entries_about_gifts_are_for_fundraising(
    client, django_user_model, gift_entries, group, sees_gifts
):
    paid, story = gift_entries
    if group is None:
        user = django_user_model.objects.create_superuser("chief", "c@example.org", "x")
    else:
        user = make_member("someone", group)
        if group == FUNDRAISING:
            # Fundraising reads the audit log only where it is given the right to.
            from django.contrib.auth.models import Permission

            user.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    client.force_login(user)
    html = client.get(reverse("admin:newsroom_auditentry_changelist")).content.decode()
    assert ("stripe event evt_1" in html) == sees_gifts
    detail = client.get(reverse("admin:newsroom_auditentry_change", args=[paid.pk]))
    assert (detail.status_code == 200) == sees_gifts
    if group == EDITOR:
        assert story.object_repr in html
        dashboard = client.get(reverse("dashboard:audit")).content.decode()
        assert "stripe event evt_1" not in dashboard
        assert story.object_repr in dashboard
        assert AuditEntry.objects.count() == 2
