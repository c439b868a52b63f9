"""Caching for readers: Django's cache middleware, keyed on tag generations.

- A page opts in in its URLconf: `cached_page(view, depends_on=[...], query=[...])`. Nothing else
  is cached whole: not the admin, the dashboard, forms, previews.
- Django's two cache middlewares do the work (settings.MIDDLEWARE): the page is stored as it
  leaves GZipMiddleware and ConditionalGetMiddleware (compressed, with its ETag), and served to
  the next anonymous reader once the address is resolved. Only anonymous readers: a request
  whose session is valid (staff, a signed-in reader) gets the page rendered for it; a made-up
  session cookie changes nothing.
- What invalidates what: every page depends on the tag "site" plus its own tags ("listings",
  "article:<slug>", ...). Each tag has a generation in the shared cache; a stored page carries
  the generations it was rendered under, and one get_many reads the current ones with the page.
  `invalidate(tag)` bumps one; apps wire their models with `invalidate_on_change` (see
  articles/invalidation.py). `{% cache %}` fragments are keyed on PAGE_CACHE_FRAGMENT_TAGS.
- Only the query parameters a page names make its key; any other (fbclid, utm_*, a random
  string) is ignored, so a flood of made-up addresses shares one entry.
- A page is kept no longer than CACHE_MIDDLEWARE_SECONDS, nor past the moment an app says the
  content changes by itself (`limit_page_lifetime`: the next scheduled story). That moment is
  noted in the shared cache and read with every page and every fragment's generations; the first
  request after it runs the limits (which invalidate what changed) before serving or rendering.
"""

import hashlib
import math
import pickle
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import has_vary_header, patch_cache_control
from django.utils.http import http_date, split_directive_names

from .languages import current_language

CACHE_STATUS_HEADER = "X-Page-Cache"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")

# --- Tags and their generations: what invalidates what ---------------------------------------
#
# Everything cached for readers depends on a few named tags: "site" (site settings, navigation:
# every page), "listings" (home, sections, authors, tags), "stories" (which stories are
# published), "article:<slug>" (one story's page), "island:<name>" (one live island). Each tag
# has a generation, an integer in the shared cache; a cached thing's key includes the
# generations of its tags, so `invalidate(tag)` makes exactly what depends on that tag stale.

GENERATION_KEY = "generation:{tag}"
SITE = "site"
LISTINGS = "listings"
STORIES = "stories"


def article_tag(slug):
    return f"article:{slug}"


def island_tag(name):
    return f"island:{name}"


def _store():
    alias = settings.CACHE_MIDDLEWARE_ALIAS
    return caches[alias if alias in settings.CACHES else "default"]


def _first_generation(store, key):
    # Start from the clock, so a generation lost with the cache (eviction, restart) is never
    # reused for different content.
    value = time.time_ns() // 1000
    if not store.add(key, value, timeout=None):
        value = store.get(key) or value
    elif getattr(_this_request, "in_request", False):
        _this_request.generations_started[key] = value  # this request's page may use it
    return value


def generations(tags):
    """{tag: generation} for each of `tags`, read in one round trip to the shared cache (and
    started for those that have none yet)."""
    store = _store()
    tags = list(tags)
    keys = [GENERATION_KEY.format(tag=tag) for tag in tags]
    found, _next_change = read_current(store, keys)
    return {
        tag: found[key] if found.get(key) is not None else _first_generation(store, key)
        for tag, key in zip(tags, keys, strict=True)
    }


