"""`__in` on an integer column with numbers it cannot hold: no match, never a database error."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from articles.models import Section
from articles.tests.factories import make_section

pytestmark = pytest.mark.django_db

HUGE = 99999999999999999999


def test_numbers_beyond_the_column_match_nothing_and_the_rest_still_match():
    section = make_section()
    assert list(Section.objects.filter(pk__in=[HUGE, -HUGE])) == []
    assert list(Section.objects.filter(pk__in=[HUGE, section.pk])) == [section]
    assert list(Section.objects.exclude(pk__in=[HUGE])) == [section]


def test_an_admin_form_with_a_forged_many_to_many_id_is_a_form_error(client, django_user_model):
    # Django's own group admin: no project code between the form and the lookup.
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    response = client.post(
        reverse("admin:auth_group_add"), {"name": "Desk", "permissions": [str(HUGE)]}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["permissions"]
    assert not Group.objects.filter(name="Desk").exists()
    assert Permission.objects.exists()
