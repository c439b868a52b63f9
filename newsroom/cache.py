"""The page cache for anonymous readers, and the content version that invalidates it.

How it fits together:

- Reader pages opt in, either by URL name (`settings.PAGE_CACHE_URL_NAMES`) or by wrapping the
  view with `reader_page(...)`. Nothing else is ever cached: not the admin, the dashboard, forms
  that post, previews.
- `PageCacheMiddleware` (last in MIDDLEWARE, so every other middleware still runs on each
  response: security headers, CSP, the CSRF cookie) stores the view's response for requests that
  carry no session and no messages, and serves it to the next such request without running the
  view.
- Every key contains one integer, the content version. `bump_content_version()` makes every cached
  page stale at once; it runs on save/delete of each model in
  `settings.PAGE_CACHE_INVALIDATING_MODELS` (models of apps that are not installed are skipped).
  Other code that writes in bulk (`update()`, `bulk_create()`) calls it itself.
- Scheduled stories go live without anyone saving anything, so a page is never kept past the next
  scheduled `publish_at`, and the version is bumped once when that moment has passed.
- A page whose form used the CSRF token is stored with the token taken out and served with a fresh
  token for each reader, so its forms keep working; such a page is marked private for shared
  caches (a CDN must not hand one reader's token to another).
"""

import gzip
import hashlib
import math
import re
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.safestring import mark_safe

CONTENT_VERSION_KEY = "newsroom:content-version"
DEFERRED_BUMP_KEY = "newsroom:deferred-bump"
NEXT_PUBLISH_KEY = "newsroom:next-scheduled-publish:{version}"
WENT_LIVE_KEY = "newsroom:went-live:{timestamp}"
PAGE_KEY = "newsroom:page:v2:{version}:{digest}"
CACHE_STATUS_HEADER = "X-Page-Cache"
# Pages shorter than this are sent as they are (as Django's GZipMiddleware does).
GZIP_MIN_LENGTH = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")

# Django's {% csrf_token %} output; the masked token is 64 letters and digits.
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
CSRF_PLACEHOLDER = b"@@newsroom-csrf-token@@"
CSRF_PLACEHOLDER_PATTERN = re.compile(re.escape(CSRF_PLACEHOLDER))
# Headers the view set that are worth keeping; everything else is added again on the way out.
STORED_HEADERS = {"content-type", "content-language", "etag", "last-modified", "link"}


# --- Tags and their generations: what invalidates what ---------------------------------------
#
# Everything cached for readers depends on a few named tags: "site" (site settings, navigation:
# every page), "listings" (home, sections, authors, tags), "article:<slug>" (one story's page),
# "island:<name>" (one live island). Each tag has a generation, an integer in the shared cache;
# a cached thing's key includes the generations of its tags, so `invalidate(tag)` makes exactly
# what depends on that tag stale, and nothing else.

GENERATION_KEY = "newsroom:generation:{tag}"
SITE = "site"
LISTINGS = "listings"


def article_tag(slug):
    return f"article:{slug}"


def island_tag(name):
    return f"island:{name}"


def _generation_store():
    return cache


def _first_generation(store, key):
    # Start from the clock, so a generation lost with the cache (eviction, restart) is never
    # reused for different content.
    value = time.time_ns() // 1000
    if not store.add(key, value, timeout=None):
        value = store.get(key, value)
    return value


def generations(tags):
    """{tag: generation} for each of `tags`, read in one round trip to the shared cache."""
    store = _generation_store()
    keys = {GENERATION_KEY.format(tag=tag): tag for tag in tags}
    found = store.get_many(list(keys))
    return {
        tag: found[key] if key in found else _first_generation(store, key)
        for key, tag in keys.items()
    }


