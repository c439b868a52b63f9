from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from syndication import selectors, services
from syndication.models import StoryVersion, UsageEntry

from .factories import (
    api,
    make_article,
    make_client,
    make_key,
    make_section,
    ninjs_validator,
    record,
)

pytestmark = pytest.mark.django_db

CHANGES = "/api/v1/changes"


@pytest.fixture
def india():
    return make_section(name="India", slug="india")


@pytest.fixture
def world():
    return make_section(name="World", slug="world")


@pytest.fixture
def subscriber(india):
    client = make_client(name="Deccan Daily", sections=[india], languages=["en"])
    _api_key, secret = make_key(client)
    return api(secret)


def _publish(**fields):
    article = make_article(**fields)
    record(article)
    return article


def _headlines(page):
    return [change["item"]["headlines"][0]["value"] for change in page["items"]]


def test_a_saved_story_reaches_the_feed_once_its_transaction_commits(
    india, subscriber, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(section=india, headline="Monsoon reaches Kerala")
    page = subscriber.get(CHANGES).json()
    assert _headlines(page) == ["Monsoon reaches Kerala"]
    assert page["items"][0]["action"] == "publish"


def test_the_feed_is_valid_ninjs_with_what_a_desk_needs(india, subscriber):
    from articles.tests.factories import make_author

    author = make_author(name="Asha Rao")
    article = make_article(
        section=india,
        headline="Monsoon reaches Kerala",
        standfirst="Three days early.",
        body="<p>The rains came.</p>",
        dateline_place="THIRUVANANTHAPURAM",
        urgency=3,
        authors=[author],
        tags=["Weather"],
    )
    record(article)
    item = subscriber.get(CHANGES).json()["items"][0]["item"]
    ninjs_validator().validate(item)
    assert item["uri"].endswith(f":story:{article.pk}")
    assert item["version"] == "1"
    assert item["urgency"] == 3
    assert item["language"] == "en"
    assert item["by"] == "Asha Rao"
    assert item["located"] == "THIRUVANANTHAPURAM"
    assert item["descriptions"] == [{"role": "summary", "value": "Three days early."}]
    assert item["bodies"][0]["value"] == "<p>The rains came.</p>"
    assert {"name": "India", "rel": "section", "literal": "india"} in item["subjects"]
    assert any(subject["name"] == "Weather" for subject in item["subjects"])
    assert "embargoed" not in item


def test_every_item_validates_against_our_ninjs_schema_even_with_pictures(india, subscriber):
    from images.models import Image

    image = Image.objects.create(
        file="images/originals/x.jpg",
        alt_text="Clouds over the coast",
        caption="Clouds gather over Kovalam.",
        credit="PTI",
        width=1600,
        height=1000,
        renditions=[{"width": 480, "height": 300, "name": "images/renditions/x-480.jpg"}],
    )
    record(make_article(section=india, lead_image=image, lead_image_caption="Kovalam, Monday."))
    item = subscriber.get(CHANGES).json()["items"][0]["item"]
    ninjs_validator().validate(item)
    picture = item["associations"][0]
    assert picture["name"] == "featureimage"
    assert picture["type"] == "picture"
    assert picture["by"] == "PTI"
    assert {"role": "caption", "value": "Kovalam, Monday."} in picture["descriptions"]
    assert picture["renditions"][0]["href"].endswith(f"/api/v1/pictures/{image.pk}/w480")
    assert picture["renditions"][0]["contenttype"] == "image/webp"
    assert picture["renditions"][-1]["contenttype"] == "image/jpeg"
    assert picture["renditions"][0]["width"] == 480


def test_the_schema_catches_a_wrong_type_a_missing_field_or_an_unknown_one(india, subscriber):
    # The validation above is worth something only if the schema refuses a malformed item.
    import copy

    from articles.tests.factories import make_author

    record(
        make_article(
            section=india,
            authors=[make_author(name="Asha Rao")],
            dateline_place="PUNE",
            embargo_until=timezone.now() + timedelta(hours=1),
        )
    )
    good = subscriber.get(CHANGES).json()["items"][0]["item"]
    validator = ninjs_validator()
    validator.validate(good)

    def broken(change):
        item = copy.deepcopy(good)
        change(item)
        return item

    wrong = [
        broken(lambda item: item.update(urgency="high")),
        broken(lambda item: item.update(urgency=10)),
        broken(lambda item: item.update(version=2)),
        broken(lambda item: item.update(pubstatus="gone")),
        broken(lambda item: item.update(embargoed="tomorrow")),
        broken(lambda item: item.update(headline="not a ninjs field")),
        broken(lambda item: item.pop("headlines")),
        broken(lambda item: item.pop("uri")),
        broken(lambda item: item.pop("versioncreated")),
        broken(lambda item: item["bodies"][0].pop("contenttype")),
        broken(lambda item: item["bodies"][0].update(wordcount="12")),
        broken(lambda item: item.update(subjects=[{"name": "X", "rel": "tag", "literal": "x"}])),
        broken(lambda item: item["people"][0].update(name=None)),
    ]
    for item in wrong:
        assert not validator.is_valid(item), item


def test_cursor_pages_through_everything_once_in_order(india, subscriber):
    stories = [_publish(section=india, headline=f"Story {n}") for n in range(5)]
    seen, cursor = [], ""
    while True:
        page = subscriber.get(CHANGES, {"since": cursor, "limit": 2}).json()
        seen += _headlines(page)
        cursor = page["next"]
        if not page["more"]:
            break
    assert seen == [story.headline for story in stories]
    # Asking again with the last cursor: nothing new, and the same cursor back.
    again = subscriber.get(CHANGES, {"since": cursor}).json()
    assert again["items"] == []
    assert again["next"] == cursor
    # An update is a new version, after everything else.
    stories[1].headline = "Story 1, updated"
    stories[1].save()
    record(stories[1])
    page = subscriber.get(CHANGES, {"since": cursor}).json()
    assert _headlines(page) == ["Story 1, updated"]
    assert page["items"][0]["action"] == "update"
    assert page["items"][0]["item"]["version"] == "2"


def test_saving_without_a_change_makes_no_new_version(india, subscriber):
    article = _publish(section=india)
    article.save()
    record(article)
    assert StoryVersion.objects.filter(story_id=article.pk).count() == 1


def test_a_client_never_sees_a_section_or_language_it_does_not_take(india, world, subscriber):
    _publish(section=india, headline="Ours")
    _publish(section=world, headline="Other section")
    hindi = _publish(section=india, headline="दूसरी भाषा", language="hi")
    other = _publish(section=world, headline="Other section again")
    assert _headlines(subscriber.get(CHANGES).json()) == ["Ours"]
    assert subscriber.get(f"/api/v1/items/{hindi.pk}").status_code == 404
    assert subscriber.get(f"/api/v1/items/{other.pk}/versions").status_code == 404


def test_a_story_moved_out_of_a_clients_section_stops_there(india, world, subscriber):
    article = _publish(section=india, headline="Moves")
    article.section = world
    article.save()
    record(article)
    versions = subscriber.get(f"/api/v1/items/{article.pk}/versions").json()
    assert [change["item"]["version"] for change in versions] == ["1"]


def test_single_item_with_every_version(india, subscriber):
    article = _publish(section=india, headline="First words")
    article.headline = "Second words"
    article.save()
    record(article)
    latest = subscriber.get(f"/api/v1/items/{article.pk}").json()
    assert latest["headlines"][0]["value"] == "Second words"
    assert latest["version"] == "2"
    versions = subscriber.get(f"/api/v1/items/{article.pk}/versions").json()
    assert [v["item"]["headlines"][0]["value"] for v in versions] == [
        "First words",
        "Second words",
    ]
    first = subscriber.get(f"/api/v1/items/{article.pk}/versions/1").json()
    assert first["headlines"][0]["value"] == "First words"
    assert subscriber.get(f"/api/v1/items/{article.pk}/versions/9").status_code == 404


def test_a_scheduled_story_waits_for_its_time_without_a_timer(india, subscriber):
    future = timezone.now() + timedelta(hours=2)
    article = _publish(section=india, headline="Later", publish_at=future)
    assert _headlines(subscriber.get(CHANGES).json()) == []
    # Its time comes (nothing runs in between): the next request releases it.
    past = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=article.pk).update(publish_at=past)
    StoryVersion.objects.filter(story_id=article.pk).update(available_at=past)
    assert _headlines(subscriber.get(CHANGES).json()) == ["Later"]


