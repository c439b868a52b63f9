"""Health endpoints for load balancers and orchestrators, and the readiness checks behind them.

`/healthz` says the process answers (no dependency is touched, so a database outage does not get
every node killed at once); `/readyz` says this node can serve: database, cache and media storage
reachable, every migration applied. Both are never cached, and a failure names only the check
and the kind of error, never an address or a credential.
"""

import logging
import os
import uuid

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("newsroom.health")

# Once every migration is applied it stays so for this code; each process checks until then.
_migrations_applied = False


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_migrations():
    global _migrations_applied  # remembered per process once true
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migrations not applied")
    _migrations_applied = True


def check_cache():
    # The cache swallows Redis errors (IGNORE_EXCEPTIONS, so pages degrade instead of failing),
    # so only a value written and read back proves it is there.
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    read = cache.get(key)
    cache.delete(key)
    if read != value:
        raise RuntimeError("a value written could not be read back")


def check_storage():
    if isinstance(default_storage, FileSystemStorage):
        location = default_storage.location
        try:
            os.makedirs(location, exist_ok=True)  # as the storage would on its first save
        except OSError:
            raise RuntimeError("the media folder cannot be made") from None
        if not os.access(location, os.W_OK):
            raise RuntimeError("the media folder is not writable")
        return
    # Object storage: one request that needs the bucket and the credentials (a HEAD).
    default_storage.exists("readyz-probe")


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "storage": check_storage,
}


def run_checks():
    """{check name: "ok" or what failed}, and whether all passed."""
    results = {}
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "skipped: no database"
            continue
        try:
            check()
        except Exception as error:  # any failure means not ready
            # The kind of error only: messages may carry hosts, bucket names or credentials.
            message = str(error) if isinstance(error, RuntimeError) else type(error).__name__
            results[name] = f"failed: {message}"
            logger.warning("readiness check failed", extra={"check": name, "error": message})
        else:
            results[name] = "ok"
    return results, all(result == "ok" for result in results.values())


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    results, ready = run_checks()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )
