"""/healthz: 200 when the database answers, 503 otherwise; ?deep=1 also asks the broker.

Each check opens a connection of its own and gives up after PROBE_SECONDS, so
that a hung server (stopped, or accepting connections it never serves) makes
the page answer 503 within a second instead of hanging with it.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import psycopg
import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

PROBE_SECONDS = 0.4  # per check; the two run at the same time, so the page stays under a second


def database_ok() -> bool:
    if connection.vendor != "postgresql":
        return _django_connection_ok()  # the embedded SQLite file cannot hang
    try:
        return asyncio.run(asyncio.wait_for(_postgresql_answers(), PROBE_SECONDS))
    except (TimeoutError, psycopg.Error):
        return False


async def _postgresql_answers() -> bool:
    # Django's connection parameters, less its sync cursor class and type adapters.
    params = {
        name: value
        for name, value in connection.get_connection_params().items()
        if name not in {"cursor_factory", "context"}
    }
    async with await psycopg.AsyncConnection.connect(**params) as probe:
        await probe.execute("SELECT 1")
    return True


def _django_connection_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def broker_ok() -> bool:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True  # embedded mode: tasks run in process, there is no broker to reach
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=PROBE_SECONDS, socket_connect_timeout=PROBE_SECONDS
    )
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


@login_not_required
@never_cache
def healthz(request):
    if not request.GET.get("deep"):
        checks = {"database": database_ok()}
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:  # the broker is asked while the database is
            broker = pool.submit(broker_ok)
            checks = {"database": database_ok(), "broker": broker.result()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