def test_a_story_taken_back_to_draft_before_its_time_never_goes_out(india, subscriber):
    article = _publish(section=india, publish_at=timezone.now() + timedelta(hours=1))
    article.status = Article.Status.DRAFT
    article.publish_at = None
    article.save()
    record(article)
    assert not StoryVersion.objects.filter(story_id=article.pk).exists()


def test_a_bad_cursor_is_a_clear_400(subscriber):
    for cursor in ("nonsense", "YzEueHh4", "%%%", "Yz" * 200):
        response = subscriber.get(CHANGES, {"since": cursor})
        assert response.status_code == 400, cursor
        assert "cursor" in response.json()["detail"]
    assert subscriber.get(CHANGES, {"limit": 0}).status_code == 422


def test_without_a_key_or_with_a_wrong_one_nothing_is_served(india):
    _publish(section=india)
    from django.test import Client as HttpClient

    assert HttpClient().get(CHANGES).status_code == 401
    assert api("nwk_000000000000_" + "x" * 43).get(CHANGES).status_code == 401
    assert api("not a key").get(CHANGES).status_code == 401


def test_bearer_header_works_too(india):
    from django.test import Client as HttpClient

    client = make_client(sections=[india])
    _key, secret = make_key(client)
    response = HttpClient(headers={"Authorization": f"Bearer {secret}"}).get(CHANGES)
    assert response.status_code == 200


