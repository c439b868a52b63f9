"""A live story's coverage (pinned entry, entries newest first, or the archive's summary) as a
live island, one per story. static/js/live.js holds new states back behind a "N new updates"
button instead of moving the page under the reader."""

from newsroom.islands import Island, register

from .selectors import coverage_for_readers


def live_state(key):
    if not key.isdigit():
        return None
    view = coverage_for_readers(int(key))
    if view is None:
        return None
    return {"live": view, "article": view.coverage.article}


live_island = register(
    Island(
        "live",
        state=live_state,
        template="live/_coverage.html",
        keyed=True,
        poll=20,
        max_age=10,
        # static/js/live.js says what is new (islands.js would read the new state on apply).
        announce=False,
        css_class="live-island",
    )
)
