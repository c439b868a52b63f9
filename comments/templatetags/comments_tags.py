from crispy_forms.utils import render_crispy_form
from django import template

from newsroom.cache import cached_fragment

from ..forms import CommentForm

register = template.Library()


@register.inclusion_tag("comments/section.html")
def comments_section(article):
    """Approved comments, oldest first, with their count and the form (one query)."""
    comments = list(
        article.comments.approved().only("id", "article_id", "name", "body", "created_at")
    )
    form_html = None
    if article.comments_enabled:
        # The same for every reader (no CSRF token in it), so rendered once per content version.
        form_html = cached_fragment(
            f"comment-form:{article.pk}",
            lambda: render_crispy_form(CommentForm(article=article).without_token()),
        )
    return {"article": article, "comments": comments, "form": form_html}
