"""Live islands: the parts of a cached page that move on their own (the ticker, the appeal's bar,
a story's comments).

An island is a small HTML fragment with its own address, `/islands/<name>/` or
`/islands/<name>/<key>/` for an island per object (keyed). The page around it stays in the page
cache; `{% island "name" key %}` prints the island's state as of the page's render inside a marked
container, and static/js/islands.js asks the island's address for something newer every `poll`
seconds (If-None-Match: a 304 while nothing changed), pausing while the tab is hidden.

Each app declares its islands in `<app>/islands.py` (found by `autodiscover()`, run in
NewsroomConfig.ready) and says there when they change, by calling `island.invalidate(key)` from
its services or signal receivers. An invalidation moves the generation of the island's cache tag
(`newsroom.cache.invalidate`), so every worker agrees at once; it does not touch the page cache.

A rendered island is kept in the shared cache under one key with the generations of its tags
(newsroom.cache: `island:<name>`, and `island:<name>:<key>` for a keyed one) it was built at, so
serving it is one round trip (`get_many`), and in each worker's memory for
`ISLANDS_LOCAL_SECONDS` (0: never), so a worker serving thousands of readers asks Redis at most
that often. The ETag is a digest of the HTML: a change that shows nothing new still answers 304.
"""

import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response
from django.utils.module_loading import autodiscover_modules

# The store the cache tags' generations live in: islands are kept beside them, so one get_many
# reads both.
from .cache import GENERATION_KEY, invalidate, island_tag
from .cache import _store as _shared_store
from .languages import current_language

# How many rendered islands each worker keeps in memory (keyed islands have one per object).
LOCAL_ENTRIES = 512
KEY_PREFIX = "island"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@dataclass(frozen=True)
class Rendered:
    """An island's state as readers see it."""

    html: str
    etag: str  # quoted, strong
    gzipped: bytes
    built_at: float  # Unix time


class Island:
    """One live part of a page.

    - `state(key)` (or `state()` when not keyed) returns the template's context, or None when
      there is nothing to show at that key (an unknown story: the endpoint answers 404 and
      nothing is kept).
    - `timeout`: seconds a rendered state is kept at most, an int or a function of the context
      (for states that change with the clock, like ticker items that end on their own).
    - `poll`: seconds between the script's requests; `max_age`: what browsers and shared caches
      may keep the fragment (a CDN in front absorbs the readers' polls).
    - `announce`: the script reads the text of an element marked `data-island-announce` in each
      new state aloud (politely) to screen-reader users.
    """

    def __init__(
        self,
        name,
        *,
        state,
        template,
        keyed=False,
        poll=60,
        max_age=10,
        timeout=300,
        announce=False,
        css_class="",
    ):
        self.name = name
        self.state = state
        self.template = template
        self.keyed = keyed
        self.poll = poll
        self.max_age = max_age
        self.timeout = timeout
        self.announce = announce
        self.css_class = css_class

    def __repr__(self):
        return f"<Island {self.name}>"

    # --- keys -------------------------------------------------------------------------------

    def tag(self, key=None):
        """The cache tag (newsroom.cache) whose generation this island (at `key`) is kept under:
        `island:<name>`, and `island:<name>:<key>` for one key of a keyed island."""
        return island_tag(self.name if key is None else f"{self.name}:{key}")

    def _entry_key(self, key):
        # Rendered once per language (its words, and the stories of that language): the page's,
        # or the island address's (/hi/islands/...). The tags, and so invalidation, are shared.
        language = current_language()
        if self.keyed:
            return f"{KEY_PREFIX}:{self.name}:{key}:{language}:entry"
        return f"{KEY_PREFIX}:{self.name}:{language}"

    def _check_key(self, key):
        if self.keyed and key is None:
            raise ValueError(f"island {self.name!r} is keyed: give a key")
        if not self.keyed and key is not None:
            raise ValueError(f"island {self.name!r} has no keys")

    # --- reading ----------------------------------------------------------------------------

    def current(self, key=None):
        """The island's state as a `Rendered`, or None when there is nothing at `key`."""
        self._check_key(key)
        if key is not None:
            key = str(key)
        entry_key = self._entry_key(key)
        local = _memory.get(entry_key)
        if local is not None:
            return local
        tags = [self.tag()] if key is None else [self.tag(), self.tag(key)]
        names = [GENERATION_KEY.format(tag=tag) for tag in tags] + [entry_key]
        store = _shared_store()
        stored = store.get_many(names)
        generations = tuple(stored.get(name) for name in names[:-1])
        entry = stored.get(entry_key)
        if entry is not None and entry[0] == generations and entry[1] > time.time():
            rendered = entry[2]
        else:
            rendered, timeout = self._render(key)
            if rendered is None:
                return None
            expires_at = time.time() + timeout
            store.set(entry_key, (generations, expires_at, rendered), timeout)
        _memory.put(entry_key, rendered)
        return rendered

    def _render(self, key):
        context = self.state() if key is None else self.state(key)
        if context is None:
            return None, 0
        timeout = self.timeout(context) if callable(self.timeout) else self.timeout
        html = render_to_string(self.template, context)
        digest = hashlib.sha256(html.encode()).hexdigest()[:24]
        rendered = Rendered(
            html=html,
            etag=f'"{digest}"',
            gzipped=gzip.compress(html.encode(), compresslevel=6, mtime=0),
            built_at=time.time(),
        )
        return rendered, max(1, int(timeout))

    # --- changing ---------------------------------------------------------------------------

    def invalidate(self, key=None):
        """The island changed (at `key`, or at every key when None): the next request renders it
        again, in every worker. Now, and again after the current transaction commits, so a
        reader who rendered the old rows in between cannot keep them."""
        invalidate_together((self, key))

    def _checked_key(self, key):
        if key is None:
            return None
        self._check_key(key)
        return str(key)

    def _forget_local(self, key):
        # This worker's memory, at once (other workers' copies last ISLANDS_LOCAL_SECONDS).
        if key is None:
            _memory.forget_prefix(f"{KEY_PREFIX}:{self.name}:")
        else:
            _memory.forget_prefix(f"{KEY_PREFIX}:{self.name}:{key}:")

    # --- addresses --------------------------------------------------------------------------

    def url(self, key=None):
        from django.urls import reverse

        if key is None:
            return reverse("islands:island", kwargs={"name": self.name})
        return reverse("islands:keyed", kwargs={"name": self.name, "key": key})


