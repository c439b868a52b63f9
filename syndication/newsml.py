"""A version of a story as an IPTC NewsML-G2 2.35 news item (XML), for clients whose systems
want XML. Made from the version's ninjs as it was sent, so both formats always say the same.

Validated in the tests against our own XML Schema of exactly what is written here
(syndication/schemas/newsml-g2.xsd), made from the NewsML-G2 specification."""

from xml.etree import ElementTree as ET

NAR = "http://iptc.org/std/nar/2006-10-01/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STANDARD_VERSION = "2.35"
CONTENT_TYPE = "application/vnd.iptc.g2.newsitem+xml"
# The IPTC catalog that defines the qcode schemes used below (ninat:, stat:, sig:, drol:).
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


def news_item(item):
    """The ninjs object `item` (a StoryVersion's payload) as a NewsML-G2 newsItem, in bytes."""
    language = item.get("language", "en")
    root = ET.Element(
        f"{{{NAR}}}newsItem",
        {
            "guid": item["uri"],
            "version": item.get("version", "1"),
            "standard": "NewsML-G2",
            "standardversion": STANDARD_VERSION,
            "conformance": "power",
            XML_LANG: language,
        },
    )
    _element(root, "catalogRef", href=IPTC_CATALOG)
    rights = _element(root, "rightsInfo")
    holder = _element(rights, "copyrightHolder")
    _element(holder, "name", item.get("copyrightholder", ""))
    if item.get("copyrightnotice"):
        _element(rights, "copyrightNotice", item["copyrightnotice"])

    meta = _element(root, "itemMeta")
    _element(meta, "itemClass", qcode="ninat:text")
    _element(meta, "provider", literal=item.get("copyrightholder", "") or "wire")
    _element(meta, "versionCreated", item["versioncreated"])
    if item.get("firstcreated"):
        _element(meta, "firstCreated", item["firstcreated"])
    if item.get("embargoed"):
        _element(meta, "embargoed", item["embargoed"])
    _element(meta, "pubStatus", qcode=f"stat:{item.get('pubstatus', 'usable')}")
    if item.get("profile"):
        _element(meta, "profile", item["profile"])
    if item.get("ednote"):
        _element(meta, "edNote", item["ednote"])
    if _description(item, "correction"):
        _element(meta, "signal", qcode="sig:correction")
    for association in item.get("associations", []):
        best = next((r for r in reversed(association.get("renditions", [])) if r.get("href")), None)
        if best:
            _element(
                meta,
                "link",
                rel="irel:seeAlso",
                href=best["href"],
                contenttype=best.get("contenttype", "image/jpeg"),
                title=_description(association, "caption") or None,
            )

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
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
