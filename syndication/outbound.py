"""Requests the wire makes to addresses staff typed in (partner feeds, clients' webhooks): only
to the public internet.

An address is refused before any connection when its host is, or resolves to, a loopback,
private, link-local (cloud metadata at 169.254.169.254), multicast or reserved address; every
redirect is checked the same way. `SYNDICATION_ALLOW_PRIVATE_URLS` (off unless set) lets a
development machine poll a feed on localhost.

What this does not cover: a name that resolves to a public address when checked and to a
private one a moment later, when urllib connects (DNS rebinding). Closing that needs the
connection pinned to the checked address, which urllib does not offer.
"""

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings


class BlockedAddressError(urllib.error.URLError):
    """The address is not on the public internet."""


def _addresses(host, port):
    try:
        return {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError) as error:
        raise urllib.error.URLError(f"the name {host} does not resolve ({error})") from None


def check_public(url):
    """Raise BlockedAddressError unless `url` is http(s) to a host on the public internet."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise BlockedAddressError("only http:// and https:// addresses are fetched")
    if getattr(settings, "SYNDICATION_ALLOW_PRIVATE_URLS", False):
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise BlockedAddressError("the address has an invalid port") from None
    for address in _addresses(parts.hostname, port):
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            raise BlockedAddressError(
                f"{parts.hostname} is not on the public internet ({ip}); the wire only "
                "connects to public addresses"
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def open_public(request, *, timeout):
    """urlopen(request) for a public address only (BlockedAddressError otherwise), following
    only redirects to public addresses."""
    check_public(request.full_url)
    return _opener.open(request, timeout=timeout)
