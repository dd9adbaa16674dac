"""What production needs before it starts: system checks, run by `check`, `migrate` and the image's start.

Without them a production server would quietly fall back to the embedded set-up
(SQLite, Celery tasks run inside the web process) or sign with a guessable key.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

SECRET_KEY_MIN_LENGTH = 50  # what Django's own security.W009 asks for


@register(Tags.security)
def production_settings_check(app_configs, **kwargs) -> list[Error]:
    if not settings.PRODUCTION:
        return []
    errors = []
    if not settings.DATABASE_URL:
        errors.append(
            Error(
                "DATABASE_URL is not set.",
                hint="Production stores its data in PostgreSQL: set DATABASE_URL (SQLite is for the embedded demo).",
                id="alliance.E001",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        errors.append(
            Error(
                "CELERY_BROKER_URL is not set.",
                hint="Production runs its tasks in the worker: set CELERY_BROKER_URL to the Redis the worker reads.",
                id="alliance.E002",
            )
        )
    if len(settings.SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
        errors.append(
            Error(
                f"DJANGO_SECRET_KEY is shorter than {SECRET_KEY_MIN_LENGTH} characters.",
                hint="Make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="alliance.E003",
            )
        )
    return errors
