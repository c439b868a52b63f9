"""Every admin list's date filters (its date hierarchy and its date list filters) answer any
value typed into the address, however far outside the calendar or malformed, with the list (a
message says the filter was wrong) or the plain list, never a 500, on SQLite and PostgreSQL."""

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

# What the date list filters send (field__gte, field__lt), typed by hand.
RANGE_VALUES = [
    "0001-01-01",  # year 1 in the site's zone (east of UTC) is before year 1 in UTC
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",  # after year 9999 in UTC
    "2026-02-30",
    "not a date",
    "\x00",
]
# Any other comparison a reader could type.
OTHER_LOOKUPS = ["lte", "gt", "exact", "date"]
OTHER_VALUES = ["0001-01-01", "x"]
HIERARCHY_QUERIES = [
    {"year": "1", "month": "1", "day": "1"},
    {"year": "9999"},
    {"year": "9999", "month": "12", "day": "31"},
    {"year": "0"},
    {"year": "99999999999999999999"},
    {"year": "2026", "month": "2", "day": "30"},
]


@pytest.fixture
def chief(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "x")


def _date_fields(model_admin, user):
    """The date fields an admin's list filters on: its date hierarchy and its date list filters."""
    request = RequestFactory().get("/")
    request.user = user
    fields = set()
    if model_admin.date_hierarchy:
        fields.add(model_admin.date_hierarchy)
    for spec in model_admin.get_list_filter(request):
        name = spec[0] if isinstance(spec, (list, tuple)) else spec
        if not isinstance(name, str):
            continue
        try:
            field = model_admin.model._meta.get_field(name.split("__")[0])
        except FieldDoesNotExist:  # a filter on a related model's field
            continue
        if isinstance(field, (models.DateField, models.DateTimeField)):
            fields.add(name)
    return sorted(fields)


def _admins_with_date_filters(user):
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if _date_fields(model_admin, user)
    ]


def test_there_are_admins_with_date_filters_to_check(chief):
    # The loop below must have something to check: the stories' list at least.
    labels = {model._meta.label for model, _admin in _admins_with_date_filters(chief)}
    assert "articles.Article" in labels
    assert len(labels) >= 5


def _queries(model_admin, user):
    for field in _date_fields(model_admin, user):
        for lookup in ("gte", "lt"):
            for value in RANGE_VALUES:
                yield {f"{field}__{lookup}": value}
        for lookup in OTHER_LOOKUPS:
            for value in OTHER_VALUES:
                yield {f"{field}__{lookup}": value}
        if field == model_admin.date_hierarchy:
            for query in HIERARCHY_QUERIES:
                yield {f"{field}__{part}": value for part, value in query.items()}


def test_no_date_filter_value_is_a_500_on_any_admin_list(client, chief):
    client.force_login(chief)
    checked = 0
    for model, model_admin in _admins_with_date_filters(chief):
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for query in _queries(model_admin, chief):
            try:
                response = client.get(url, query)
            except Exception as error:  # the test client re-raises what would be a 500
                pytest.fail(f"{url} {query}: {type(error).__name__}: {error}")
            assert response.status_code in (200, 302, 400), (url, query, response.status_code)
            if response.status_code == 302:
                assert response["Location"].endswith("?e=1"), (url, query)
            checked += 1
    assert checked > 100


def test_the_plain_list_says_why_the_filter_was_dropped(client, chief):
    client.force_login(chief)
    response = client.get("/admin/articles/article/", {"publish_at__lt": "0001-01-01"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("?e=1")
    assert "That filter could not be applied" in response.content.decode()
