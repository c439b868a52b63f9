from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import ArticleImage, Correction
from articles.tests.factories import make_author
from images.tests.factories import make_image

from .factories import api, make_article, make_client, make_key, make_section, record

pytestmark = pytest.mark.django_db

# Our own schema of what newsml.py writes (syndication/schemas/README.md).
SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "newsml-g2.xsd"
NAR = "{http://iptc.org/std/nar/2006-10-01/}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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
    assert response["Content-Type"].startswith("application/vnd.iptc.g2.newsmessage+xml")
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    return document


def _items(message):
    """(package, text item, picture items), checking each item's class agrees with its parts
    (the one thing the XSD leaves to us)."""
    item_set = message.find(f"{NAR}itemSet")
    package = item_set.find(f"{NAR}packageItem")
    text, pictures = None, []
    for item in item_set.findall(f"{NAR}newsItem"):
        item_class = item.find(f"{NAR}itemMeta/{NAR}itemClass").get("qcode")
        if item_class == "ninat:text":
            assert text is None
            assert item.find(f"{NAR}contentSet/{NAR}inlineData") is not None
            text = item
        else:
            assert item_class == "ninat:picture"
            assert item.find(f"{NAR}contentSet/{NAR}remoteContent") is not None
            assert item.find(f"{NAR}contentSet/{NAR}inlineData") is None
            pictures.append(item)
    return package, text, pictures


def test_a_story_as_valid_newsml_g2(india, subscriber, newsml_schema):
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
    message = _valid(subscriber.get(f"/api/v1/items/{article.pk}/newsml"), newsml_schema)
    package, document, pictures = _items(message)
    assert pictures == []
    assert document.get("guid").endswith(f":story:{article.pk}")
    assert document.findtext(f"{NAR}contentMeta/{NAR}headline") == "Rains & floods in Assam"
    assert document.findtext(f"{NAR}contentMeta/{NAR}urgency") == "2"
    assert document.findtext(f"{NAR}contentMeta/{NAR}located/{NAR}name") == "GUWAHATI"
    assert document.find(f"{NAR}itemMeta/{NAR}embargoed") is not None
    body = document.findtext(f"{NAR}contentSet/{NAR}inlineData")
    assert "<strong>two metres</strong>" in body
    references = package.findall(f"{NAR}groupSet/{NAR}group/{NAR}itemRef")
    assert [reference.get("residref") for reference in references] == [document.get("guid")]


def test_the_pictures_travel_as_picture_items_of_the_storys_package(
    india, subscriber, newsml_schema
):
    lead = make_image(credit="PTI/Ritu Raj", licence_note="Handout, editorial use only")
    inline = make_image(size=(300, 200), credit="Reuters", caption="The river at dusk.")
    article = make_article(
        section=india,
        headline="Floods",
        lead_image=lead,
        lead_image_caption="Boats on the Brahmaputra, Monday.",
        embargo_until=timezone.now() + timedelta(hours=1),
    )
    ArticleImage.objects.create(article=article, image=inline)
    record(article)
    message = _valid(subscriber.get(f"/api/v1/items/{article.pk}/newsml"), newsml_schema)
    package, text, pictures = _items(message)

    # The package lists the story, then its pictures, lead first, at the story's version.
    references = package.findall(f"{NAR}groupSet/{NAR}group/{NAR}itemRef")
    assert [reference.get("residref") for reference in references] == [
        text.get("guid"),
        *(picture.get("guid") for picture in pictures),
    ]
    assert [reference.findtext(f"{NAR}title") for reference in references] == [
        "Floods",
        "Boats on the Brahmaputra, Monday.",
        "The river at dusk.",
    ]
    assert {reference.get("version") for reference in references} == {"1"}

    first = pictures[0]
    assert first.get("guid").endswith(f":picture:{lead.pk}")
    assert first.findtext(f"{NAR}rightsInfo/{NAR}copyrightHolder/{NAR}name") == "PTI/Ritu Raj"
    assert first.findtext(f"{NAR}rightsInfo/{NAR}usageTerms") == "Handout, editorial use only"
    assert first.findtext(f"{NAR}contentMeta/{NAR}creditline") == "PTI/Ritu Raj"
    caption = first.find(f"{NAR}contentMeta/{NAR}description")
    assert (caption.get("role"), caption.text) == (
        "drol:caption",
        "Boats on the Brahmaputra, Monday.",
    )
    # Embargoed with the story: the picture may not be used before it either.
    assert first.findtext(f"{NAR}itemMeta/{NAR}embargoed") == text.findtext(
        f"{NAR}itemMeta/{NAR}embargoed"
    )

    renditions = first.findall(f"{NAR}contentSet/{NAR}remoteContent")
    lead.refresh_from_db()
    assert len(renditions) == len(lead.renditions) + 1
    original = renditions[-1]
    assert original.get("rendition") == "rnd:highRes"
    assert original.get("contenttype") == "image/jpeg"
    assert (original.get("width"), original.get("height")) == (str(lead.width), str(lead.height))
    assert renditions[0].get("rendition") == "rnd:thumbnail"
    assert renditions[0].get("contenttype") == "image/webp"
    # Each address is the key-checked picture endpoint, and it answers this client.
    for rendition in renditions:
        href = rendition.get("href")
        assert f"/api/v1/pictures/{lead.pk}/" in href
        assert subscriber.get("/" + href.split("://", 1)[1].split("/", 1)[1]).status_code in {
            200,
            302,
        }


