"""API keys: made once, shown once, stored as a hash, looked up by their public prefix.

A key is `nwk_<prefix>_<secret>`. The secret has 256 bits of randomness, so a plain SHA-256 of the
whole key is as safe to store as a slow password hash and costs nothing on every request (slow
hashes exist for guessable passwords). Comparison is constant-time."""

import hashlib
import hmac
import re
import secrets

KEY_PATTERN = re.compile(r"^nwk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$")


def new_key():
    """(prefix, full key): a fresh key; the caller stores the prefix and the hash only."""
    prefix = secrets.token_hex(6)
    return prefix, f"nwk_{prefix}_{secrets.token_urlsafe(32)}"


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


def key_prefix(key):
    """The prefix of a well-formed key, or None for anything else."""
    match = KEY_PATTERN.match(key or "")
    return match.group(1) if match else None


def key_matches(key, secret_hash):
    return hmac.compare_digest(hash_key(key), secret_hash)
