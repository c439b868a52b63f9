"""What a reader sees of a page: its text outside <head>, <script>, <style> and <template>.

Assert on this, not on the raw HTML, when a test is about visible copy: the same words also sit
in metadata (JSON-LD, Open Graph, <title>), which would keep a raw-HTML assertion passing after
the visible copy is gone.
"""

from html.parser import HTMLParser

HIDDEN = {"head", "script", "style", "template", "noscript"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden_depth += 1

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self.pieces.append(data)


def visible_text(html):
    """The page's visible text, single-spaced (tags dropped, entities decoded)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.pieces).split())
