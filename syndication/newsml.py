"""A version of a story as IPTC NewsML-G2 2.35 (XML), for clients whose systems want XML. Made
from the version's ninjs as it was sent, so both formats always say the same.

A story with its pictures is one `newsMessage` holding, as the standard's item model has it:
- a `packageItem` (itemClass ninat:composite) whose one group lists the story and its pictures
  by `itemRef`, in the story's order (the lead picture first);
- the story's text `newsItem` (ninat:text), the body as escaped HTML in `inlineData`;
- one picture `newsItem` (ninat:picture) per picture: credit and licence in `rightsInfo`,
  `creditline` and the caption (for this story) in `contentMeta`, and every rendition as a
  `remoteContent` with its type, size and role (rnd:highRes for the original, rnd:thumbnail
  for the smallest WebP, rnd:preview for the others), its address the key-checked
  `/api/v1/pictures/...` one. A picture item is versioned with the story that carries it.

Validated in the tests against our own XML Schema of exactly what is written here
(syndication/schemas/newsml-g2.xsd), made from the NewsML-G2 specification."""

from xml.etree import ElementTree as ET

NAR = "http://iptc.org/std/nar/2006-10-01/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STANDARD_VERSION = "2.35"
CONTENT_TYPE = "application/vnd.iptc.g2.newsmessage+xml"
ITEM_CONTENT_TYPE = "application/vnd.iptc.g2.newsitem+xml"
PACKAGE_CONTENT_TYPE = "application/vnd.iptc.g2.packageitem+xml"
# The IPTC catalog that defines the qcode schemes used below (ninat:, stat:, sig:, drol:, rnd:,
# group:).
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"

ET.register_namespace("", NAR)


