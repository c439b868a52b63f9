from django import template
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


@register.inclusion_tag("newsletters/_signup.html", takes_context=True)
def newsletter_signup(context, source):
    """The quick sign-up form (an address, the lists offered by default) for a cached page:
    `{% newsletter_signup "footer" %}`, "article" or "support". It reads nothing from the
    database, so it costs a page no query."""
    if source not in QUICK_SOURCES:
        raise template.TemplateSyntaxError(f"newsletter_signup: unknown source {source!r}")
    request = context.get("request")
    form = SignupForm(source=source, initial={"page": request.path if request else ""})
    return {"form": form, "source": source, "heading": HEADINGS[source]}


@register.filter
def send_time(value):
    """When a daily newsletter goes out: '07:00 am', or 'सुबह 7:00' on a Hindi page."""
    if not value:
        return ""
    if current_language() == "hi":
        return hindi_time(value)
    return value.strftime("%I:%M %p").lower()
