"""Browser tests: Playwright for Python driving Debian's Chromium against the live server.

They are skipped, with a message saying so, when /usr/bin/chromium is absent. Never a downloaded
browser.
"""

import contextlib
import os
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
OUTPUT_DIR = Path(
    os.environ.get("TEST_OUTPUT_DIR", Path(__file__).resolve().parents[2] / "test-output")
)


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if not CHROMIUM.exists():
        reason = f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)"
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM.exists():
        terminalreporter.write_line(
            f"NOTE: the browser tests were SKIPPED because {CHROMIUM} is missing "
            "(install Debian's chromium to run them).",
            yellow=True,
        )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, where the tests also use the ORM.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-IN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.console_errors = errors
    yield page
    # Leave the page first: the change form's goodbye beacon (and any heartbeat in flight) must land
    # before the test's database is flushed, or SQLite reports its tables locked during the flush.
    with contextlib.suppress(Exception):  # a crashed or closed page has nothing left to send
        page.goto("about:blank")
    context.close()
    wait_for_live_server_requests()


def wait_for_live_server_requests(timeout=10.0):
    """Wait until the live server has no request thread running (socketserver names each one after
    its target, process_request_thread), and stays so for a moment: a beacon leaves the browser
    just after the navigation that triggered it."""
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        busy = any(
            "process_request_thread" in thread.name and thread.is_alive()
            for thread in threading.enumerate()
        )
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 0.2:
            return
        time.sleep(0.02)


@pytest.fixture
def output_dir():
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUTPUT_DIR


def assert_no_serious_axe_violations(page, label):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    report = "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in serious
    )
    assert not serious, f"axe found serious or critical problems on {label}:\n{report}"


def login_to_admin(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
