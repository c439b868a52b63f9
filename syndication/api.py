"""The wire clients' API (django-ninja): a changes feed and single stories in IPTC ninjs.

django-ninja rather than Django REST framework: the API is a handful of read-only endpoints
with key authentication, where ninja's typed functions are the whole code and its OpenAPI
document and Swagger page (served from our static files, no inline script) come from the same
signatures. DRF's serializers, viewsets and browsable API would be machinery for a CRUD
surface we do not have.

Every request: the key is looked up (a revoked key stops at once), counted against the
client's rate limit per key, and what is delivered is written to the usage log."""

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyHeader, HttpBearer

from articles.seo import absolute_url
from images.models import Image
from newsroom.ratelimit import is_limited, parse_rate
from newsroom.storage import private_storage

from . import keys, newsml, ninjs, pictures, selectors, services
from .models import ApiKey

LAST_USED_EVERY_SECONDS = 60
MAX_PAGE = 200


class RateLimitedError(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


# Wrong keys per client address: enough for a client that rotates a key and retries, too few
# to try keys (they have 256 bits anyway) or to load the database.
REFUSED_KEYS_RATE = "30/m"


def _authenticate(request, key):
    prefix = keys.key_prefix(key)
    if prefix is None:
        return None
    api_key = ApiKey.objects.usable().select_related("client").filter(prefix=prefix).first()
    if api_key is None or not keys.key_matches(key, api_key.secret_hash):
        return None
    rate = api_key.client.rate_limit
    if is_limited(request, group="syndication-api", rate=rate, key=lambda _r: api_key.pk):
        raise RateLimitedError(parse_rate(rate)[1])
    now = timezone.now()
    if not api_key.last_used_at or (now - api_key.last_used_at).total_seconds() > (
        LAST_USED_EVERY_SECONDS
    ):
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    request.api_key = api_key
    return api_key


class KeyHeader(APIKeyHeader):
    """`X-Api-Key: nwk_...`"""

    param_name = "X-Api-Key"

    def authenticate(self, request, key):
        return _authenticate(request, key)


class KeyBearer(HttpBearer):
    """`Authorization: Bearer nwk_...`"""

    def authenticate(self, request, token):
        return _authenticate(request, token)


api = NinjaAPI(
    title="Newsroom wire API",
    version="1",
    description=(
        "Stories for the wire's client newsrooms as IPTC ninjs 2.2 JSON. Poll `/changes` with the "
        "`next` cursor of the previous answer as `since`: every version of every story you may "
        "take comes exactly once, in order. Send your key as `X-Api-Key` (or "
        "`Authorization: Bearer`)."
    ),
    auth=[KeyHeader(), KeyBearer()],
    urls_namespace="syndication-api",
)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    # Counted per client address only when every way of authenticating has failed.
    if is_limited(request, group="syndication-api-refused", rate=REFUSED_KEYS_RATE):
        return rate_limited(request, RateLimitedError(parse_rate(REFUSED_KEYS_RATE)[1]))
    return api.create_response(
        request,
        {"detail": "Send a valid key as the X-Api-Key header. This key is unknown or revoked."},
        status=401,
    )


@api.exception_handler(RateLimitedError)
def rate_limited(request, exc):
    response = api.create_response(
        request,
        {
            "detail": "Too many requests for this key; try again later.",
            "retry_after": exc.retry_after,
        },
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


class Change(Schema):
    action: str = Field(description="publish, update, correct, withhold or kill")
    item: dict[str, Any] = Field(description="The version as an IPTC ninjs 2.2 object.")


class ChangesPage(Schema):
    items: list[Change]
    next: str = Field(description="Pass as `since` to get what comes after this page.")
    more: bool = Field(description="True when more is waiting: ask again at once.")


class ChangesQuery(Schema):
    since: str = Field("", description="The `next` cursor of your previous answer; empty to start.")
    limit: int = Field(50, ge=1, le=MAX_PAGE)


class Detail(Schema):
    detail: str


def _change(version):
    return {"action": version.action, "item": version.payload}


@api.get(
    "/changes",
    response={200: ChangesPage, 400: Detail},
    summary="What changed since your last poll",
)
def changes_feed(request: HttpRequest, query: Query[ChangesQuery]):
    try:
        after = selectors.decode_cursor(query.since)
    except selectors.BadCursorError:
        return Status(
            400, {"detail": "`since` must be a cursor this API gave you (the `next` value)."}
        )
    # A story whose time has come is released by whoever asks first: no timer needed.
    services.story_versions_release(wait=False)
    client = request.auth.client
    versions, last, more = selectors.changes(client, after=after, limit=query.limit)
    selectors.record_usage(request.auth, versions, via="changes")
    return {
        "items": [_change(version) for version in versions],
        "next": selectors.encode_cursor(last),
        "more": more,
    }


def _versions_or_404(request, story_id):
    services.story_versions_release(wait=False)
    versions = selectors.story_versions(request.auth.client, story_id)
    if not versions:
        raise HttpError(404, "No story with that id for this key.")
    return versions


@api.get(
    "/items/{story_id}",
    response={200: dict[str, Any], 404: Detail},
    summary="A story's latest version (ninjs)",
)
def item(request: HttpRequest, story_id: int):
    latest = _versions_or_404(request, story_id)[-1]
    selectors.record_usage(request.auth, [latest], via="item")
    return latest.payload


@api.get(
    "/items/{story_id}/versions",
    response={200: list[Change], 404: Detail},
    summary="Every version of a story, oldest first",
)
def item_versions(request: HttpRequest, story_id: int):
    versions = _versions_or_404(request, story_id)
    selectors.record_usage(request.auth, versions, via="versions")
    return [_change(version) for version in versions]


@api.get(
    "/items/{story_id}/versions/{version}",
    response={200: dict[str, Any], 404: Detail},
    summary="One version of a story (ninjs)",
)
def item_version(request: HttpRequest, story_id: int, version: int):
    for candidate in _versions_or_404(request, story_id):
        if candidate.version == version:
            selectors.record_usage(request.auth, [candidate], via="item")
            return candidate.payload
    raise HttpError(404, "No such version of that story.")


def _newsml(version):
    sent = ninjs.iso(timezone.now())
    return HttpResponse(
        newsml.news_message(version.payload, sent=sent), content_type=newsml.CONTENT_TYPE
    )


@api.get(
    "/items/{story_id}/newsml",
    response={200: str, 404: Detail},
    summary="A story's latest version as NewsML-G2 2.35 (package, story, pictures)",
    openapi_extra={"responses": {200: {"content": {newsml.CONTENT_TYPE: {}}}}},
)
def item_newsml(request: HttpRequest, story_id: int):
    latest = _versions_or_404(request, story_id)[-1]
    selectors.record_usage(request.auth, [latest], via="newsml")
    return _newsml(latest)


@api.get(
    "/items/{story_id}/versions/{version}/newsml",
    response={200: str, 404: Detail},
    summary="One version of a story as NewsML-G2 2.35 (package, story, pictures)",
    openapi_extra={"responses": {200: {"content": {newsml.CONTENT_TYPE: {}}}}},
)
def item_version_newsml(request: HttpRequest, story_id: int, version: int):
    for candidate in _versions_or_404(request, story_id):
        if candidate.version == version:
            selectors.record_usage(request.auth, [candidate], via="newsml")
            return _newsml(candidate)
    raise HttpError(404, "No such version of that story.")


@api.get(
    "/pictures/{image_id}/{rendition}",
    response={200: None, 302: None, 404: Detail},
    url_name="picture",
    summary="One rendition of a picture (the `href` of a ninjs rendition)",
    description=(
        "For a picture of a story you may take. While the story is under embargo the picture is "
        "not public, and this is the only way to it (sent from here, not cached); afterwards "
        "you are redirected to its public address."
    ),
    openapi_extra={"responses": {200: {"content": {"image/*": {}}}}},
)
def picture(request: HttpRequest, image_id: int, rendition: str):
    image = Image.objects.filter(pk=image_id).first()
    if image is None or not pictures.client_may_take(request.auth.client, image):
        raise HttpError(404, "No picture with that id for this key.")
    found = pictures.rendition_file(image, rendition)
    if found is None:
        raise HttpError(404, "No such rendition of that picture.")
    name, content_type = found
    if pictures.is_held(image):
        try:
            held = private_storage().open(pictures.held_name(name), "rb")
        except FileNotFoundError:
            held = None  # released a moment ago: it is public now
        if held is not None:
            response = FileResponse(held, content_type=content_type)
            response["Cache-Control"] = "private, no-store"
            return response
    response = HttpResponseRedirect(absolute_url(default_storage.url(name)))
    response["Cache-Control"] = "private, no-store"
    return response