def _bump(tags):
    store = _generation_store()
    for tag in tags:
        key = GENERATION_KEY.format(tag=tag)
        try:
            store.incr(key)
        except ValueError:  # not there (never read, or evicted): any new number will do
            store.set(key, time.time_ns() // 1000, timeout=None)


def invalidate(*tags):
    """Make everything cached under any of `tags` stale on every worker.

    Now, so the rest of this request (and a test) sees the change; and again after the commit,
    so a reader who rendered the old rows between the save and the commit cannot keep them
    under the new generation."""
    tags = tuple(dict.fromkeys(tags))
    if not tags:
        return
    _bump(tags)
    transaction.on_commit(lambda: _bump(tags))


def invalidate_on_change(model, tags_for, *, m2m=()):
    """Wire `invalidate(*tags_for(instance))` to the save and delete of `model` (and to changes
    of the many-to-many fields named in `m2m`). Call once, from an app's ready(); returns the
    dispatch uid the receivers were connected with."""
    uid = f"newsroom-invalidate:{model._meta.label}:{tags_for.__module__}.{tags_for.__qualname__}"

    def on_change(instance, **_kwargs):
        invalidate(*tags_for(instance))

    def on_m2m_change(instance, action, **_kwargs):
        if action in {"post_add", "post_remove", "post_clear"}:
            invalidate(*tags_for(instance))

    post_save.connect(on_change, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(on_change, sender=model, dispatch_uid=uid, weak=False)
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(on_m2m_change, sender=through, dispatch_uid=f"{uid}:{name}", weak=False)
    return uid


# --- The content version ------------------------------------------------------------------------


class _ProcessMemory:
    """What each worker process keeps in its own memory, in front of the shared cache: the content
    version (re-read at most every PAGE_CACHE_LOCAL_SECONDS), the most requested pages and the
    most used fragments (both keyed by that version), and a few short-lived values. A hit then
    needs no round trip to Redis at all; a change made through another process shows within
    that many seconds."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        with self.lock:
            self.version = None
            self.version_read_at = 0.0
            self.pages = OrderedDict()
            self.fragments = OrderedDict()
            self.values = {}

    def remember_version(self, version):
        with self.lock:
            self.version, self.version_read_at = version, time.monotonic()

    def fresh_version(self):
        if self.version is None:
            return None
        if time.monotonic() - self.version_read_at >= settings.PAGE_CACHE_LOCAL_SECONDS:
            return None
        return self.version

    def _get(self, store, key, expires_at):
        """An entry of `store` (most recently used last), or None once `expires_at(entry)` has
        passed."""
        with self.lock:
            entry = store.get(key)
            if entry is None:
                return None
            if expires_at(entry) <= time.time():
                del store[key]
                return None
            store.move_to_end(key)
            return entry

    def _put(self, store, key, entry, limit):
        if settings.PAGE_CACHE_LOCAL_SECONDS <= 0:
            return
        with self.lock:
            store[key] = entry
            store.move_to_end(key)
            while len(store) > limit:
                store.popitem(last=False)

    def get_page(self, key):
        return self._get(self.pages, key, lambda entry: entry[4])

    def put_page(self, key, entry):
        self._put(self.pages, key, entry, settings.PAGE_CACHE_LOCAL_ENTRIES)

    def get_fragment(self, key):
        return self._get(self.fragments, key, lambda entry: entry[0])

    def put_fragment(self, key, entry):
        self._put(self.fragments, key, entry, settings.PAGE_CACHE_LOCAL_FRAGMENTS)

    def get_value(self, name):
        """A value put here less than PAGE_CACHE_LOCAL_SECONDS ago, or None."""
        entry = self.values.get(name)
        if entry is None or time.monotonic() - entry[0] >= settings.PAGE_CACHE_LOCAL_SECONDS:
            return None
        return entry[1]

    def put_value(self, name, value):
        if settings.PAGE_CACHE_LOCAL_SECONDS > 0:
            self.values[name] = (time.monotonic(), value)  # one assignment: safe across threads

    def forget_value(self, name):
        self.values.pop(name, None)


process_memory = _ProcessMemory()


def content_version():
    """The current content version: an integer that changes whenever reader-visible content does."""
    version = process_memory.fresh_version()
    if version is not None:
        return version
    stored = cache.get_many([CONTENT_VERSION_KEY, DEFERRED_BUMP_KEY])
    version = stored.get(CONTENT_VERSION_KEY)
    due = stored.get(DEFERRED_BUMP_KEY)
    if due is not None and due <= time.time() and cache.delete(DEFERRED_BUMP_KEY):
        # A throttled change is due (see bump_content_version_at_most_every); one worker bumps.
        return bump_content_version()
    if version is None:
        # Start from the clock, so a version lost with the cache is never reused.
        version = time.time_ns() // 1_000_000
        if not cache.add(CONTENT_VERSION_KEY, version, timeout=None):
            version = cache.get(CONTENT_VERSION_KEY, version)
    process_memory.remember_version(version)
    return version


def bump_content_version(**_signal_kwargs):
    """Make every cached reader page stale. Safe as a signal receiver."""
    try:
        version = cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted)
        version = time.time_ns() // 1_000_000
        cache.set(CONTENT_VERSION_KEY, version, timeout=None)
    process_memory.remember_version(version)
    return version


def _bump_now_and_after_commit(**_signal_kwargs):
    # Now, so this request and tests see the change; after the commit too, so a reader who renders
    # the old rows between the save and the commit cannot store them under the new version.
    bump_content_version()
    transaction.on_commit(bump_content_version)


def bump_content_version_after_commit():
    """For services whose change readers see but whose model is not in the invalidating list."""
    _bump_now_and_after_commit()


def bump_content_version_at_most_every(seconds, *, reason):
    """Bump, but no more than once per `seconds` for this `reason`: for frequent small changes
    (a gift moving the appeal's progress bar) that must reach readers soon, not instantly, and
    must not empty the page cache on every occurrence during a surge. A change that comes while
    the bump is held back is not lost: one bump follows within `seconds` (content_version()
    makes it, on the first read of the version after that time)."""
    if cache.add(f"newsroom:bump-throttle:{reason}", 1, timeout=seconds):
        _bump_now_and_after_commit()
    else:
        # The earliest due time wins; the key lives until a worker makes the bump.
        cache.add(DEFERRED_BUMP_KEY, time.time() + seconds, timeout=None)


def _bump_on_m2m_change(action, **_signal_kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        _bump_now_and_after_commit()


def invalidating_models():
    """The installed models from PAGE_CACHE_INVALIDATING_MODELS; the others are skipped."""
    models = []
    for label in settings.PAGE_CACHE_INVALIDATING_MODELS:
        app_label, model_name = label.split(".")
        try:
            models.append(apps.get_model(app_label, model_name))
        except LookupError:
            continue
    return models


def connect_invalidation_signals():
    for model in invalidating_models():
        uid = f"newsroom-page-cache:{model._meta.label}"
        post_save.connect(_bump_now_and_after_commit, sender=model, dispatch_uid=uid)
        post_delete.connect(_bump_now_and_after_commit, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            through = getattr(field.remote_field, "through", None)
            if through is not None and not isinstance(through, str):
                m2m_changed.connect(
                    _bump_on_m2m_change, sender=through, dispatch_uid=f"{uid}:{field.name}"
                )


# --- How long a page may be kept ----------------------------------------------------------------


def next_scheduled_publish():
    """The Unix time of the next scheduled story going live, or None. One indexed query, cached
    (and kept in this process's memory for PAGE_CACHE_LOCAL_SECONDS)."""
    from articles.models import Article

    now = time.time()
    key = NEXT_PUBLISH_KEY.format(version=content_version())
    local = process_memory.get_value(NEXT_PUBLISH_KEY)
    if local is not None and local[0] == key and not (local[1] and local[1] <= now):
        return local[1] or None
    timestamp = cache.get(key)
    if timestamp and timestamp <= now:
        # A scheduled story has gone live: what readers see changed. One worker bumps.
        if cache.add(WENT_LIVE_KEY.format(timestamp=timestamp), 1, timeout=3600):
            bump_content_version()
        key = NEXT_PUBLISH_KEY.format(version=content_version())
        timestamp = None
    if timestamp is None:
        publish_at = (
            Article.objects.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        timestamp = publish_at.timestamp() if publish_at else 0
        cache.set(key, timestamp, settings.PAGE_CACHE_TIMEOUT)
    process_memory.put_value(NEXT_PUBLISH_KEY, (key, timestamp))
    return timestamp or None


def page_cache_timeout():
    """Seconds a reader page may be kept: the setting, or less if a story is due before then."""
    timeout = settings.PAGE_CACHE_TIMEOUT
    due = next_scheduled_publish()
    if due is not None:
        timeout = min(timeout, max(1, math.ceil(due - time.time())))
    return timeout


def patch_public_cache_control(response, timeout):
    """Headers for browsers and a CDN: a short browser life, a longer shared one, never past
    `timeout` (the next scheduled story). Pages that opt in leave this header to the cache."""
    header = (
        f"public, max-age={min(settings.PAGE_CACHE_BROWSER_MAX_AGE, timeout)}, "
        f"s-maxage={timeout}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}"
    )
    response.headers["Cache-Control"] = header


# --- Which requests and responses qualify -------------------------------------------------------


def reader_page(view):
    """Opt a view in to the page cache: `path("x/", reader_page(views.x), name="x")`."""
    view.newsroom_page_cache = True
    return view


def is_reader_page(request, view_func):
    if getattr(view_func, "newsroom_page_cache", False):
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in settings.PAGE_CACHE_URL_NAMES


def is_anonymous_reader(request):
    """No session (so no user, no staff preview) and no pending messages."""
    if request.method not in {"GET", "HEAD"}:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def cache_key(request):
    """The page's key: host, scheme, path and the query string without tracking parameters, so a
    surge of visitors from one social post (each with its own fbclid) shares one entry."""
    query_string = request.META.get("QUERY_STRING", "")
    if query_string:
        ignored = settings.PAGE_CACHE_IGNORED_QUERY_PARAMS
        query_string = urlencode(
            sorted(
                (name, value)
                for name, value in parse_qsl(query_string, keep_blank_values=True)
                if name not in ignored and not name.startswith("utm_")
            )
        )
    identity = f"{request.scheme}://{request.get_host()}{request.path}?{query_string}"
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return PAGE_KEY.format(version=content_version(), digest=digest)


def _shareable(request, response):
    """Whether the response is the same for every anonymous reader (apart from a CSRF token)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store", "max-age=0")):
        return False
    if response.has_header("Vary") and "*" in response["Vary"]:
        return False
    if getattr(request, "_csp_nonce", None):  # the nonce was used: it is in the page
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and messages.added_new)


# --- The middleware -----------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serves and stores reader pages for anonymous readers. Place it last in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A page this worker holds is served before the URL is even resolved: only reader pages
        # are ever stored, so a key found here is one. Pages kept only in the shared cache are
        # looked up in process_view, once the URL is known to be a reader page.
        if settings.PAGE_CACHE_ENABLED and is_anonymous_reader(request):
            request._page_cache_key = cache_key(request)
            entry = process_memory.get_page(request._page_cache_key)
            if entry is not None:
                request._page_cache = "hit"
                return self._response_from(request, entry)
        response = self.get_response(request)
        state = getattr(request, "_page_cache", None)
        if state is None or state == "hit":
            return response
        if state == "bypass":
            # A signed-in reader or staff: never kept by a browser or a CDN for someone else.
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if not _shareable(request, response):
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        timeout = page_cache_timeout()
        used_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        content = response.content
        if used_csrf:
            content, replaced = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", content)
            if not replaced:  # the token is somewhere we cannot refill: do not share the page
                patch_cache_control(response, private=True, no_cache=True)
                return response
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            patch_public_cache_control(response, timeout)
        headers = [(k, v) for k, v in response.items() if k.lower() in STORED_HEADERS]
        expires_at = time.time() + timeout
        # Compressed once here for every reader whose browser accepts it (all of them do), not on
        # each hit. Never a page with a CSRF token in it: a secret in a compressed body that also
        # reflects the reader's input is what BREACH attacks.
        compressed = None
        if not used_csrf and len(content) >= GZIP_MIN_LENGTH:
            compressed = gzip.compress(content, compresslevel=6, mtime=0)
        entry = (response.status_code, headers, content, used_csrf, expires_at, compressed)
        cache.set(request._page_cache_key, entry, timeout)
        process_memory.put_page(request._page_cache_key, entry)
        response.headers[CACHE_STATUS_HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_reader_page(request, view_func):
            return None
        if not is_anonymous_reader(request):
            request._page_cache = "bypass"
            return None
        if not settings.PAGE_CACHE_ENABLED:
            return None
        request._page_cache = "store"
        if not hasattr(request, "_page_cache_key"):
            request._page_cache_key = cache_key(request)
        entry = cache.get(request._page_cache_key)
        if entry is None:
            return None
        process_memory.put_page(request._page_cache_key, entry)
        request._page_cache = "hit"
        return self._response_from(request, entry)

    def _response_from(self, request, entry):
        status, headers, content, used_csrf, expires_at, compressed = entry
        if used_csrf:
            # A fresh token for this reader in each form (and the CSRF cookie, if they lack one).
            content = CSRF_PLACEHOLDER_PATTERN.sub(lambda _: get_token(request).encode(), content)
        gzipped = compressed is not None and bool(
            ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        )
        response = HttpResponse(compressed if gzipped else content, status=status)
        for name, value in headers:
            response.headers[name] = value
        if compressed is not None:
            patch_vary_headers(response, ["Accept-Encoding"])
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
            etag = response.get("ETag", "")
            if etag.startswith('"'):  # another encoding of the same page: a weak validator
                response.headers["ETag"] = f"W/{etag}"
        response.headers[CACHE_STATUS_HEADER] = "hit"
        if used_csrf:
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            # Shared caches keep it no longer than this copy has left to live here.
            patch_public_cache_control(response, max(1, math.ceil(expires_at - time.time())))
        conditional = "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in (
            request.META
        )
        if not conditional:
            return response
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        response = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        response.headers[CACHE_STATUS_HEADER] = "hit"
        return response


# --- Fragments ----------------------------------------------------------------------------------

FRAGMENT_KEY = "newsroom:shared:{version}:{name}"
NAVIGATION_KEY = "navigation-sections"


def cached_value(name, compute):
    """A value every reader shares, computed once per content version and kept in the shared
    cache and in this process's memory (so callers must treat it as read-only). Kept no longer
    than a page would be, so a scheduled story going live also renews it. None (nothing found)
    is never kept: made-up addresses must not fill the cache or push out what readers use."""
    key = FRAGMENT_KEY.format(version=content_version(), name=name)
    entry = process_memory.get_fragment(key)
    if entry is None:
        entry = cache.get(key)
        if entry is None or entry[0] <= time.time():
            value = compute()
            if value is None:
                return None
            timeout = page_cache_timeout()
            entry = (time.time() + timeout, value)
            cache.set(key, entry, timeout)
        process_memory.put_fragment(key, entry)
    return entry[1]


def cached_fragment(name, render):
    """HTML that is the same for every reader (no CSRF token, no messages, nothing about the
    user), rendered once per content version: `render()` runs on a miss only."""
    # Our own templates' output, escaped as it was rendered.
    return mark_safe(cached_value(name, lambda: str(render())))
