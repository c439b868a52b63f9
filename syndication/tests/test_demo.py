import pytest

from .factories import api, ninjs_validator

pytestmark = pytest.mark.django_db


def test_the_demo_wire_client_key_fetches_the_changes_feed(demo_newsroom):
    key = demo_newsroom.credentials.with_name("demo-wire-key.txt").read_text().strip()
    page = api(key).get("/api/v1/changes", {"limit": 200}).json()
    assert len(page["items"]) >= 5
    validator = ninjs_validator()
    for change in page["items"]:
        validator.validate(change["item"])
    # The demo client takes India, business and sport in English and Hindi: nothing else.
    sections = {
        subject["literal"]
        for change in page["items"]
        for subject in change["item"]["subjects"]
        if subject["rel"] == "section"
    }
    assert sections <= {"india", "business", "sport"}
