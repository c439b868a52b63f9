"""gunicorn's settings, for `make run` and production alike (`gunicorn -c gunicorn.conf.py ...`).

Threaded workers (gthread), not sync ones: a sync worker serves one connection at a time and
reads its headers in a blocking way, so eight clients trickling header lines in (issue 21, item 8)
held both of `make run`'s workers and nobody else was answered. With gthread a worker's main loop
accepts and waits for every connection itself (one that sends nothing in 5 s goes back to it), and
a client still sending its headers holds one thread, not the worker: WORKERS x THREADS of them
before readers wait. Django runs happily in threads (each has its own database connection).

In production, put a buffering proxy in front (nginx's defaults buffer requests and responses and
time out slow headers after 60 s: `client_header_timeout 10s` is better), so slow clients cost the
proxy a connection and gunicorn only ever sees whole requests; see README "Running in production".
"""

import os

wsgi_app = "newsroom.wsgi:application"
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
# A request that takes longer than this is killed with its worker (gthread's heartbeat).
timeout = 30
# On SIGTERM (a deploy, a node taken out) each worker finishes the requests it has within this.
graceful_timeout = 30
# Idle keep-alive connections wait in the main loop, not in a thread.
keepalive = 5
