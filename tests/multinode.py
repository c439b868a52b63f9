"""`make multinode`: the site on several nodes, proven (issue 28).

Starts, on this machine as if on several: a local S3 server (moto's server mode), two gunicorn
nodes on their own ports, two task workers and two schedulers, all against one PostgreSQL
database, one Redis database and one bucket; then shows, through HTTP only (as a load balancer
would send it):

1. an edit saved through node A is served by node B at once;
2. a picture uploaded through A is shown to a reader through B, from the bucket;
3. a takedown through B disappears from A and B;
4. the periodic heartbeat (every second) ran exactly once for every slot, with two schedulers and
   two workers;
5. killing node A under load loses no request: each request that fails on A is retried once on B
   (what a load balancer does with a GET), and the numbers are printed.

Then stops every process with SIGTERM and checks each stopped by itself. Prints a JSON summary
and exits 1 if any proof failed. Needs PostgreSQL and Redis (as .ci/run starts them):
MULTINODE_DATABASE_URL (a database it drops and makes again) and MULTINODE_REDIS_URL (a database
it empties) may point elsewhere.
"""

import html.parser
import http.client
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")
LOGS = BASE_DIR / "var" / "multinode"
DATABASE_URL = os.environ.get(
    "MULTINODE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_multinode_proof"
)
REDIS_URL = os.environ.get("MULTINODE_REDIS_URL", "redis://127.0.0.1:6379/10")
BUCKET = "newsroom-media"
LOAD_SECONDS = float(os.environ.get("MULTINODE_LOAD_SECONDS", "8"))
LOAD_THREADS = int(os.environ.get("MULTINODE_LOAD_THREADS", "6"))
# How long the load balancer waits for a node's answer before it tries the other node.
ANSWER_TIMEOUT = 30

results = {}
failures = []


def proof(name, ok, **figures):
    results[name] = {"ok": bool(ok), **figures}
    print(f"{'PASS' if ok else 'FAIL'} {name}: {json.dumps(figures, default=str)}", flush=True)
    if not ok:
        failures.append(name)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Services ------------------------------------------------------------------------------------


class Cluster:
    def __init__(self):
        self.processes = {}
        self.s3_port = free_port()
        self.node_ports = {"A": free_port(), "B": free_port()}
        self.env = {
            **os.environ,
            "DJANGO_ENV": "development",
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": "multinode",
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "multinode",
            "AWS_SECRET_ACCESS_KEY": "multinode",  # moto accepts any; not a secret
            "MEDIA_ORIGIN": f"http://127.0.0.1:{self.s3_port}",
            "HEARTBEAT_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "8",
        }

    def start(self, name, command):
        log = open(LOGS / f"{name}.log", "wb")  # noqa: SIM115 - open while the process runs
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a node is killed whole
        )

    def manage(self, *args, stdin=None):
        done = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def django(self, code):
        """Runs `code` in `manage.py shell`; returns what it printed last, as JSON."""
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def node(self, name):
        return f"http://127.0.0.1:{self.node_ports[name]}"

    def start_node(self, name):
        self.start(
            f"node-{name}",
            [GUNICORN, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.node_ports[name]}"],
        )

    def stop(self, name, sig=signal.SIGTERM, wait=20):
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, sig)
        try:
            return process.wait(wait)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return None

    def stop_all(self):
        for name in list(self.processes):
            self.stop(name)


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {what}")


