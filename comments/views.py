"""The reader's side of comments: the form page, the post endpoint, the confirmation.

Article pages may be served from a shared cache, so the form printed inside them carries no
per-visitor CSRF token: it is a form on a cached page (newsroom/cached_forms.py). islands.js
fetches a token before the first post, so most readers post in one step; `comment_post` checks
CSRF itself, and a post without a valid token stores nothing and shows the form page again with
the reader's text and a fresh token ("please confirm").
"""

import logging

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from newsroom.cached_forms import token_problem
from newsroom.http import client_address
from newsroom.ratelimit import is_limited

from .forms import CommentForm
from .services import comment_create

logger = logging.getLogger(__name__)

# Posts per client address, then a polite refusal.
COMMENT_RATE = "5/10m"


def _article(article_id):
    return get_object_or_404(Article.objects.published().select_related("section"), pk=article_id)


def _as_typed(request, article):
    """An unbound form showing what the reader typed, without error messages."""
    initial = {name: request.POST.get(name, "") for name in ("name", "email", "body")}
    return CommentForm(initial=initial, article=article)


def _form_page(request, article, form, *, status=200, notice="", closed=False):
    return render(
        request,
        "comments/comment_form.html",
        {"article": article, "form": form, "notice": notice, "closed": closed},
        status=status,
    )


@never_cache
@require_GET
def comment_new(request, article_id):
    article = _article(article_id)
    return _form_page(
        request, article, CommentForm(article=article), closed=not article.comments_enabled
    )


@never_cache
@csrf_exempt  # Checked below, so that a missing token costs the reader nothing they typed.
@require_POST
def comment_post(request, article_id):
    article = _article(article_id)
    if not article.comments_enabled:
        return _form_page(
            request,
            article,
            None,
            status=403,
            closed=True,
            notice=_("Comments on this story are closed, so your comment was not posted."),
        )

    reason = token_problem(request)
    if reason:
        logger.info("comment post without a valid CSRF token (%s); asking to confirm", reason)
        # The page shown carries a fresh token; the reader's input is kept.
        return _form_page(
            request,
            article,
            _as_typed(request, article),
            status=403,
            notice=_(
                "Please check your comment and press “Post comment” again to confirm. "
                "(Your browser did not send this site's security token, so nothing was posted "
                "yet.)"
            ),
        )

    if is_limited(request, group="comments", rate=COMMENT_RATE):
        return _form_page(
            request,
            article,
            _as_typed(request, article),
            status=429,
            notice=_(
                "You have posted several comments in a short time. Please wait ten minutes "
                "and try again; your text is below."
            ),
        )

    form = CommentForm(request.POST, article=article)
    if form.is_bot:
        logger.info("comment honeypot filled from %s; discarded", client_address(request))
        return redirect("comments:held", article_id=article.pk)

    if not form.is_valid():
        return _form_page(request, article, form, status=400)

    try:
        comment_create(
            article=article,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            body=form.cleaned_data["body"],
            ip_address=client_address(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _form_page(request, article, form, status=400)
    return redirect("comments:held", article_id=article.pk)


@never_cache
@require_GET
def comment_held(request, article_id):
    return render(request, "comments/comment_held.html", {"article": _article(article_id)})
