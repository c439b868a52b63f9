"""Which cached pages a newsletter's change makes stale: only /newsletters/, which lists them.
The quick sign-up forms name no list, so the rest of the site stays cached."""

from newsroom.cache import invalidate_on_change

NEWSLETTERS_TAG = "newsletters"


def connect(newsletter_model):
    invalidate_on_change(newsletter_model, lambda _newsletter: [NEWSLETTERS_TAG])
