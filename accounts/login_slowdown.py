"""Slowing down sign-ins to an account that keeps failing, wherever the guesses come from.

django-axes locks an account only at the address that failed (the pair), so
that nobody can lock an account by knowing its name. A guesser spreading
over many addresses is slowed here instead: once an account has had
LOGIN_FAILURE_LIMIT failures within LOGIN_LOCKOUT_MINUTES, every further
sign-in to it waits LOGIN_SLOWDOWN_SECONDS before its password is checked,
right or wrong (so the wait tells nothing), and is never refused. Signing in
clears the count. The counts go through `shared_cache`: while Redis cannot
be reached they live in this process's memory (the pair lock still holds),
and a hung Redis costs one sign-in its timeout, not every one.
"""

import hashlib
import time

from django.conf import settings

from .shared_cache import count_in_window, with_shared_cache


def _key(username: str) -> str:
    return "accounts:sign-in-failures:" + hashlib.sha256(username.casefold().encode()).hexdigest()


def sign_in_wait(username: str) -> None:
    """Wait before checking a password for `username` when the account has failed too often lately."""
    if with_shared_cache(lambda backend: backend.get(_key(username), 0)) >= settings.AXES_FAILURE_LIMIT:
        time.sleep(settings.LOGIN_SLOWDOWN_SECONDS)


def sign_in_failure_record(username: str) -> None:
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    with_shared_cache(lambda backend: count_in_window(backend, _key(username), seconds=window))


def sign_in_success_record(username: str) -> None:
    with_shared_cache(lambda backend: backend.delete(_key(username)))
