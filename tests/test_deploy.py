"""Production settings pass Django's deployment check; missing secrets stop start-up clearly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "ALLIANCE_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-0123456789",
    "DJANGO_ALLOWED_HOSTS": "alliance.example.org",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ALLIANCE_"))} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_check_without_warnings():
    done = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_production_without_a_secret_key_stops_with_a_clear_message():
    done = manage("check", **(PRODUCTION | {"DJANGO_SECRET_KEY": ""}))
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY is required when ALLIANCE_ENV=production" in done.stderr


def test_a_malformed_boolean_setting_is_named():
    done = manage("check", DJANGO_DEBUG="perhaps")
    assert done.returncode != 0
    assert "DJANGO_DEBUG must be true or false, not 'perhaps'" in done.stderr