def test_a_revoked_key_stops_at_once(india):
    client = make_client(sections=[india])
    api_key, secret = make_key(client)
    assert api(secret).get(CHANGES).status_code == 200
    services.api_key_revoke(api_key=api_key, actor=None)
    assert api(secret).get(CHANGES).status_code == 401


def test_an_inactive_client_is_refused(india):
    client = make_client(sections=[india])
    _key, secret = make_key(client)
    client.is_active = False
    client.save()
    assert api(secret).get(CHANGES).status_code == 401


def test_rotation_keeps_the_old_key_until_its_end(india):
    client = make_client(sections=[india])
    old, old_secret = make_key(client)
    new, new_secret = make_key(client, retire_others_after=timedelta(hours=24))
    old.refresh_from_db()
    assert old.expires_at is not None
    assert new.expires_at is None
    assert api(old_secret).get(CHANGES).status_code == 200
    assert api(new_secret).get(CHANGES).status_code == 200
    old.expires_at = timezone.now() - timedelta(seconds=1)
    old.save()
    assert api(old_secret).get(CHANGES).status_code == 401
    assert api(new_secret).get(CHANGES).status_code == 200


def test_keys_are_stored_hashed(india):
    client = make_client(sections=[india])
    api_key, secret = make_key(client)
    api_key.refresh_from_db()
    assert secret not in {api_key.secret_hash, api_key.prefix}
    assert api_key.prefix in secret