class _Memory:
    """Rendered islands this worker read from the shared cache in the last few seconds."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = OrderedDict()

    def get(self, entry_key):
        seconds = settings.ISLANDS_LOCAL_SECONDS
        if seconds <= 0:
            return None
        with self.lock:
            found = self.entries.get(entry_key)
            if found is None:
                return None
            if time.monotonic() - found[0] >= seconds:
                del self.entries[entry_key]
                return None
            return found[1]

    def put(self, entry_key, rendered):
        if settings.ISLANDS_LOCAL_SECONDS <= 0:
            return
        with self.lock:
            self.entries[entry_key] = (time.monotonic(), rendered)
            self.entries.move_to_end(entry_key)
            while len(self.entries) > LOCAL_ENTRIES:
                self.entries.popitem(last=False)

    def forget(self, entry_key):
        with self.lock:
            self.entries.pop(entry_key, None)

    def forget_prefix(self, prefix):
        with self.lock:
            for entry_key in [k for k in self.entries if k.startswith(prefix)]:
                del self.entries[entry_key]

    def clear(self):
        with self.lock:
            self.entries.clear()


_memory = _Memory()
_registry = {}


def register(island):
    """Add an island (from `<app>/islands.py`); returns it, to be kept and invalidated."""
    if island.name in _registry and _registry[island.name] is not island:
        raise ValueError(f"an island named {island.name!r} is registered already")
    _registry[island.name] = island
    return island


def get_island(name):
    return _registry.get(name)


def registered():
    return dict(_registry)


def forget_local_copies():
    """Empty this worker's memory of islands (tests, or a worker that must re-read at once)."""
    _memory.clear()


def invalidate_together(*changes):
    """Invalidate several islands in one go: `invalidate_together((island, key), ...)`; a key of
    None means every key of that island."""
    changes = [(island, island._checked_key(key)) for island, key in changes]
    invalidate(*(island.tag(key) for island, key in changes))
    for island, key in changes:
        island._forget_local(key)


def autodiscover():
    autodiscover_modules("islands")


# --- The endpoint ---------------------------------------------------------------------------------


def island_view(request, name, key=None):
    """`/islands/<name>/[<key>/]`: the island's HTML, with an ETag (304 on If-None-Match) and a
    short public max-age. Compressed once per state for browsers that accept gzip."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    island = _registry.get(name)
    if island is None or island.keyed != (key is not None):
        raise Http404("No such island.")
    rendered = island.current(key)
    if rendered is None:
        raise Http404("Nothing to show here.")
    etag = rendered.etag
    gzipped = bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    if gzipped:
        etag = f"W/{etag}"  # another encoding of the same state: a weak validator
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(
            rendered.gzipped if gzipped else rendered.html,
            content_type="text/html; charset=utf-8",
        )
        if gzipped:
            response["Content-Encoding"] = "gzip"
    # Set outright: the response is new, and this is among the most requested addresses.
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = f"public, max-age={island.max_age}"
    response["X-Robots-Tag"] = "noindex"
    return response
