"""Readers' "Follow" for Web Push alerts (live/push.py). Asked for only when a reader presses the
button; static/js/live.js posts the browser's subscription here with a CSRF token from
/csrf-token/ (the story page itself is cached, without one)."""

import base64
import binascii
import json
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles.models import Article
from newsroom.ratelimit import is_limited

from .models import LiveCoverage, PushSubscription

FOLLOW_RATE = "20/10m"
MAX_BODY = 4096
# Lengths of the browser's keys once decoded: an uncompressed P-256 point, a 16-byte secret.
P256DH_BYTES, AUTH_BYTES = 65, 16


class RefusedError(Exception):
    pass


def _key(value, length, name):
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError, TypeError) as error:
        raise RefusedError(
            _("The browser's %(name)s key is not valid.") % {"name": name}
        ) from error
    if len(raw) != length:
        raise RefusedError(_("The browser's %(name)s key is not valid.") % {"name": name})
    return value


def _read(request):
    if len(request.body) > MAX_BODY:
        raise RefusedError(_("That request is too large."))
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise RefusedError(_("Send the subscription as JSON.")) from error
    if not isinstance(data, dict):
        raise RefusedError(_("Send the subscription as JSON."))
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or len(endpoint) > 1000:
        raise RefusedError(_("The push address is missing or too long."))
    # Push services hand out plain ASCII addresses; anything else (a control character, a lone
    # surrogate the database cannot store, a space) did not come from a browser.
    if not (endpoint.isascii() and endpoint.isprintable()) or " " in endpoint:
        raise RefusedError(_("The push address has characters no address has."))
    parts = urlsplit(endpoint)
    if parts.scheme != "https" or not parts.hostname:
        raise RefusedError(_("The push address must be an https address."))
    topic = data.get("topic")
    coverage = None
    if topic == PushSubscription.Topic.STORY:
        story = data.get("story")
        if not isinstance(story, int):
            raise RefusedError(_("Say which story to follow."))
        coverage = (
            LiveCoverage.objects.running()
            .filter(article__in=Article.objects.published().filter(pk=story))
            .first()
        )
        if coverage is None:
            raise RefusedError(_("This story is not covered live any more."))
    elif topic != PushSubscription.Topic.BREAKING:
        raise RefusedError(_("Follow a live story or breaking news."))
    return data, endpoint, topic, coverage


def _answer(message, status):
    response = JsonResponse({"message": message}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_POST
def follow(request):
    if is_limited(request, group="live-follow", rate=FOLLOW_RATE):
        return _answer(_("Too many requests; try again in a few minutes."), 429)
    try:
        data, endpoint, topic, coverage = _read(request)
        keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
        p256dh = _key(keys.get("p256dh", ""), P256DH_BYTES, "p256dh")
        auth = _key(keys.get("auth", ""), AUTH_BYTES, "auth")
    except RefusedError as refused:
        return _answer(str(refused), 400)
    try:
        with transaction.atomic():
            _subscription, created = PushSubscription.objects.update_or_create(
                endpoint=endpoint,
                topic=topic,
                coverage=coverage,
                defaults={"p256dh": p256dh, "auth": auth},
            )
    except IntegrityError:  # the same browser pressed twice at once: the other request won
        created = False
    if topic == PushSubscription.Topic.STORY:
        message = _("You will get alerts for this story until its coverage ends.")
    else:
        message = _("You will get breaking-news alerts.")
    return _answer(message, 201 if created else 200)


@never_cache
@require_POST
def unfollow(request):
    if is_limited(request, group="live-follow", rate=FOLLOW_RATE):
        return _answer(_("Too many requests; try again in a few minutes."), 429)
    try:
        _data, endpoint, topic, coverage = _read(request)
    except RefusedError as refused:
        return _answer(str(refused), 400)
    PushSubscription.objects.filter(endpoint=endpoint, topic=topic, coverage=coverage).delete()
    return _answer(_("No more alerts will be sent."), 200)
