"""Posts from other sites in live entries, shown click-to-load only.

Readers first see a link to the post; a button (static/js/live.js) swaps in the provider's own
player or card in an <iframe> only when the reader asks, so nothing is fetched from another site
before that. Only these providers can be framed (settings.SECURE_CSP's frame-src names their hosts
and nothing else); any other address stays a plain link.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# Provider -> (hosts a post's address may have, pattern of the post's path, frame address).
_YOUTUBE_ID = r"[A-Za-z0-9_-]{11}"
PROVIDERS = {
    "YouTube": (
        {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"},
        None,  # several address shapes: see _youtube_id
        "https://www.youtube-nocookie.com/embed/{id}",
    ),
    "Vimeo": (
        {"vimeo.com", "www.vimeo.com"},
        re.compile(r"^/(\d{1,12})/?$"),
        "https://player.vimeo.com/video/{id}?dnt=1",
    ),
    "Instagram": (
        {"instagram.com", "www.instagram.com"},
        re.compile(r"^/(?:p|reel)/([A-Za-z0-9_-]{5,40})/?$"),
        "https://www.instagram.com/p/{id}/embed/",
    ),
    "X": (
        {"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"},
        re.compile(r"^/[A-Za-z0-9_]{1,15}/status/(\d{1,25})/?$"),
        "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true",
    ),
}
# What SECURE_CSP's frame-src allows: the frame addresses' origins, nothing else.
FRAME_ORIGINS = (
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.instagram.com",
    "https://platform.twitter.com",
)


@dataclass(frozen=True)
class Embed:
    url: str  # the post, as the editor gave it
    host: str  # for the link's words: "youtube.com"
    provider: str  # "YouTube", or "" for a site we only link to
    frame_src: str  # the address framed on the reader's click, or ""


def _youtube_id(parts):
    if parts.hostname == "youtu.be":
        candidate = parts.path.strip("/")
    elif parts.path == "/watch":
        candidate = (parse_qs(parts.query).get("v") or [""])[0]
    else:
        match = re.match(r"^/(?:shorts|live|embed)/([^/]+)/?$", parts.path)
        candidate = match.group(1) if match else ""
    return candidate if re.fullmatch(_YOUTUBE_ID, candidate) else ""


def describe(url):
    """The Embed for a post's address, or None for something that is not an http(s) address."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    for provider, (hosts, pattern, frame) in PROVIDERS.items():
        if host not in hosts:
            continue
        if pattern is None:
            post_id = _youtube_id(parts)
        else:
            match = pattern.match(parts.path)
            post_id = match.group(1) if match else ""
        if post_id:
            return Embed(
                url=url,
                host=host.removeprefix("www."),
                provider=provider,
                frame_src=frame.format(id=post_id),
            )
    return Embed(url=url, host=host.removeprefix("www."), provider="", frame_src="")