def _bump(tags):
    store = _store()
    for tag in tags:
        key = GENERATION_KEY.format(tag=tag)
        try:
            if store.incr(key) is not None:
                continue
        except ValueError:  # not there (never read, or evicted): any new number will do
            pass
        store.set(key, time.time_ns() // 1000, timeout=None)


def invalidate(*tags):
    """Make everything cached under any of `tags` stale on every worker.

    Now, so the rest of this request (and a test) sees the change; and again after the commit,
    so a reader who rendered the old rows between the save and the commit cannot keep them
    under the new generation."""
    tags = tuple(dict.fromkeys(tags))
    if not tags:
        return
    _local_pages.clear()  # this process sees its own change at once, whatever the local window
    _this_request.generations_read = None  # and so does the rest of this request's page
    _this_request.fragments_read = {}
    # Fragments rendered before the change must not be stored under the new generations.
    _this_request.fragments_pending = {}
    _bump(tags)
    transaction.on_commit(lambda: _bump(tags))


def invalidate_on_change(model, tags_for, *, m2m=()):
    """Wire `invalidate(*tags_for(instance))` to the save and delete of `model` (and to changes
    of the many-to-many fields named in `m2m`). Call once, from an app's ready(); returns the
    dispatch uid the receivers were connected with."""
    uid = f"newsroom-invalidate:{model._meta.label}:{tags_for.__module__}.{tags_for.__qualname__}"

    def on_change(instance, **_kwargs):
        invalidate(*tags_for(instance))

    def on_m2m_change(instance, action, reverse=False, pk_set=None, **_kwargs):
        if action not in {"post_add", "post_remove", "post_clear"}:
            return
        if not reverse:
            invalidate(*tags_for(instance))
        elif pk_set:  # from the other side (author.articles.add(story)): each one named
            for changed in model._default_manager.filter(pk__in=pk_set):
                invalidate(*tags_for(changed))
        else:  # cleared from the other side: which ones is not known
            invalidate(SITE)

    post_save.connect(on_change, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(on_change, sender=model, dispatch_uid=uid, weak=False)
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(on_m2m_change, sender=through, dispatch_uid=f"{uid}:{name}", weak=False)
    return uid


# --- How long a page may be kept ----------------------------------------------------------------

_lifetime_limits = []
# The Unix time of the soonest moment a limit named (0: none), in the pages' store.
NEXT_CHANGE_KEY = "page-cache:next-change"


def limit_page_lifetime(seconds_left):
    """Register `seconds_left()`: seconds until content changes without a save (a scheduled story
    going live), or None. Pages and fragments are kept no longer."""
    _lifetime_limits.append(seconds_left)
    return seconds_left


def read_current(store, keys):
    """({key: value}, the noted next change) for `keys` of the shared cache, read in one round
    trip with NEXT_CHANGE_KEY. When that moment has passed (a scheduled story or an embargo is
    due, with nothing saved), the lifetime limits run first, so the tags they invalidate are
    bumped before anything is served or rendered under the old generations, and `keys` are
    read again. The pages' own expiry cannot be relied on for this: the shared cache expires
    them on its own clock, and a {% cache %} fragment outlives the moment by up to its timeout."""
    found = store.get_many([*keys, NEXT_CHANGE_KEY])
    next_change = found.pop(NEXT_CHANGE_KEY, None)
    if next_change and next_change <= time.time():
        page_lifetime()
        found = store.get_many(keys)
        next_change = None  # just noted again
    return found, next_change


def page_lifetime(*, noted_change=None):
    """Seconds a page rendered now may be kept. Runs every `limit_page_lifetime` function (the
    one whose moment has passed invalidates its tags then) and notes the soonest moment in the
    shared cache (NEXT_CHANGE_KEY, unless `noted_change`, read with the page, already says so),
    so that every request, hits included, notices when it has come (`read_current`)."""
    timeout = settings.CACHE_MIDDLEWARE_SECONDS
    soonest = None
    for seconds_left in _lifetime_limits:
        seconds = seconds_left()
        if seconds is not None:
            soonest = seconds if soonest is None else min(soonest, seconds)
    change = time.time() + soonest if soonest is not None else 0
    if noted_change is None or abs(change - noted_change) > 1:
        _store().set(NEXT_CHANGE_KEY, change, timeout=None)
    if soonest is not None:
        timeout = min(timeout, max(1, math.ceil(soonest)))
    return timeout


# Per thread (and per async task): the generations this request's fragments are keyed on.
_this_request = Local()


def _request_started(**_kwargs):
    _this_request.in_request = True
    _this_request.generations_read = None
    _this_request.page_kind = None
    _this_request.page_path = None
    _this_request.page_tags = ()
    _this_request.fragments_read = {}
    _this_request.fragments_asked = []
    _this_request.fragments_pending = {}
    _this_request.generations_started = {}


def _request_finished(**_kwargs):
    pending = getattr(_this_request, "fragments_pending", None)
    if pending:
        # Written once the response has gone, under the generations the page was rendered with
        # (still this request's): one round trip for all of them where the store allows it.
        _this_request.fragments_pending = {}
        caches["template_fragments"].write_pending(pending)
    kind = getattr(_this_request, "page_kind", None)
    asked = getattr(_this_request, "fragments_asked", None)
    if kind is not None and asked:
        asked = tuple(dict.fromkeys(asked))[:FRAGMENTS_PER_PAGE_LIMIT]
        for learned, name, limit in (
            (_fragments_by_kind, kind, FRAGMENT_KINDS_LIMIT),
            (_fragments_by_path, _this_request.page_path, FRAGMENT_PATHS_LIMIT),
        ):
            if name not in learned and len(learned) >= limit:
                learned.clear()
            learned[name] = asked
    _this_request.in_request = False
    _this_request.generations_read = None
    _this_request.page_kind = None
    _this_request.page_path = None
    _this_request.page_tags = ()
    _this_request.fragments_read = {}
    _this_request.fragments_asked = []
    _this_request.fragments_pending = {}
    _this_request.generations_started = {}


request_started.connect(_request_started, dispatch_uid="newsroom-cache-request-started")
request_finished.connect(_request_finished, dispatch_uid="newsroom-cache-request-finished")


def _generations_in_request():
    """The generations of PAGE_CACHE_FRAGMENT_TAGS and of the page's own tags, read once per
    request: a page's fragments share one round trip, not one each. Reading them once, before
    the first fragment renders, is no less safe than reading them for each: a fragment rendered
    after an invalidation elsewhere is stored under the older generations, which that
    invalidation has already made stale. This request's own invalidate() reads them again;
    outside a request (a command, a task), every fragment reads them."""
    current = getattr(_this_request, "generations_read", None)
    if current is None:
        store = _store()
        shared = settings.PAGE_CACHE_FRAGMENT_TAGS
        tags = list(dict.fromkeys([*shared, *getattr(_this_request, "page_tags", ())]))
        keys = [GENERATION_KEY.format(tag=tag) for tag in tags]
        found, _next_change = read_current(store, keys)
        current = {tag: found.get(key) for tag, key in zip(tags, keys, strict=True)}
        for tag, key in zip(tags, keys, strict=True):
            # The page's own tags are started only by a page fragment (page_version): a made-up
            # address's error page leaves nothing behind.
            if current[tag] is None and tag in shared:
                current[tag] = _first_generation(store, key)
        if getattr(_this_request, "in_request", False):
            _this_request.generations_read = current
    return current


def _fragment_stamp():
    current = _generations_in_request()
    return ".".join(str(current[tag]) for tag in settings.PAGE_CACHE_FRAGMENT_TAGS)


# The name every {% page_fragment %} starts with (newsroom.templatetags.page_fragments).
PAGE_FRAGMENT_PREFIX = "page:"


def page_version(*, start=True):
    """The generations of this page's own tags besides the site's ("article:<slug>"...), read
    with the fragments' (no round trip of its own): `{% page_fragment %}` keys on it, so an
    edit of the story drops its fragments and nothing else. "" outside a page that opted in.
    A tag with no generation yet gets one, unless not `start` (None then: nothing can be kept
    under it yet)."""
    page_tags = getattr(_this_request, "page_tags", ())
    if not page_tags:
        return ""
    current = _generations_in_request()
    shared = {*settings.PAGE_CACHE_FRAGMENT_TAGS, SITE}
    own = [tag for tag in page_tags if tag not in shared]
    for tag in own:
        if current[tag] is None:  # never invalidated, or evicted: a new one, never reused
            if not start:
                return None
            current[tag] = _first_generation(_store(), GENERATION_KEY.format(tag=tag))
    return ".".join(str(current[tag]) for tag in own)


def page_tag_version(tag):
    """The generation of one of this page's own tags (started if it has none), read with the
    fragments'; None outside a request for a page that has the tag."""
    if tag not in getattr(_this_request, "page_tags", ()):
        return None
    current = _generations_in_request()
    if current[tag] is None:
        current[tag] = _first_generation(_store(), GENERATION_KEY.format(tag=tag))
    return current[tag]


def kept_for_page(name, *vary_on):
    """What `keep_for_page(value, name, ...)` kept for this page (an object it shows, say its
    story's row), under the same keys as its {% page_fragment %}s and read with them in one
    round trip; None if nothing is, and outside a request for a page that opted in."""
    if not getattr(_this_request, "in_request", False) or not page_version(start=False):
        return None
    key = make_template_fragment_key(f"{PAGE_FRAGMENT_PREFIX}{name}", vary_on)
    return caches["template_fragments"].get(key)


def keep_for_page(value, name, *vary_on, timeout):
    """Keep `value` for this page until its own tags or the site's change, or `timeout`."""
    if getattr(_this_request, "in_request", False) and page_version():
        key = make_template_fragment_key(f"{PAGE_FRAGMENT_PREFIX}{name}", vary_on)
        caches["template_fragments"].set(key, value, timeout)


# --- Fragments read together -------------------------------------------------------------------
#
# A page's {% cache %} fragments are read in one round trip: the first one a request asks for
# brings, with it, every fragment the last request for the same kind of page (its view) or the
# same address asked for in this process (newsroom.cache_backends.BatchedFragmentsMixin). Misses
# are rendered as Django's tag does, and written together once the response has gone. What the
# last request for each view and for each address asked for, per process: {view name: raw keys},
# {path: raw keys}.
_fragments_by_kind = {}
_fragments_by_path = {}
FRAGMENT_KINDS_LIMIT = 256
FRAGMENT_PATHS_LIMIT = 2048
FRAGMENTS_PER_PAGE_LIMIT = 64
MISSING = object()


def note_page(kind, path, tags=()):
    """Called once the request's view is known (FetchPageCacheMiddleware.process_view): its
    name and address, and the tags of a page that opted in (page_version)."""
    if getattr(_this_request, "in_request", False):
        _this_request.page_kind = kind
        _this_request.page_path = path
        _this_request.page_tags = tuple(tags)


def fragments_in_request():
    """(what this request read or wrote: {raw key: value or MISSING}, the raw keys it asked for,
    the keys to read with the first one, its writes still to make: {raw key: (value, timeout,
    version)}), or None outside a request: each fragment is then read and written alone."""
    if not getattr(_this_request, "in_request", False):
        return None
    kind = getattr(_this_request, "page_kind", None)
    expected = ()
    if kind is not None:
        expected = (
            *_fragments_by_path.get(_this_request.page_path, ()),
            *_fragments_by_kind.get(kind, ()),
        )
    return (
        _this_request.fragments_read,
        _this_request.fragments_asked,
        expected,
        _this_request.fragments_pending,
    )


def fragment_key(key, key_prefix, version):
    """KEY_FUNCTION of the template_fragments alias: {% cache %} keys carry the generations of
    PAGE_CACHE_FRAGMENT_TAGS, so invalidating those drops every fragment with the pages."""
    # A fragment is in the page's language (its words, its stories): kept apart per language.
    full = f"{key_prefix}:{version}:{_fragment_stamp()}:{current_language()}:{key}"
    if key.startswith(f"template.cache.{PAGE_FRAGMENT_PREFIX}"):
        # {% page_fragment %}: the page's own tags too (newsroom.templatetags.page_fragments).
        full = f"{full}:{page_version()}"
    return full


# --- Opting a page in ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PagePolicy:
    depends_on: tuple  # tags, or functions (request, **view_kwargs) -> tags
    query: frozenset  # the query parameters that change the page

    def tags(self, request, view_kwargs):
        tags = [SITE]
        for item in self.depends_on:
            tags.extend(item(request, **view_kwargs) if callable(item) else [item])
        return list(dict.fromkeys(tags))


def cached_page(view, *, depends_on=(), query=()):
    """Opt a view in to the page cache, in a URLconf:

        path("<slug:slug>/", cached_page(views.story, depends_on=[story_tags]), name="detail")

    `depends_on`: tags (strings), or functions of (request, **view_kwargs) returning tags; every
    page also depends on "site". `query`: the query parameters the page reads (say "page");
    any other is left out of the key."""
    view.page_policy = PagePolicy(tuple(depends_on), frozenset(query))
    return view


def _valid_session(request):
    """Whether the request carries a session with something in it (a signed-in user, a reader's
    pending thank-you). A made-up or expired cookie loads an empty session."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    return session is not None and bool(session.items())


def page_key(request, policy):
    """The page's key: scheme, host, path, the named query parameters, whether the reader takes
    gzip (the stored copy is compressed or not)."""
    params = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in policy.query
        for value in values
    )
    gzip = "gz" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "id"
    identity = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(params)}:{gzip}"
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:{digest}"


# --- The two middlewares ------------------------------------------------------------------------

# PAGE_CACHE_LOCAL_SECONDS > 0 (off by default): each worker also keeps the pages it served for
# that long, and serves them again without asking the shared cache, so a hit costs no round trip;
# another worker's change then shows here within that many seconds, this worker's own at once.
# {key: (valid until, generation keys, pickled (stamp, stored_at, response))}
_local_pages = {}
LOCAL_PAGES_LIMIT = 512


def _remember_locally(key, generation_keys, entry, *, until=None):
    """Keep a served page in this process for PAGE_CACHE_LOCAL_SECONDS, and never past `until`
    (the noted next change, Unix time): a scheduled story then shows here at once too."""
    seconds = settings.PAGE_CACHE_LOCAL_SECONDS
    if until:
        seconds = min(seconds, until - time.time())
    if seconds <= 0:
        return
    if len(_local_pages) >= LOCAL_PAGES_LIMIT:
        _local_pages.clear()
    _local_pages[key] = (time.monotonic() + seconds, tuple(generation_keys), pickle.dumps(entry))


def _local_page(key, generation_keys):
    held = _local_pages.get(key) if settings.PAGE_CACHE_LOCAL_SECONDS > 0 else None
    if held is None or held[0] <= time.monotonic() or held[1] != tuple(generation_keys):
        return None
    return pickle.loads(held[2])  # noqa: S301 - our own pickle, made in this process


class FetchPageCacheMiddleware(FetchFromCacheMiddleware):
    """Serves a stored page to an anonymous reader, once the address is known to be a page that
    opted in (process_view, not process_request). One round trip reads the page and the current
    generations of its tags together; a page stored under older generations is a miss."""

    def process_request(self, request):
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        policy = getattr(view_func, "page_policy", None)
        if request.resolver_match is not None:
            tags = policy.tags(request, view_kwargs) if policy is not None else ()
            note_page(request.resolver_match.view_name, request.path, tags)
        if policy is None or not settings.PAGE_CACHE_ENABLED:
            return None
        if request.method not in {"GET", "HEAD"}:
            return None
        if _valid_session(request):
            request._page_cache = "bypass"
            return None
        tags = policy.tags(request, view_kwargs)
        key = page_key(request, policy)
        generation_keys = [GENERATION_KEY.format(tag=tag) for tag in tags]
        entry = _local_page(key, generation_keys)
        stamp = entry[0] if entry is not None else None
        next_change = None
        if entry is None:
            found, next_change = read_current(self.cache, [key, *generation_keys])
            # A tag with no generation yet (never invalidated, or evicted) matches no page.
            stamp = tuple(found.get(generation_key) for generation_key in generation_keys)
            entry = found.get(key)
            if entry is not None and entry[0] == stamp:
                _remember_locally(key, generation_keys, entry, until=next_change)
        if entry is not None and entry[0] == stamp:
            stored_at, response = entry[1], entry[2]
            response["Age"] = max(0, int(time.time() - stored_at))
            response[CACHE_STATUS_HEADER] = "hit"
            request._cache_update_cache = False
            return response
        request._page_cache = "store"
        request._page_cache_key = key
        request._page_cache_stamp = stamp
        request._page_cache_generation_keys = generation_keys
        request._page_cache_next_change = next_change
        request._cache_update_cache = True
        return None


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    """Stores what FetchPageCacheMiddleware missed, if it is the same for every reader."""

    def process_response(self, request, response):
        state = getattr(request, "_page_cache", None)
        if state == "bypass":
            # A signed-in reader or staff: never kept by a browser or a CDN for someone else.
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if state != "store" or not self._should_update_cache(request, response):
            return response
        if not _shareable(request, response):
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        stamp = self._complete_stamp(request)
        if stamp is None:
            return response
        timeout = page_lifetime(noted_change=request._page_cache_next_change)
        response.headers.setdefault("Last-Modified", http_date())
        response.headers.setdefault("Expires", http_date(time.time() + timeout))
        response["Cache-Control"] = (
            f"public, max-age={min(settings.PAGE_CACHE_BROWSER_MAX_AGE, timeout)}, "
            f"s-maxage={timeout}, "
            f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}"
        )
        stored_at, key = time.time(), request._page_cache_key
        if hasattr(response, "render") and callable(response.render):
            response.add_post_render_callback(
                lambda rendered: self.cache.set(key, (stamp, stored_at, rendered), timeout)
            )
        else:
            self.cache.set(key, (stamp, stored_at, response), timeout)
        response[CACHE_STATUS_HEADER] = "miss"
        return response

    def _complete_stamp(self, request):
        """The generations the page was rendered under. Those a tag did not have yet are started
        here, for pages worth keeping only (made-up addresses leave nothing behind); if another
        process started one meanwhile (an edit, perhaps), this render may predate it: not kept."""
        stamp = []
        for value, key in zip(
            request._page_cache_stamp, request._page_cache_generation_keys, strict=True
        ):
            if value is None:
                # Started by this request's own fragments, it was rendered under it.
                value = getattr(_this_request, "generations_started", {}).get(key)
            if value is None:
                value = time.time_ns() // 1000
                if not self.cache.add(key, value, timeout=None):
                    return None
            stamp.append(value)
        return tuple(stamp)


def _shareable(request, response):
    """Whether the response is the same for every anonymous reader."""
    if response.streaming or response.status_code != 200 or response.cookies:
        return False
    directives = set(split_directive_names(response.get("Cache-Control", "")))
    if directives & {"private", "no-cache", "no-store"} or has_vary_header(response, "*"):
        return False
    if getattr(request, "_csp_nonce", None):  # the nonce was used: it is in the page
        return False
    session = getattr(request, "session", None)
    return session is None or not session.modified
