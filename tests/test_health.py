import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent

HEALTH_PROBE = """
import django, json, sys, time
django.setup()
from django.test import Client
from django.urls import resolve
resolve("/healthz")  # import the URLconf and the views first: the time measured is the checks'
Client().get("/accounts/login/")  # and load the middleware, as a serving worker has (no database query)
started = time.monotonic()
response = Client().get(sys.argv[1])
seconds = time.monotonic() - started
print(json.dumps({"status": response.status_code, "body": response.json(), "seconds": seconds}))
"""

CONNECT_PROBE = """
import django, json, time
django.setup()
from django.db import connection
from django.db.utils import OperationalError
started = time.monotonic()
try:
    connection.ensure_connection()
    error = None
except OperationalError as caught:
    error = str(caught)
print(json.dumps({"error": error, "seconds": time.monotonic() - started}))
"""


@pytest.fixture
def hung_server():
    """A TCP port that accepts connections and never answers: a PostgreSQL or Redis stopped by SIGSTOP
    looks like this from the client (the kernel completes the handshake; nobody reads)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def health_in_a_process(path: str, **env_overrides: str) -> dict:
    """Ask /healthz from a fresh process configured by `env_overrides`: status, body and seconds taken."""
    return in_a_process(HEALTH_PROBE, path, **env_overrides)


def in_a_process(script: str, *args: str, **env_overrides: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings", "DJANGO_ALLOWED_HOSTS": "testserver"}
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env | env_overrides,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_healthz_answers_ok_when_the_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_healthz_answers_503_when_the_database_is_unreachable():
    # Nothing listens on port 1.
    answer = health_in_a_process("/healthz", DATABASE_URL="postgres://postgres@127.0.0.1:1/alliance")
    assert (answer["status"], answer["body"]) == (503, {"status": "unavailable", "database": False})


def test_deep_healthz_checks_the_real_broker(client):
    response = client.get("/healthz?deep=1")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "broker": True}


def test_deep_healthz_answers_503_when_the_broker_is_unreachable(db):
    answer = health_in_a_process(
        "/healthz?deep=1",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert (answer["status"], answer["body"]) == (503, {"status": "unavailable", "database": True, "broker": False})


def test_healthz_answers_503_within_a_second_when_the_database_hangs(hung_server):
    answer = health_in_a_process("/healthz", DATABASE_URL=f"postgres://postgres@127.0.0.1:{hung_server}/alliance")
    assert (answer["status"], answer["body"]) == (503, {"status": "unavailable", "database": False})
    assert answer["seconds"] < 1


def test_deep_healthz_answers_503_within_a_second_when_the_broker_hangs(db, hung_server):
    answer = health_in_a_process(
        "/healthz?deep=1",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{hung_server}/0",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert (answer["status"], answer["body"]) == (503, {"status": "unavailable", "database": True, "broker": False})
    assert answer["seconds"] < 1


def test_deep_healthz_answers_503_within_a_second_when_both_hang(hung_server):
    answer = health_in_a_process(
        "/healthz?deep=1",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{hung_server}/0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{hung_server}/alliance",
    )
    assert (answer["status"], answer["body"]) == (503, {"status": "unavailable", "database": False, "broker": False})
    assert answer["seconds"] < 1


def test_a_connection_to_a_hung_database_gives_up_after_the_connect_timeout(hung_server):
    answer = in_a_process(
        CONNECT_PROBE,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{hung_server}/alliance",
        DATABASE_CONNECT_TIMEOUT="2",
    )
    assert answer["error"] is not None
    assert 1.5 < answer["seconds"] < 5


@pytest.mark.postgres("statement_timeout is a PostgreSQL setting")
def test_statements_run_under_the_statement_timeout(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"


@pytest.mark.postgres("statement_timeout is a PostgreSQL setting")
def test_a_statement_longer_than_the_timeout_is_cancelled():
    from django.db.utils import OperationalError

    with pytest.raises(OperationalError, match="statement timeout"), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '200ms'; SELECT pg_sleep(2)")
