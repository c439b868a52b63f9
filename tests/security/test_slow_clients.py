"""Slow clients do not starve the server (issue 21, item 8): eight connections trickling their
headers in (a line every second or so, the slowloris way) while another reader asks for a page.
The server is started with `make run`'s own command line, on a database of its own."""

import contextlib
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[2]
SLOW_CONNECTIONS = 8


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _make_run_server_command(port):
    result = subprocess.run(  # noqa: S603 - a fixed command
        ["make", "--dry-run", "--always-make", "run", f"PORT={port}"],  # noqa: S607 - the Makefile
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # The recipe is one shell line (continued with backslashes) that starts the task worker and
    # the scheduler too: the web server is the command of it that runs gunicorn.
    commands = result.stdout.replace("\\\n", " ").replace("\n", ";").split(";")
    [serve] = [command.strip() for command in commands if "bin/gunicorn" in command]
    words = shlex.split(serve)
    # Leading VAR=value words are the command's environment.
    env = {}
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return words, env


def _get(url, timeout):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own server
        return response.status, response.read().decode()


@pytest.fixture
def make_run_server(tmp_path):
    port = _free_port()
    command, command_env = _make_run_server_command(port)
    env = {
        **os.environ,
        **command_env,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    # What `make run` does before it serves: migrate (here a database of the test's own) and
    # collect the static files the pages name.
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(  # noqa: S603 - manage.py itself
            [sys.executable, "manage.py", *step, "-v0"],
            cwd=BASE_DIR,
            env=env,
            check=True,
            timeout=300,
        )
    server = subprocess.Popen(  # noqa: S603 - the Makefile's own command line
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(120):
            try:
                _get(url + "/robots.txt", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("make run's server did not start")
        yield url, port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_eight_slow_header_connections_do_not_starve_other_readers(make_run_server):
    url, port = make_run_server
    stop = threading.Event()
    slow = []
    for _number in range(SLOW_CONNECTIONS):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(connection)

    def trickle():
        # One more header line on each connection every second: never the blank line that ends
        # the headers, so a server that reads them in a blocking way stays stuck on them.
        number = 0
        while not stop.wait(1.0):
            number += 1
            for connection in slow:
                with contextlib.suppress(OSError):
                    connection.sendall(f"X-Slow-{number}: still here\r\n".encode())

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        time.sleep(3)  # the slow connections are accepted and mid-headers
        # Another reader is served (a generous timeout: a starved server never answers it).
        status, body = _get(url + "/", timeout=20)
        assert status == 200
        assert "<html" in body
        status, _body = _get(url + "/robots.txt", timeout=20)
        assert status == 200
    finally:
        stop.set()
        trickler.join(timeout=5)
        for connection in slow:
            connection.close()
