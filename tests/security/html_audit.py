"""Find markup in a rendered page that a browser would run, or that the page should not have.

Python's html.parser is used (no extra dependency). It is not a full HTML5 parser, so the raw text
is also scanned for an unescaped `<script` or event attribute: escaped text can never contain `<`,
so these raw checks catch what a parser difference might hide.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "lowsrc",
    "dynsrc",
    "codebase",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "srcset",
    "imagesrcset",
}
# SVG animation can set an attribute (href) to a URL through these.
ANIMATION_ELEMENTS = {"animate", "set", "animatetransform", "animatemotion"}
ANIMATION_ATTRIBUTES = {"values", "to", "from", "by"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
# Raster images as data: URLs cannot run script; the CSP's img-src allows data:.
SAFE_DATA_IMAGE = re.compile(r"^data:image/(png|gif|jpeg|webp|avif)[;,]")
ALLOWED_SCRIPT_TYPES = {"application/ld+json", "importmap"}
# Elements a page may have only if its own template put them there (compared with a clean render).
WATCHED_ELEMENTS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta-http-equiv",
    "link",
    "style",
    "form",
    "svg",
    "math",
    "template",
    "noscript",
    "xmp",
    "plaintext",
    "img",
    "video",
    "audio",
    "input",
    "button",
    "textarea",
}
# Control characters and whitespace a browser ignores inside or before a URL scheme.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
RAW_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
# A start tag in the raw text, its quoted attribute values skipped over as a browser would.
RAW_TAG = re.compile(r"<[a-zA-Z][^\s/>]*((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
RAW_EVENT_ATTRIBUTE = re.compile(r"(?:^|[\s/])on[a-z]+\s*=", re.IGNORECASE)


def url_scheme_is_dangerous(value, *, tag=None, attribute=None):
    """True for javascript:, vbscript: and data: URLs, however spaced or entity-encoded.

    Attribute values arrive with entities already decoded by the parser, as a browser sees them.
    """
    compact = IGNORED_IN_SCHEME.sub("", value).lower()
    if not compact.startswith(DANGEROUS_SCHEMES):
        return False
    return not (tag == "img" and attribute == "src" and SAFE_DATA_IMAGE.match(compact))


@dataclass
class Audit:
    problems: list = field(default_factory=list)
    elements: Counter = field(default_factory=Counter)
    allowed_scripts: int = 0


class _Auditor(HTMLParser):
    def __init__(self, audit):
        super().__init__(convert_charrefs=True)
        self.audit = audit
        self.json_ld = None  # the text of the JSON-LD block being read, if any

    def handle_data(self, data):
        if self.json_ld is not None:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.json_ld is not None:
            # Structured data is inert only while it stays one JSON document: a payload that
            # broke out of it would leave invalid JSON here (and a second '<script' in the text).
            text, self.json_ld = "".join(self.json_ld), None
            try:
                json.loads(text)
            except ValueError:
                self.audit.problems.append(f"JSON-LD that is not JSON: {text[:80]!r}")

    def handle_starttag(self, tag, attrs):
        audit = self.audit
        attributes = dict(attrs)
        if tag == "script":
            if attributes.get("type") == "application/ld+json" and "src" not in attributes:
                # Data, not code: browsers never run it, and script-src does not apply.
                audit.allowed_scripts += 1
                self.json_ld = []
            elif _script_is_ours(attributes):
                audit.allowed_scripts += 1
            else:
                audit.problems.append(f"script element {attrs!r}")
        watched = "meta-http-equiv" if tag == "meta" and "http-equiv" in attributes else tag
        if watched in WATCHED_ELEMENTS:
            audit.elements[watched] += 1
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                audit.problems.append(f"event attribute {name}= on <{tag}>")
            elif name == "style":
                audit.problems.append(f"style attribute on <{tag}>")
            elif name in {"srcset", "imagesrcset"}:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url_scheme_is_dangerous(url, tag=tag, attribute="src"):
                        audit.problems.append(f"dangerous URL in {name} on <{tag}>: {value!r}")
            elif _carries_url(tag, name) and url_scheme_is_dangerous(
                value, tag=tag, attribute=name
            ):
                audit.problems.append(f"dangerous URL in {name} on <{tag}>: {value!r}")


def _carries_url(tag, name):
    return name in URL_ATTRIBUTES or (tag in ANIMATION_ELEMENTS and name in ANIMATION_ATTRIBUTES)


def _script_is_ours(attributes):
    src = attributes.get("src")
    if src is not None:
        # The policy's 'self': our static files, or a same-origin path carrying the nonce (the
        # admin's translation catalogue). Whether the page should have it is the baseline's job.
        same_origin = src.startswith("/") and not src.startswith(("//", "/\\"))
        ours = src.startswith(settings.STATIC_URL) or bool(attributes.get("nonce"))
        return same_origin and ours
    return attributes.get("type") in ALLOWED_SCRIPT_TYPES and bool(attributes.get("nonce"))


def audit_html(html):
    """Everything executable or out of place in `html`, as a list of readable problems."""
    audit = Audit()
    parser = _Auditor(audit)
    parser.feed(html)
    parser.close()
    raw_scripts = len(RAW_SCRIPT.findall(html))
    if raw_scripts != audit.allowed_scripts + sum(
        1 for problem in audit.problems if problem.startswith("script element")
    ):
        audit.problems.append(f"{raw_scripts} '<script' in the raw text, parser saw fewer")
    for tag in RAW_TAG.finditer(html):
        if RAW_EVENT_ATTRIBUTE.search(QUOTED.sub('""', tag.group(1))):
            audit.problems.append(f"event attribute in raw markup: {tag.group(0)[:80]!r}")
    return audit


def problems_against_baseline(html, baseline):
    """Problems in `html`, plus any watched element it has more of than the clean `baseline`
    (the same page rendered with a harmless value: an html string or its `audit_html`)."""
    audit = audit_html(html)
    clean = baseline if isinstance(baseline, Audit) else audit_html(baseline)
    problems = list(audit.problems)
    for element, count in audit.elements.items():
        if count > clean.elements[element]:
            problems.append(f"<{element}> x{count}, the clean page has {clean.elements[element]}")
    return problems
