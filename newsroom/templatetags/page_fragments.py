"""`{% page_fragment %}`: Django's `{% cache %}` for a part of one page that changes with the
page's own tags ("article:<slug>": the story's edits), not only with the site.

    {% load page_fragments %}
    {% page_fragment 3600 story-header article.pk %}...{% endpage_fragment %}

The key is the `{% cache %}` key (the site's generations and the page's language,
newsroom.cache.fragment_key) plus the generations of the page's own tags (page_version, read in
the same round trip), so an edit of the story drops its fragments and no other page's. Its name
in the cache stays the same across edits, so a page's fragments are still read in one round
trip after one (newsroom.cache_backends.BatchedFragmentsMixin). A view
that renders something no reader may see (a preview, a pending update) sets `fragments_off` in
its context: the part is then rendered, never read from or written to the cache."""

from django import template
from django.templatetags.cache import CacheNode

from newsroom.cache import PAGE_FRAGMENT_PREFIX

register = template.Library()

# How long a story's parts are kept (its edits drop them sooner), the same for all of them, so a
# page's misses are written in one round trip.
STORY_FRAGMENT_SECONDS = 3600


class PageFragmentNode(CacheNode):
    def render(self, context):
        if context.get("fragments_off"):
            return self.nodelist.render(context)
        return super().render(context)


@register.tag
def page_fragment(parser, token):
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 3:
        raise template.TemplateSyntaxError(
            f"{tokens[0]!r} takes a lifetime in seconds, a name and any values it varies on"
        )
    return PageFragmentNode(
        nodelist,
        parser.compile_filter(tokens[1]),
        # The prefix tells newsroom.cache.fragment_key to add the page's own generations.
        f"{PAGE_FRAGMENT_PREFIX}{tokens[2]}",
        [parser.compile_filter(token) for token in tokens[3:]],
        None,
    )
