from crispy_forms.utils import render_crispy_form
from django import template

from ..forms import CommentForm

register = template.Library()


@register.inclusion_tag("comments/section.html")
def comments_section(article):
    """Approved comments, oldest first, with their count and the form (one query). The article
    page renders it inside a {% sharedfragment %}: a comment being approved or taken down bumps
    the content version (comments.services)."""
    comments = list(
        article.comments.approved().only("id", "article_id", "name", "body", "created_at")
    )
    form_html = None
    if article.comments_enabled:
        # The same for every reader: no CSRF token in it (comments.js adds one before posting).
        form_html = render_crispy_form(CommentForm(article=article).without_token())
    return {"article": article, "comments": comments, "form": form_html}