def test_a_hindi_correction_and_a_kill_are_valid_too(india, subscriber, newsml_schema):
    from articles import services as article_services
    from articles.tests.factories import make_member
    from newsroom import roles

    article = make_article(section=india, headline="बाढ़ से हज़ारों बेघर", language="hi")
    record(article)
    Correction.objects.create(article=article, text="पहले संस्करण में ज़िले का नाम ग़लत था।")
    record(article)
    message = _valid(subscriber.get(f"/api/v1/items/{article.pk}/newsml"), newsml_schema)
    _package, document, _pictures = _items(message)
    assert document.get(LANG) == "hi"
    assert document.find(f"{NAR}itemMeta/{NAR}signal").get("qcode") == "sig:correction"
    first = _valid(subscriber.get(f"/api/v1/items/{article.pk}/versions/1/newsml"), newsml_schema)
    assert _items(first)[1].get("version") == "1"
    article_services.article_kill(
        actor=make_member("desk", roles.EDITOR), article=article, note="Legal."
    )
    record(article)
    killed = _valid(subscriber.get(f"/api/v1/items/{article.pk}/newsml"), newsml_schema)
    package, document, _pictures = _items(killed)
    for item in (package, document):
        assert item.find(f"{NAR}itemMeta/{NAR}pubStatus").get("qcode") == "stat:canceled"


def test_the_schema_refuses_a_missing_part_a_wrong_value_or_a_wrong_order(
    india, subscriber, newsml_schema
):
    import copy

    article = make_article(section=india, headline="Rains in Assam", lead_image=make_image())
    record(article)
    good = _valid(subscriber.get(f"/api/v1/items/{article.pk}/newsml"), newsml_schema)
    text = f"{NAR}itemSet/{NAR}newsItem"
    picture = f"{NAR}itemSet/{NAR}newsItem[2]"

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
        item = document.find(text)
        meta = item.find(f"{NAR}itemMeta")
        item.remove(meta)
        item.find(f"{NAR}contentMeta").addnext(meta)

    def set_text(path, value):
        return lambda document: setattr(document.find(path), "text", value)

    wrong = [
        broken(drop(f"{text}/{NAR}contentMeta/{NAR}headline")),
        broken(drop(f"{text}/{NAR}itemMeta/{NAR}versionCreated")),
        broken(drop(f"{text}/{NAR}contentSet")),
        broken(drop(f"{NAR}itemSet/{NAR}packageItem")),
        broken(drop(f"{NAR}itemSet/{NAR}packageItem/{NAR}groupSet")),
        broken(lambda d: d.find(f"{picture}/{NAR}contentSet").clear()),
        broken(swap_meta_and_content),
        broken(lambda d: d.find(f"{text}/{NAR}itemMeta/{NAR}pubStatus").set("qcode", "x:y")),
        broken(set_text(f"{text}/{NAR}contentMeta/{NAR}urgency", "high")),
        broken(set_text(f"{text}/{NAR}itemMeta/{NAR}versionCreated", "now")),
        broken(lambda d: d.find(text).set("version", "one")),
        broken(lambda d: d.find(text).attrib.pop(LANG)),
        broken(lambda d: d.find(f"{picture}/{NAR}contentSet/{NAR}remoteContent").set("width", "0")),
        broken(
            lambda d: d.find(f"{picture}/{NAR}contentSet/{NAR}remoteContent").attrib.pop("href")
        ),
    ]
    for number, document in enumerate(wrong):
        assert not newsml_schema.validate(document), number


def test_newsml_respects_entitlements(subscriber):
    other = make_article(section=make_section())
    record(other)
    assert subscriber.get(f"/api/v1/items/{other.pk}/newsml").status_code == 404
