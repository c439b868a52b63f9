import re

import pytest
from django.contrib.auth.models import Group

from articles.tests.factories import make_member, make_staff
from newsroom import roles
from newsroom.models import AuditEntry
from syndication.models import ApiKey

from .factories import api, make_client, make_key, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def syndication_staff(client):
    user = make_member("wiredesk", roles.SYNDICATION)
    client.force_login(user)
    return client


def test_the_syndication_role_manages_clients_and_keys_and_nothing_editorial():
    held = {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=roles.SYNDICATION).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert {"syndication.add_client", "syndication.add_apikey", "syndication.change_apikey"} <= held
    assert "syndication.view_usageentry" in held
    assert not any(perm.startswith("articles.") and "section" not in perm for perm in held)


def test_a_new_key_is_shown_once_and_works(syndication_staff):
    section = make_section()
    wire_client = make_client(name="Coastal Times", sections=[section])
    url = f"/admin/syndication/client/{wire_client.pk}/new-key/"
    form = syndication_staff.get(url)
    assert form.status_code == 200
    response = syndication_staff.post(url, {"label": "production", "others": "keep"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    key = re.search(r'value="(nwk_[^"]+)"', response.content.decode()).group(1)
    assert api(key).get("/api/v1/changes").status_code == 200
    # Not to be seen again: the client's page shows the prefix only.
    page = syndication_staff.get(f"/admin/syndication/client/{wire_client.pk}/change/").content
    api_key = ApiKey.objects.get(client=wire_client)
    assert api_key.prefix.encode() in page
    assert key.encode() not in page
    assert AuditEntry.objects.filter(action="key created", object_id=api_key.pk).exists()


def test_rotating_from_the_admin_retires_the_old_key_later(syndication_staff):
    wire_client = make_client(sections=[make_section()])
    old, _secret = make_key(wire_client)
    syndication_staff.post(
        f"/admin/syndication/client/{wire_client.pk}/new-key/", {"label": "", "others": "24"}
    )
    old.refresh_from_db()
    assert old.state() == "retiring"


def test_revoking_from_the_admin_stops_the_key_and_is_audited(syndication_staff):
    wire_client = make_client(sections=[make_section()])
    api_key, secret = make_key(wire_client)
    response = syndication_staff.post(
        "/admin/syndication/apikey/",
        {"action": "revoke_selected", "_selected_action": [api_key.pk]},
    )
    assert response.status_code == 302
    assert api(secret).get("/api/v1/changes").status_code == 401
    assert AuditEntry.objects.filter(action="key revoked", object_id=api_key.pk).exists()


def test_a_client_needs_known_languages_and_a_readable_rate(syndication_staff):
    response = syndication_staff.post(
        "/admin/syndication/client/add/",
        {
            "name": "Bad",
            "contact_email": "a@b.example",
            "languages": ["xx"],
            "rate_limit": "lots",
            "api_keys-TOTAL_FORMS": "0",
            "api_keys-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Select a valid choice" in text
    assert "requests per period" in text


def test_staff_without_the_role_cannot_make_keys(client):
    client.force_login(make_staff("someone"))
    wire_client = make_client(sections=[make_section()])
    response = client.get(f"/admin/syndication/client/{wire_client.pk}/new-key/")
    assert response.status_code in {302, 403}
    assert not ApiKey.objects.exists()
