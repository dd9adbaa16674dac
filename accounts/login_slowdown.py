"""Slowing down sign-ins to an account that keeps failing, wherever the guesses come from.

django-axes locks an account only at the address that failed (the pair), so
that nobody can lock an account by knowing its name. A guesser spreading
over many addresses is slowed here instead: once an account has had
LOGIN_FAILURE_LIMIT failures within LOGIN_LOCKOUT_MINUTES, every further
sign-in to it waits LOGIN_SLOWDOWN_SECONDS before its password is checked,
right or wrong (so the wait tells nothing), and is never refused. Signing in
clears the count. When the cache cannot be reached nobody waits: the pair
lock still holds.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _key(username: str) -> str:
    return "accounts:sign-in-failures:" + hashlib.sha256(username.casefold().encode()).hexdigest()


def sign_in_wait(username: str) -> None:
    """Wait before checking a password for `username` when the account has failed too often lately."""
    try:
        failures = cache.get(_key(username), 0)
    except (RedisError, OSError):
        logger.warning("The cache is unreachable: sign-ins are not slowed down", exc_info=True)
        return
    if failures >= settings.AXES_FAILURE_LIMIT:
        time.sleep(settings.LOGIN_SLOWDOWN_SECONDS)


def sign_in_failure_record(username: str) -> None:
    key, window = _key(username), int(settings.AXES_COOLOFF_TIME.total_seconds())
    try:
        if not cache.add(key, 1, timeout=window):
            cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
    except (RedisError, OSError):
        logger.warning("The cache is unreachable: a failed sign-in is not counted", exc_info=True)


def sign_in_success_record(username: str) -> None:
    try:
        cache.delete(_key(username))
    except (RedisError, OSError):
        logger.warning("The cache is unreachable: a sign-in's earlier failures are not cleared", exc_info=True)