def test_rate_limit_per_key(india):
    client = make_client(sections=[india], rate_limit="3/m")
    _first, first_secret = make_key(client)
    _second, second_secret = make_key(client)
    first = api(first_secret)
    assert [first.get(CHANGES).status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get(CHANGES)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert api(second_secret).get(CHANGES).status_code == 200


def test_the_usage_log_says_who_took_which_story(india, subscriber):
    article = _publish(section=india)
    subscriber.get(CHANGES)
    subscriber.get(f"/api/v1/items/{article.pk}")
    entries = list(UsageEntry.objects.order_by("id"))
    assert [(entry.client.name, entry.version.story_id, entry.via) for entry in entries] == [
        ("Deccan Daily", article.pk, "changes"),
        ("Deccan Daily", article.pk, "item"),
    ]


def test_cursors_are_opaque_and_round_trip():
    assert selectors.decode_cursor(selectors.encode_cursor(12345)) == 12345
    assert "12345" not in selectors.encode_cursor(12345)


def test_openapi_document_and_docs_page():
    from django.test import Client as HttpClient

    schema = HttpClient().get("/api/v1/openapi.json").json()
    assert "/api/v1/changes" in schema["paths"]
    assert {"KeyHeader", "KeyBearer"} <= set(schema["components"]["securitySchemes"])
    docs = HttpClient().get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Strict CSP: the page's scripts are files; its one inline block is JSON data.
    assert "<script>" not in html.replace(" ", "")
    assert "Content-Security-Policy" in docs.headers


def test_an_embargoed_story_reaches_clients_at_once_marked_embargoed(india, subscriber, client):
    lifts = timezone.now() + timedelta(hours=3)
    article = _publish(section=india, headline="Under embargo", embargo_until=lifts)
    item = subscriber.get(CHANGES).json()["items"][0]["item"]
    ninjs_validator().validate(item)
    assert item["headlines"][0]["value"] == "Under embargo"
    assert item["embargoed"] == lifts.astimezone(UTC).replace(microsecond=0).isoformat()
    # The public does not see it.
    assert client.get(article.get_absolute_url()).status_code == 404
    # Lifting the embargo early: a new version, no longer marked.
    article.embargo_until = None
    article.save()
    record(article)
    latest = subscriber.get(f"/api/v1/items/{article.pk}").json()
    assert "embargoed" not in latest
    assert latest["version"] == "2"


def test_a_correction_reaches_clients_as_a_corrected_version(
    india, subscriber, django_capture_on_commit_callbacks
):
    # Corrections are rows of their own (issue 20): adding one records a "correct" version.
    article = _publish(section=india, headline="Vote story")
    cursor = subscriber.get(CHANGES).json()["next"]
    with django_capture_on_commit_callbacks(execute=True):
        article.corrections.create(text="An earlier version gave the wrong date.")
    page = subscriber.get(CHANGES, {"since": cursor}).json()
    assert [change["action"] for change in page["items"]] == ["correct"]
    descriptions = page["items"][0]["item"]["descriptions"]
    assert {
        "role": "correction",
        "value": "An earlier version gave the wrong date.",
    } in descriptions


def test_wrong_keys_are_limited_per_address_without_touching_good_ones(india, subscriber):
    from django.test import Client as HttpClient

    from syndication.api import REFUSED_KEYS_RATE

    limit = int(REFUSED_KEYS_RATE.split("/")[0])
    guesser = api("nwk_abcdefgh_" + "x" * 43)
    assert {guesser.get(CHANGES).status_code for _ in range(limit)} == {401}
    refused = guesser.get(CHANGES)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert HttpClient().get(CHANGES).status_code == 429  # no key at all counts the same
    # A valid key from the same address is not held back by others' wrong ones.
    assert subscriber.get(CHANGES).status_code == 200


def test_firstcreated_is_when_the_story_first_went_out(india, subscriber):
    first_out = timezone.now() - timedelta(days=2)
    article = _publish(
        section=india,
        first_published_at=first_out,
        publish_at=timezone.now() - timedelta(minutes=5),
    )
    item = subscriber.get(f"/api/v1/items/{article.pk}").json()
    assert item["firstcreated"] == first_out.astimezone(UTC).replace(microsecond=0).isoformat()
