"""Signed links in newsletter e-mails: no account, no password, and nothing guessable.

Each link names a subscriber by its random `token` (never the address or a row id) and is signed
with the site's SECRET_KEY under a salt of its own, so a confirm link cannot be used as an
unsubscribe link or the other way round. Confirm links expire; unsubscribe and preferences links
do not (a reader may unsubscribe from a year-old issue), but stop working once the reader's data
is erased (the token goes with the row).
"""

from django.core import signing
from django.urls import reverse

from articles.seo import absolute_url

CONFIRM_SALT = "newsletters.confirm"
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
PREFERENCES_SALT = "newsletters.preferences"

# Long enough for a reader who opens their mail the next weekend.
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60


class BadLinkError(Exception):
    """The link was changed, is not ours, or has expired."""


def confirm_token(subscriber, subscription_ids):
    ids = ".".join(str(pk) for pk in sorted(subscription_ids))
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{subscriber.token}:{ids}")


def read_confirm_token(token):
    """-> (subscriber token, [subscription ids]); BadLinkError if forged or expired."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRM_MAX_AGE)
        subscriber_token, ids = value.split(":", 1)
        return subscriber_token, [int(pk) for pk in ids.split(".") if pk]
    except (signing.BadSignature, ValueError) as error:
        raise BadLinkError(str(error)) from error


def unsubscribe_token(subscriber, newsletter):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{subscriber.token}:{newsletter.pk}")


def read_unsubscribe_token(token):
    """-> (subscriber token, newsletter id)."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
        subscriber_token, newsletter_id = value.split(":", 1)
        return subscriber_token, int(newsletter_id)
    except (signing.BadSignature, ValueError) as error:
        raise BadLinkError(str(error)) from error


def preferences_token(subscriber):
    return signing.Signer(salt=PREFERENCES_SALT).sign(str(subscriber.token))


def read_preferences_token(token):
    try:
        return signing.Signer(salt=PREFERENCES_SALT).unsign(token)
    except signing.BadSignature as error:
        raise BadLinkError(str(error)) from error


def confirm_url(subscriber, subscription_ids):
    return absolute_url(
        reverse("newsletters:confirm", args=[confirm_token(subscriber, subscription_ids)])
    )


def unsubscribe_url(subscriber, newsletter):
    return absolute_url(
        reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscriber, newsletter)])
    )


def preferences_url(subscriber):
    return absolute_url(reverse("newsletters:preferences", args=[preferences_token(subscriber)]))


OPEN_SALT = "newsletters.opened"
APPEAL_SALT = "newsletters.appeal"


def open_token(delivery):
    return signing.Signer(salt=OPEN_SALT).sign(str(delivery.pk))


def appeal_token(delivery):
    return signing.Signer(salt=APPEAL_SALT).sign(str(delivery.pk))


def _read_delivery(token, salt):
    try:
        return int(signing.Signer(salt=salt).unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise BadLinkError(str(error)) from error


def read_open_token(token):
    return _read_delivery(token, OPEN_SALT)


def read_appeal_token(token):
    return _read_delivery(token, APPEAL_SALT)
