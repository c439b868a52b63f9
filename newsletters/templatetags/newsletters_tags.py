from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from newsroom.clock import hindi_time
from newsroom.languages import current_language

from ..forms import QUICK_SOURCES, SignupForm

register = template.Library()

# A page may carry two of these (a story's end and the footer): each region has its own name.
HEADINGS = {
    "footer": gettext_lazy("Newsletter"),
    "article": gettext_lazy("Get our newsletter"),
    "support": gettext_lazy("Hear from us by e-mail"),
}


# Where the page's own address goes in the kept form (never a path: paths start with "/").
PAGE_HERE = "@page@"
SIGNUP_FRAGMENT_SECONDS = 3600


@register.simple_tag(takes_context=True)
def newsletter_signup(context, source):
    """The quick sign-up form (an address, the lists offered by default) for a cached page:
    `{% newsletter_signup "footer" %}`, "article" or "support". It reads nothing from the
    database. Kept as a fragment per form and language (keyed on the site's generations,
    newsroom.cache.fragment_key), with the page's address put in on each render, so a page's
    first render after an edit does not build the form again."""
    if source not in QUICK_SOURCES:
        raise template.TemplateSyntaxError(f"newsletter_signup: unknown source {source!r}")
    fragments = caches["template_fragments"]
    key = make_template_fragment_key("newsletter-signup", [source])
    html = fragments.get(key)
    if html is None:
        form = SignupForm(source=source, initial={"page": PAGE_HERE})
        html = render_to_string(
            "newsletters/_signup.html",
            {"form": form, "source": source, "heading": HEADINGS[source]},
        )
        fragments.set(key, html, SIGNUP_FRAGMENT_SECONDS)
    request = context.get("request")
    page = escape(request.path) if request is not None else ""
    # Our template's output, with the address escaped as the hidden input escapes a value.
    return mark_safe(html.replace(f'value="{PAGE_HERE}"', f'value="{page}"', 1))


@register.filter
def send_time(value):
    """When a daily newsletter goes out: '07:00 am', or 'सुबह 7:00' on a Hindi page."""
    if not value:
        return ""
    if current_language() == "hi":
        return hindi_time(value)
    return value.strftime("%I:%M %p").lower()
