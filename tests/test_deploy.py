"""Production settings pass Django's deployment check; missing secrets stop start-up clearly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "ALLIANCE_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-0123456789",
    "DJANGO_ALLOWED_HOSTS": "alliance.example.org",
}
# Addresses are never reached by `check`: only whether they are set matters.
SERVICES = {
    "DATABASE_URL": "postgres://alliance@127.0.0.1:5432/alliance",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://alliance:secret@mail.example.org:587",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ALLIANCE_"))} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_check_without_warnings():
    done = manage("check", "--deploy", "--fail-level", "WARNING", **(PRODUCTION | SERVICES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_production_without_an_smtp_server_fails_the_deployment_check():
    """The daily e-mail would only be printed on a console nobody reads (Django's mail.E001)."""
    done = manage("check", "--deploy", **(PRODUCTION | SERVICES | {"EMAIL_URL": ""}))
    assert done.returncode != 0
    assert "mail.E001" in done.stdout + done.stderr


def test_production_without_a_secret_key_stops_with_a_clear_message():
    done = manage("check", **(PRODUCTION | {"DJANGO_SECRET_KEY": ""}))
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY is required when ALLIANCE_ENV=production" in done.stderr


def test_a_malformed_boolean_setting_is_named():
    done = manage("check", DJANGO_DEBUG="perhaps")
    assert done.returncode != 0
    assert "DJANGO_DEBUG must be true or false, not 'perhaps'" in done.stderr


def test_the_environment_name_is_read_whatever_its_case():
    done = manage(
        "check", "--deploy", "--fail-level", "WARNING", **(PRODUCTION | SERVICES | {"ALLIANCE_ENV": "Production"})
    )
    assert done.returncode == 0, done.stdout + done.stderr
    development = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        ALLIANCE_ENV="DEVELOPMENT",
    )
    assert development.stdout.strip() == "True", development.stderr


def test_an_unknown_environment_name_stops_start_up():
    done = manage("check", **(PRODUCTION | {"ALLIANCE_ENV": "prod"}))
    assert done.returncode != 0
    assert "ALLIANCE_ENV must be production or development, not 'prod'" in done.stderr


@pytest.mark.parametrize(
    ("missing", "check_id"),
    [({"DATABASE_URL": ""}, "alliance.E001"), ({"CELERY_BROKER_URL": ""}, "alliance.E002")],
)
def test_production_refuses_to_start_without_its_services(missing, check_id):
    done = manage("check", **(PRODUCTION | SERVICES | missing))
    assert done.returncode != 0
    assert check_id in done.stderr


def test_production_refuses_a_short_secret_key():
    done = manage("check", **(PRODUCTION | SERVICES | {"DJANGO_SECRET_KEY": "k" * 49}))
    assert done.returncode != 0
    assert "alliance.E003" in done.stderr
    assert manage("check", **(PRODUCTION | SERVICES | {"DJANGO_SECRET_KEY": "k" * 50})).returncode == 0


def test_development_runs_embedded_without_services():
    done = manage("check", DATABASE_URL="", CELERY_BROKER_URL="")
    assert done.returncode == 0, done.stdout + done.stderr