def _element(parent, name, text=None, **attributes):
    element = ET.SubElement(parent, f"{{{NAR}}}{name}", {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = text
    return element


def _description(item, role):
    for description in item.get("descriptions", []):
        if description.get("role") == role:
            return description["value"]
    return ""


def _item(tag, parent, item, guid):
    attributes = {
        "guid": guid,
        "version": item.get("version", "1"),
        "standard": "NewsML-G2",
        "standardversion": STANDARD_VERSION,
        "conformance": "power",
        XML_LANG: item.get("language", "en"),
    }
    root = ET.SubElement(parent, f"{{{NAR}}}{tag}", attributes)
    _element(root, "catalogRef", href=IPTC_CATALOG)
    return root


def _rights(root, *, holder, notice, terms=""):
    rights = _element(root, "rightsInfo")
    element = _element(rights, "copyrightHolder")
    _element(element, "name", holder)
    if notice:
        _element(rights, "copyrightNotice", notice)
    if terms:
        _element(rights, "usageTerms", terms)


def _item_meta(root, item, item_class, *, story_notes=True):
    meta = _element(root, "itemMeta")
    _element(meta, "itemClass", qcode=item_class)
    _element(meta, "provider", literal=item.get("copyrightholder", "") or "wire")
    _element(meta, "versionCreated", item["versioncreated"])
    if item.get("firstcreated"):
        _element(meta, "firstCreated", item["firstcreated"])
    if item.get("embargoed"):
        _element(meta, "embargoed", item["embargoed"])
    _element(meta, "pubStatus", qcode=f"stat:{item.get('pubstatus', 'usable')}")
    if story_notes:
        if item.get("profile"):
            _element(meta, "profile", item["profile"])
        if item.get("ednote"):
            _element(meta, "edNote", item["ednote"])
        if _description(item, "correction"):
            _element(meta, "signal", qcode="sig:correction")
    return meta


def _text_item(parent, item):
    language = item.get("language", "en")
    root = _item("newsItem", parent, item, item["uri"])
    _rights(root, holder=item.get("copyrightholder", ""), notice=item.get("copyrightnotice", ""))
    _item_meta(root, item, "ninat:text")

    content = _element(root, "contentMeta")
    if item.get("urgency"):
        _element(content, "urgency", str(item["urgency"]))
    if item.get("located"):
        located = _element(content, "located")
        _element(located, "name", item["located"])
    for person in item.get("people", []):
        creator = _element(content, "creator", role="crol:author")
        _element(creator, "name", person["name"])
    _element(content, "language", tag=language)
    for subject in item.get("subjects", []):
        element = _element(
            content,
            "subject",
            type="cpnat:abstract",
            literal=f"{subject['rel']}:{subject['literal']}",
        )
        _element(element, "name", subject["name"])
    for alt in item.get("altids", []):
        if alt["role"] == "slug":
            _element(content, "slugline", alt["value"])
    for headline in item.get("headlines", []):
        _element(content, "headline", headline["value"])
    if summary := _description(item, "summary"):
        _element(content, "description", summary, role="drol:summary")
    if correction := _description(item, "correction"):
        _element(content, "description", correction, role="drol:note")
    if item.get("by"):
        _element(content, "by", item["by"])

    content_set = _element(root, "contentSet")
    for body in item.get("bodies", []):
        # The body's HTML as text (escaped), not as markup: it need not be well-formed XML.
        _element(
            content_set,
            "inlineData",
            body["value"],
            contenttype=body.get("contenttype", "text/html"),
            wordcount=str(int(body["wordcount"])) if "wordcount" in body else None,
        )
    return root


def _rendition_role(rendition, renditions):
    if rendition["name"] == "original":
        return "rnd:highRes"
    sized = [r for r in renditions if r["name"] != "original"]
    return "rnd:thumbnail" if len(sized) > 1 and rendition is sized[0] else "rnd:preview"


def _picture_item(parent, picture, story):
    """A picture of the story as its own news item, in the story's language, status and time."""
    root = _item("newsItem", parent, story, picture["uri"])
    credit = picture.get("by", "")
    _rights(
        root,
        holder=credit or story.get("copyrightholder", ""),
        notice=picture.get("copyrightnotice", ""),
        terms=picture.get("usageterms", ""),
    )
    _item_meta(root, story, "ninat:picture", story_notes=False)
    content = _element(root, "contentMeta")
    _element(content, "language", tag=story.get("language", "en"))
    if credit:
        _element(content, "creditline", credit)
    if caption := _description(picture, "caption"):
        _element(content, "description", caption, role="drol:caption")
    content_set = _element(root, "contentSet")
    renditions = picture.get("renditions", [])
    for rendition in renditions:
        _element(
            content_set,
            "remoteContent",
            href=rendition["href"],
            rendition=_rendition_role(rendition, renditions),
            contenttype=rendition.get("contenttype"),
            width=str(rendition["width"]) if rendition.get("width") else None,
            height=str(rendition["height"]) if rendition.get("height") else None,
        )
    return root


def _package_item(parent, item):
    root = _item("packageItem", parent, item, f"{item['uri']}:package")
    _rights(root, holder=item.get("copyrightholder", ""), notice=item.get("copyrightnotice", ""))
    _item_meta(root, item, "ninat:composite")
    content = _element(root, "contentMeta")
    if item.get("urgency"):
        _element(content, "urgency", str(item["urgency"]))
    _element(content, "language", tag=item.get("language", "en"))
    headline = next((h["value"] for h in item.get("headlines", [])), "")
    if headline:
        _element(content, "headline", headline)
    group_set = _element(root, "groupSet", root="main")
    group = _element(group_set, "group", id="main", role="group:main")
    references = [(item["uri"], "ninat:text", headline)]
    references += [
        (picture["uri"], "ninat:picture", _description(picture, "caption") or picture["name"])
        for picture in item.get("associations", [])
    ]
    for guid, item_class, title in references:
        reference = _element(
            group,
            "itemRef",
            residref=guid,
            version=item.get("version", "1"),
            contenttype=ITEM_CONTENT_TYPE,
        )
        _element(reference, "itemClass", qcode=item_class)
        _element(reference, "title", title)
    return root


def news_message(item, *, sent):
    """The ninjs object `item` (a StoryVersion's payload) as a NewsML-G2 newsMessage: the
    package, the story and its pictures, in bytes. `sent` is when this message is sent (ISO)."""
    root = ET.Element(f"{{{NAR}}}newsMessage")
    header = _element(root, "header")
    _element(header, "sent", sent)
    _element(header, "sender", item.get("copyrightholder", "") or "wire")
    item_set = _element(root, "itemSet")
    _package_item(item_set, item)
    _text_item(item_set, item)
    for picture in item.get("associations", []):
        _picture_item(item_set, picture, item)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