def fresh_database():
    import psycopg

    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def fresh_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def make_bucket(endpoint):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="multinode",
        aws_secret_access_key="multinode",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    # As docs/deploy.md asks of the real bucket: the public reads media/, never private/.
    client.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/media/*",
                    }
                ],
            }
        ),
    )


# --- HTTP, as a browser would ---------------------------------------------------------------


class Browser:
    """Cookies are per host, not per port: one signed-in browser is signed in on both nodes, as
    behind one load balancer."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, url, data=None, headers=None):
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace"), response
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), error

    def csrf(self):
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def post(self, url, fields, files=None, referer=None):
        headers = {"Referer": referer or url, "X-CSRFToken": self.csrf()}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self.request(url, body, headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    lines = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            lines += [
                f"--{boundary}".encode(),
                f'Content-Disposition: form-data; name="{name}"'.encode(),
                b"",
                str(value).encode(),
            ]
    for name, (filename, content, content_type) in files.items():
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'.encode(),
            f"Content-Type: {content_type}".encode(),
            b"",
            content,
        ]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"


class FormReader(html.parser.HTMLParser):
    """The fields a browser would send for the form with the given id, as they stand."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attributes):
        attrs = dict(attributes)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or (not attrs.get("name") and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in {"submit", "button", "file", "image"}:
            checkable = attrs.get("type") in {"checkbox", "radio"}
            if checkable and "checked" not in attrs:
                return
            value = attrs.get("value", "on" if checkable else "")
            self.fields.setdefault(attrs["name"], []).append(value)
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[attrs["name"]] = [""]
        elif tag == "select":
            self._select = attrs["name"]
            self.fields.setdefault(attrs["name"], [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def read_form(page, form_id):
    reader = FormReader(form_id)
    reader.feed(page)
    return reader.fields


def anonymous_get(url):
    request = urllib.request.Request(url)  # noqa: S310 - http to our own nodes
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our nodes
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


# --- The proofs ------------------------------------------------------------------------------


def picture():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (900, 600), (20, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def sign_in(cluster, browser, password):
    login = f"{cluster.node('A')}/admin/login/"
    browser.request(login)
    status, _, _ = browser.post(
        login, {"username": "desk", "password": password, "next": "/admin/"}
    )
    if status != 302:
        raise RuntimeError(f"sign-in through A answered {status}")
    status, page, _ = browser.request(f"{cluster.node('B')}/admin/")
    proof("session made on A is valid on B", status == 200 and "Log out" in page, status=status)


def edit_article(cluster, browser, node, article_id, **changes):
    url = f"{cluster.node(node)}/admin/articles/article/{article_id}/change/"
    status, page, _ = browser.request(url)
    fields = read_form(page, "article_form")
    for name, value in changes.items():
        fields[name] = [str(value)]
    fields["_save"] = ["Save"]
    # A live story's save is otherwise kept as a pending update (articles.staging).
    fields["_publish_changes"] = ["1"]
    status, page, _ = browser.post(url, fields)
    if status != 302:
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
        raise RuntimeError(f"saving article {article_id} through {node}: {status} {errors[:3]}")


def prove_edit_served_by_other_node(cluster, browser, article):
    url_b = f"{cluster.node('B')}{article['url']}"
    for node in ("A", "B", "A", "B"):  # both nodes have the page cached
        anonymous_get(f"{cluster.node(node)}{article['url']}")
    headline = f"Edited through node A {secrets.token_hex(3)}"
    edit_article(cluster, browser, "A", article["id"], headline=headline)
    saved = time.monotonic()
    status, page = anonymous_get(url_b)
    first_try = headline in page
    while headline not in page and time.monotonic() - saved < 5:
        time.sleep(0.05)
        status, page = anonymous_get(url_b)
    seen_after = time.monotonic() - saved
    # By default (PAGE_CACHE_LOCAL_SECONDS=0) every request reads the tag generations from the
    # shared cache, so the edit is on the very first request after the save; with the opt-in
    # local window, within that many seconds.
    local_seconds = float(cluster.env.get("PAGE_CACHE_LOCAL_SECONDS", "0"))
    proof(
        "an edit through A is served by B at once (within PAGE_CACHE_LOCAL_SECONDS)",
        headline in page and (first_try or seen_after <= local_seconds + 0.5),
        status=status,
        page_cache_local_seconds=local_seconds,
        first_request_after_save_had_it=first_try,
        seconds_until_seen=round(seen_after, 3),
    )


def prove_picture_through_other_node(cluster, browser, article):
    add = f"{cluster.node('A')}/admin/images/image/add/"
    _, page, _ = browser.request(add)
    fields = read_form(page, "image_form")
    fields.update(alt_text=["A harbour"], credit=["Multinode desk"], caption=["Uploaded via A"])
    fields["_save"] = ["Save"]
    status, page, _ = browser.post(
        add, fields, files={"file": ("harbour.jpg", picture(), "image/jpeg")}
    )
    if status != 302:
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
        raise RuntimeError(f"upload through A answered {status}: {errors[:3]}")
    image_id = cluster.django(
        "import json; from images.models import Image; "
        "print(json.dumps(Image.objects.order_by('-pk').values_list('pk', flat=True)[0]))"
    )
    edit_article(cluster, browser, "A", article["id"], lead_image=image_id)
    status, page = anonymous_get(f"{cluster.node('B')}{article['url']}")
    bucket_origin = cluster.env["AWS_S3_ENDPOINT_URL"]
    sources = re.findall(rf'(?:src|srcset)="({re.escape(bucket_origin)}[^" ]+)', page)
    fetched = {}
    if sources:
        with urllib.request.urlopen(sources[0], timeout=30) as response:  # noqa: S310 - moto
            fetched = {
                "status": response.status,
                "type": response.headers["Content-Type"],
                "cache_control": response.headers["Cache-Control"],
            }
    proof(
        "a picture uploaded through A is shown through B, from the bucket",
        status == 200 and fetched.get("status") == 200 and fetched.get("type") == "image/webp",
        page_status=status,
        picture_url=sources[0] if sources else None,
        picture=fetched,
    )


def prove_takedown(cluster, browser, article):
    changelist = f"{cluster.node('B')}/admin/articles/article/"
    browser.request(changelist)
    status, _, _ = browser.post(
        changelist,
        {
            "action": "archive_selected",
            "_selected_action": str(article["id"]),
            "index": "0",
            "post": "yes",  # the confirmation page's answer
        },
    )
    answers = {node: anonymous_get(f"{cluster.node(node)}{article['url']}")[0] for node in "AB"}
    proof(
        "a takedown through B is gone from A and B",
        status == 302 and answers == {"A": 404, "B": 404},
        action_status=status,
        reader_status=answers,
    )


def prove_jobs_once(cluster):
    figures = cluster.django(
        "import json\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "from newsroom.models import ScheduledRun\n"
        "runs = list(ScheduledRun.objects.filter(job='heartbeat').order_by('slot'))\n"
        "slots = [int(r.slot.timestamp()) for r in runs]\n"
        "tasks = DBTaskResult.objects.filter(task_path='newsroom.tasks.heartbeat')\n"
        "ids = {str(pk) for pk in tasks.values_list('id', flat=True)}\n"
        "workers = {w for ws in tasks.values_list('worker_ids', flat=True) for w in ws}\n"
        "print(json.dumps({'slots': len(slots), 'distinct_slots': len(set(slots)),\n"
        " 'gaps': sum(1 for a, b in zip(slots, slots[1:]) if b - a != 1),\n"
        " 'tasks': tasks.count(), 'runs_with_their_task': sum(r.task_id in ids for r in runs),\n"
        " 'successful': tasks.filter(status='SUCCESSFUL').count(),\n"
        " 'pending': tasks.filter(status__in=['READY', 'RUNNING']).count(),\n"
        " 'workers_that_ran_some': len(workers)}))"
    )
    proof(
        "each heartbeat slot ran exactly once (two schedulers, two workers)",
        figures["slots"] >= 5
        and figures["distinct_slots"] == figures["slots"]
        and figures["gaps"] == 0
        and figures["tasks"] == figures["slots"] == figures["runs_with_their_task"]
        and figures["successful"] + figures["pending"] == figures["tasks"]
        and figures["pending"] <= 2,
        **figures,
    )


def prove_node_loss_under_load(cluster, article_urls):
    counts = {"requests": 0, "ok_first_try": 0, "ok_on_retry": 0, "lost": 0, "to_A": 0}
    lost = []  # what each lost request got, to say why
    for path in article_urls:  # warm, as nodes in service are
        for node in "AB":
            anonymous_get(f"{cluster.node(node)}{path}")
    lock = threading.Lock()
    stop = threading.Event()
    killed_at = {}

    def fetch(node, path):
        connection = http.client.HTTPConnection(
            "127.0.0.1", cluster.node_ports[node], timeout=ANSWER_TIMEOUT
        )
        try:
            connection.request("GET", path)
            return connection.getresponse().status
        finally:
            connection.close()

    def client(number):
        turn = number
        while not stop.is_set():
            node = "AB"[turn % 2]
            path = article_urls[turn % len(article_urls)]
            turn += 1
            outcome, why = "lost", None
            try:
                status = fetch(node, path)
                outcome, why = ("ok_first_try", None) if status == 200 else ("lost", status)
            except (OSError, http.client.HTTPException):
                other = "B" if node == "A" else "A"
                try:
                    status = fetch(other, path)
                    outcome, why = ("ok_on_retry", None) if status == 200 else ("lost", status)
                except (OSError, http.client.HTTPException) as error:
                    outcome, why = "lost", type(error).__name__
            with lock:
                if why is not None:
                    lost.append(f"{node} {path} {why}")
                counts["requests"] += 1
                counts[outcome] += 1
                counts["to_A"] += node == "A"

    threads = [threading.Thread(target=client, args=(n,)) for n in range(LOAD_THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(LOAD_SECONDS / 3)
    with lock:
        killed_at["requests_before_kill"] = counts["requests"]
    cluster.stop("node-A", signal.SIGKILL)  # the whole node, master and workers, at once
    time.sleep(LOAD_SECONDS * 2 / 3)
    stop.set()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    proof(
        "killing node A under load loses no request B can serve",
        counts["lost"] == 0 and counts["ok_on_retry"] >= 0 and counts["requests"] > 100,
        **counts,
        **killed_at,
        lost_requests=lost[:10],
        seconds=round(seconds, 1),
        requests_per_second=round(counts["requests"] / seconds),
        client_threads=LOAD_THREADS,
    )


SLOW_TASK = 15  # seconds
TASK_STATUS = (
    "import json\n"
    "from django_tasks_db.models import DBTaskResult\n"
    "print(json.dumps(list(DBTaskResult.objects.filter(task_path='tests.multinode_tasks.slow')"
    ".order_by('enqueued_at').values_list('status', flat=True))))"
)


def prove_graceful_stop(cluster):
    # One slow task for each worker; SIGTERM reaches them while they run it.
    cluster.django(
        f"from tests.multinode_tasks import slow\nfor _ in range(2): slow.enqueue({SLOW_TASK})\n"
        "print(1)"
    )
    # Long enough that a look (a manage.py shell, seconds on a busy machine) sees both running.
    wait_until(lambda: cluster.django(TASK_STATUS) == ["RUNNING", "RUNNING"], 60, "both tasks")
    workers = {name: cluster.stop(name, wait=SLOW_TASK * 3) for name in ("worker-1", "worker-2")}
    tasks = cluster.django(TASK_STATUS)
    proof(
        "a worker given SIGTERM finishes its running task, then exits",
        tasks == ["SUCCESSFUL", "SUCCESSFUL"] and set(workers.values()) == {0},
        task_status_after_stop=tasks,
        exit_codes=workers,
    )
    codes = {name: cluster.stop(name) for name in list(cluster.processes) if name != "s3"}
    proof(
        "every process stops by itself on SIGTERM",
        all(code is not None for code in codes.values()),
        exit_codes=codes,
    )


def seed(cluster):
    password = secrets.token_urlsafe(16)
    return password, cluster.django(
        "import json\n"
        "from django.contrib.auth.models import User\n"
        "from django.utils import timezone\n"
        "from articles.models import Article, Section\n"
        f"User.objects.create_superuser('desk', 'desk@newswire.example', {password!r})\n"
        "section = Section.objects.create(name='World', slug='world')\n"
        "made = []\n"
        "for n in range(1, 6):\n"
        "    a = Article.objects.create(headline=f'Multinode story {n}', slug=f'story-{n}',\n"
        "        section=section, standfirst='Proof.', body='<p>Body.</p>',\n"
        "        status=Article.Status.PUBLISHED, publish_at=timezone.now())\n"
        "    made.append({'id': a.pk, 'url': a.get_absolute_url()})\n"
        "print(json.dumps(made))"
    )


def main():
    LOGS.mkdir(parents=True, exist_ok=True)
    cluster = Cluster()
    try:
        fresh_database()
        fresh_redis()
        cluster.start(
            "s3", [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(cluster.s3_port)]
        )
        wait_until(
            lambda: socket.create_connection(("127.0.0.1", cluster.s3_port), 1).close() is None,
            30,
            "the S3 server",
        )
        make_bucket(cluster.env["AWS_S3_ENDPOINT_URL"])
        cluster.manage("migrate", "--noinput")
        cluster.manage("collectstatic", "--noinput", "--verbosity", "0")
        password, articles = seed(cluster)
        for name in "AB":
            cluster.start_node(name)
        for number in (1, 2):
            cluster.start(
                f"worker-{number}",
                [
                    PYTHON,
                    "manage.py",
                    "db_worker",
                    "--interval",
                    "0.2",
                    "--worker-id",
                    f"worker-{number}",
                ],
            )
            cluster.start(
                f"scheduler-{number}", [PYTHON, "manage.py", "run_scheduler", "--tick", "0.2"]
            )
        started = time.monotonic()
        for name in "AB":
            wait_until(
                lambda n=name: anonymous_get(f"{cluster.node(n)}/readyz")[0] == 200,
                60,
                f"node {name} to be ready",
            )
        proof(
            "both nodes ready (/readyz: database, migrations, cache, S3)",
            True,
            ports=cluster.node_ports,
            s3_port=cluster.s3_port,
        )

        browser = Browser()
        sign_in(cluster, browser, password)
        prove_edit_served_by_other_node(cluster, browser, articles[0])
        prove_picture_through_other_node(cluster, browser, articles[1])
        prove_takedown(cluster, browser, articles[2])
        # Give the schedulers a few seconds of slots to share, if the proofs above were quick.
        time.sleep(max(0, 8 - (time.monotonic() - started)))
        prove_jobs_once(cluster)
        prove_node_loss_under_load(cluster, [a["url"] for a in articles[3:]] + ["/"])
        prove_graceful_stop(cluster)
    except Exception as error:  # a setup or proof step that could not run is a failure too
        proof("the proof ran to its end", False, error=f"{type(error).__name__}: {error}")
    finally:
        cluster.stop_all()
    print(json.dumps({"ok": not failures, "failures": failures, "results": results}, indent=2))
    print(f"logs: {LOGS}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
