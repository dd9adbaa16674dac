"""The embedded default: no DATABASE_URL, no broker → SQLite and eager tasks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SERVE_PATIENT_LIST = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from accounts.models import User
assert settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), settings.DATABASES
assert settings.CELERY_TASK_ALWAYS_EAGER
client = Client()
client.force_login(User.objects.get(username="therapist1"))
response = client.get("/patients/")
assert response.status_code == 200, response.status_code
print("patients listed:", response.content.decode().count(">P-0"))
# A save queues its review by task name; eager, the task runs here, before the save returns.
from sessions.models import TherapySession
from sessions.services import session_update
session = TherapySession.objects.filter(therapist__username="therapist1").latest("date")
session_update(session=session, note="reviewed in process")
session.refresh_from_db()
assert session.review_requested_at is None, "the review did not run in process"
print("reviewed in process")
"""


def run(args, env):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_embedded_default_migrates_seeds_and_serves_the_patient_list(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DATABASE_NAME"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
    }
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo", "--seed", "3"]):
        done = run([sys.executable, "manage.py", *command], env)
        assert done.returncode == 0, done.stderr
    assert "therapist1" in done.stdout
    done = run([sys.executable, "-c", SERVE_PATIENT_LIST], env)
    assert done.returncode == 0, done.stderr
    assert "patients listed: 10" in done.stdout
    assert "reviewed in process" in done.stdout
