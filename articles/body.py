"""An article's body as readers see it: its sanitised text with the body images placed as figures
after their paragraphs.

The body has already been sanitised (nh3 keeps only the editor's elements and re-serialises them
well-formed), so the pieces are passed through unchanged: only where one block ends and the next
begins is worked out here.
"""

from html.parser import HTMLParser

from django.utils.safestring import mark_safe

from images.templatetags.images_tags import figure

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class _BlockSplitter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks = []
        self._current = []
        self._depth = 0

    def _emit(self, text):
        self._current.append(text)

    def _close_block_if_done(self):
        if self._depth == 0 and self._current:
            block = "".join(self._current)
            self._current = []
            if block.strip():
                self.blocks.append(block)

    def handle_starttag(self, tag, attrs):
        self._emit(self.get_starttag_text())
        if tag not in VOID_ELEMENTS:
            self._depth += 1
        else:
            self._close_block_if_done()

    def handle_startendtag(self, tag, attrs):
        self._emit(self.get_starttag_text())
        self._close_block_if_done()

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self._emit(f"</{tag}>")
        self._depth = max(0, self._depth - 1)
        self._close_block_if_done()

    def handle_data(self, data):
        self._emit(data)
        # Bare text between blocks is kept with the block that follows it.

    def handle_entityref(self, name):
        self._emit(f"&{name};")

    def handle_charref(self, name):
        self._emit(f"&#{name};")

    def handle_comment(self, data):
        pass  # the sanitiser drops comments; nothing of one reaches readers

    def close(self):
        super().close()
        self._depth = 0
        self._close_block_if_done()


def split_blocks(html):
    """The top-level blocks of `html` as strings, in order."""
    splitter = _BlockSplitter()
    splitter.feed(html or "")
    splitter.close()
    return splitter.blocks


def interleave(html, placements):
    """[("html", block) | ("figure", placement)...]: each placement after its paragraph number."""
    blocks = split_blocks(html)
    by_position = {}
    for placement in placements:
        position = min(placement.after_paragraph, len(blocks))
        by_position.setdefault(position, []).append(placement)
    pieces = [("figure", placement) for placement in by_position.get(0, [])]
    for number, block in enumerate(blocks, start=1):
        pieces.append(("html", block))
        pieces.extend(("figure", placement) for placement in by_position.get(number, []))
    return pieces


def render_body(article):
    """The article's sanitised body with its body images as library figures after their
    paragraphs (the article's own caption, else the library's)."""
    # The article page reads whether there are any with the story (has_body_images).
    if getattr(article, "has_body_images", True):
        placements = list(article.body_images.select_related("image"))
    else:
        placements = []
    if not placements:
        return mark_safe(article.body)  # sanitised with nh3 on every save
    parts = []
    for kind, piece in interleave(article.body, placements):
        if kind == "html":
            parts.append(piece)
        else:
            parts.append(figure(piece.image, caption=piece.caption, css_class="figure--body"))
    return mark_safe("".join(parts))  # sanitised blocks, escaped figures
