import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent

HEALTH_PROBE = """
import django, json, sys
django.setup()
from django.test import Client
response = Client().get(sys.argv[1])
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def health_in_a_process(path: str, **env_overrides: str) -> dict:
    """Ask /healthz from a fresh process configured by `env_overrides`."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings", "DJANGO_ALLOWED_HOSTS": "testserver"}
    done = subprocess.run(
        [sys.executable, "-c", HEALTH_PROBE, path],
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
    assert answer == {"status": 503, "body": {"status": "unavailable", "database": False}}


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
    assert answer == {"status": 503, "body": {"status": "unavailable", "database": True, "broker": False}}
