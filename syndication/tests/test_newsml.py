from pathlib import Path

import pytest
from lxml import etree

from articles.models import Correction

from .factories import api, make_article, make_client, make_key, make_section, record

pytestmark = pytest.mark.django_db

# Our own schema of what newsml.py writes (syndication/schemas/README.md).
SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "newsml-g2.xsd"
NAR = "{http://iptc.org/std/nar/2006-10-01/}"


@pytest.fixture(scope="module")
def newsml_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture
def india():
    return make_section(name="India", slug="india")


@pytest.fixture
def subscriber(india):
    _key, secret = make_key(make_client(sections=[india], languages=["en", "hi"]))
    return api(secret)


def _valid(response, schema):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.iptc.g2.newsitem+xml")
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    return document


def test_a_story_as_valid_newsml_g2(india, subscriber, newsml_schema):
    from datetime import timedelta

    from django.utils import timezone

    from articles.tests.factories import make_author

    article = make_article(
        section=india,
        headline="Rains & floods in Assam",
        body="<p>Water rose <strong>two metres</strong>.<br></p>",
        standfirst="Thousands moved.",
        dateline_place="GUWAHATI",
        urgency=2,
        authors=[make_author(name="Bina Das")],
        embargo_until=timezone.now() + timedelta(hours=1),
    )
    record(article)
    document = _valid(subscriber.get(f"/api/v1/items/{article.pk}/newsml"), newsml_schema)
    assert document.get("guid").endswith(f":story:{article.pk}")
    assert document.findtext(f"{NAR}contentMeta/{NAR}headline") == "Rains & floods in Assam"
    assert document.findtext(f"{NAR}contentMeta/{NAR}urgency") == "2"
    assert document.findtext(f"{NAR}contentMeta/{NAR}located/{NAR}name") == "GUWAHATI"
    assert document.find(f"{NAR}itemMeta/{NAR}embargoed") is not None
    body = document.findtext(f"{NAR}contentSet/{NAR}inlineData")
    assert "<strong>two metres</strong>" in body


def test_a_hindi_correction_and_a_kill_are_valid_too(india, subscriber, newsml_schema):
    article = make_article(section=india, headline="बाढ़ से हज़ारों बेघर", language="hi")
    record(article)
    Correction.objects.create(article=article, text="पहले संस्करण में ज़िले का नाम ग़लत था।")
    record(article)
    document = _valid(subscriber.get(f"/api/v1/items/{article.pk}/newsml"), newsml_schema)
    assert document.get("{http://www.w3.org/XML/1998/namespace}lang") == "hi"
    assert document.find(f"{NAR}itemMeta/{NAR}signal").get("qcode") == "sig:correction"
    first = _valid(subscriber.get(f"/api/v1/items/{article.pk}/versions/1/newsml"), newsml_schema)
    assert first.get("version") == "1"


def test_the_schema_refuses_a_missing_part_a_wrong_value_or_a_wrong_order(
    india, subscriber, newsml_schema
):
    import copy

    article = make_article(section=india, headline="Rains in Assam")
    record(article)
    good = _valid(subscriber.get(f"/api/v1/items/{article.pk}/newsml"), newsml_schema)

    def broken(change):
        document = copy.deepcopy(good)
        change(document)
        return document

    def drop(path):
        def change(document):
            element = document.find(path)
            element.getparent().remove(element)

        return change

    def swap_meta_and_content(document):
        meta = document.find(f"{NAR}itemMeta")
        document.remove(meta)
        document.find(f"{NAR}contentMeta").addnext(meta)

    wrong = [
        broken(drop(f"{NAR}contentMeta/{NAR}headline")),
        broken(drop(f"{NAR}itemMeta/{NAR}versionCreated")),
        broken(drop(f"{NAR}contentSet")),
        broken(swap_meta_and_content),
        broken(lambda d: d.find(f"{NAR}itemMeta/{NAR}pubStatus").set("qcode", "stat:gone")),
        broken(lambda d: d.find(f"{NAR}contentMeta/{NAR}urgency").__setattr__("text", "high")),
        broken(lambda d: d.set("version", "one")),
        broken(lambda d: d.attrib.pop("{http://www.w3.org/XML/1998/namespace}lang")),
        broken(lambda d: d.find(f"{NAR}itemMeta/{NAR}versionCreated").__setattr__("text", "now")),
    ]
    for document in wrong:
        assert not newsml_schema.validate(document)


def test_newsml_respects_entitlements(subscriber):
    other = make_article(section=make_section())
    record(other)
    assert subscriber.get(f"/api/v1/items/{other.pk}/newsml").status_code == 404
