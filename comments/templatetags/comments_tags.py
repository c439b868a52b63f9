from crispy_forms.utils import render_crispy_form
from django import template
from django.utils.safestring import mark_safe

from ..forms import CommentForm

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context, article):
    """The comments island (approved comments, oldest first, with their count: comments/islands.py)
    and the form, which is the same for every reader (no CSRF token: newsroom/cached_forms.py)."""
    return {"article": article, "request": context.get("request")}


@register.simple_tag
def comment_form(article):
    """The comment form without a CSRF token: islands.js fetches one before it is sent."""
    # crispy-forms' output, escaped as it was rendered.
    return mark_safe(render_crispy_form(CommentForm(article=article).for_cached_page()))
