"""Undo for the cheap cases: a move that is easy to take back offers an "Undo" button in the
message that reports it, for a short time.

The app that makes the move registers how to take it back (`register(kind, handler)`, in its
`ready()`), and offers it with `offer_undo(request, message, kind=..., data=..., next_url=...)`.
The button posts a signed token to `/admin/undo/`: only the person who made the move, within
UNDO_SECONDS; the handler goes through the app's own service, which checks permissions, checks
that nothing changed meanwhile and writes the audit entry. Nothing is kept on the server.
"""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .urls_safety import safe_next

UNDO_SECONDS = 300
SALT = "newsroom.undo"
_handlers = {}


class UndoRefusedError(Exception):
    """The move cannot be taken back now; the message says why, for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def register(kind, handler):
    """`handler(*, actor, data)` takes the move back and returns what to tell the person, or
    raises UndoRefusedError."""
    _handlers[kind] = handler


def undo_token(*, kind, actor, data):
    return signing.dumps({"kind": kind, "user": actor.pk, "data": data}, salt=SALT, compress=True)


def offer_undo(request, message, *, kind, data, next_url):
    """Report `message` with an Undo button that takes the move back (for UNDO_SECONDS)."""
    if kind not in _handlers:
        raise ValueError(f"No undo registered for {kind!r}.")
    html = render_to_string(
        "includes/undo_message.html",
        {
            "message": message,
            "token": undo_token(kind=kind, actor=request.user, data=data),
            "next_url": next_url,
            "minutes": UNDO_SECONDS // 60,
        },
        request=request,
    )
    # Rendered from a template that escapes the message: safe to show as markup.
    messages.success(request, mark_safe(html))


@staff_member_required
@require_POST
def undo_view(request):
    back = safe_next(request, request.POST.get("next"), reverse("admin:index"))
    try:
        payload = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=UNDO_SECONDS)
    except signing.SignatureExpired:
        messages.error(
            request,
            _("Too late to undo: it can be undone for %(minutes)d minutes only.")
            % {"minutes": UNDO_SECONDS // 60},
        )
        return redirect(back)
    except signing.BadSignature:
        return HttpResponseBadRequest(_("This undo button is not valid."))
    if not isinstance(payload, dict) or payload.get("kind") not in _handlers:
        return HttpResponseBadRequest(_("This undo button is not valid."))
    if payload.get("user") != request.user.pk:
        return HttpResponseForbidden(_("Only the person who made the change can undo it here."))
    try:
        done = _handlers[payload["kind"]](actor=request.user, data=payload.get("data") or {})
    except UndoRefusedError as refused:
        messages.error(request, _("Not undone: %(reason)s") % {"reason": refused.message})
    else:
        messages.success(request, done)
    return redirect(back)
