"""The wire fetches feeds and posts webhooks to the public internet only (outbound.py)."""

import http.server
import threading

import pytest

from syndication import outbound, services, webhooks
from syndication.ingest import FeedError


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/feed",
        "http://localhost/feed",
        "http://[::1]/feed",
        "http://10.1.2.3/feed",
        "http://192.168.0.10/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/feed",
        "http://0.0.0.0/feed",
        "ftp://partner.example/feed",
    ],
)
def test_private_and_odd_addresses_are_refused_before_connecting(url, settings):
    settings.SYNDICATION_ALLOW_PRIVATE_URLS = False
    with pytest.raises(outbound.BlockedAddressError):
        outbound.check_public(url)


def test_a_public_address_passes(settings, monkeypatch):
    settings.SYNDICATION_ALLOW_PRIVATE_URLS = False
    monkeypatch.setattr(outbound, "_addresses", lambda host, port: {"93.184.215.14"})
    outbound.check_public("https://partner.example/feed")


@pytest.fixture
def local_server():
    """A feed on this machine that also redirects to itself."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{self.server.server_port}/feed")
                self.end_headers()
                return
            body = b"<rss version='2.0'><channel></channel></rss>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


def test_a_feed_on_a_private_address_is_refused_with_a_clear_message(local_server, settings):
    settings.SYNDICATION_ALLOW_PRIVATE_URLS = False
    with pytest.raises(FeedError, match="not on the public internet"):
        services.fetch_feed(f"{local_server}/feed")
    status, error = webhooks.post(f"{local_server}/hook", b"{}", {})
    assert status is None
    assert "not on the public internet" in error


def test_redirects_are_checked_too(local_server, settings, monkeypatch):
    settings.SYNDICATION_ALLOW_PRIVATE_URLS = False
    # The first address passes the check (as a public name would); its redirect to a private
    # address is refused.
    checked = []

    def check(url):
        checked.append(url)
        if len(checked) > 1:
            raise outbound.BlockedAddressError("private")

    monkeypatch.setattr(outbound, "check_public", check)
    with pytest.raises(FeedError, match="private"):
        services.fetch_feed(f"{local_server}/moved")
    assert checked == [f"{local_server}/moved", f"{local_server}/feed"]


def test_development_may_allow_this_machine(local_server, settings):
    settings.SYNDICATION_ALLOW_PRIVATE_URLS = True
    assert services.fetch_feed(f"{local_server}/moved").startswith(b"<rss")
    assert webhooks.post(f"{local_server}/hook", b"{}", {}) == (204, "")
