from django import template

from ..forms import CommentForm

register = template.Library()


@register.inclusion_tag("comments/section.html")
def comments_section(article):
    """Approved comments, oldest first, with their count and the form (one query)."""
    comments = list(
        article.comments.approved().only("id", "article_id", "name", "body", "created_at")
    )
    form = CommentForm(article=article).without_token() if article.comments_enabled else None
    return {"article": article, "comments": comments, "form": form}
