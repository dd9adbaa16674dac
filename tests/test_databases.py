"""The run on SQLite (scripts/test-both) says which tests it leaves to PostgreSQL, and why."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPEND_ONLY = "tests/audit/test_audit.py::test_the_database_refuses_to_change_or_delete_an_audit_event"
LOG_PAGE = "tests/audit/test_audit.py::test_a_clinic_admin_browses_and_filters_their_clinics_log"


def test_a_test_that_needs_postgresql_is_skipped_on_sqlite_with_its_reason(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DATABASE_NAME"}}
    env["SQLITE_PATH"] = str(tmp_path / "unused.sqlite3")
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:xdist", APPEND_ONLY, LOG_PAGE]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed, 1 skipped" in done.stdout
    assert "postgres: the trigger that keeps the log append-only (this run is on sqlite)" in done.stdout
