"""Counting wrong tablet codes in the cache: per device, per address and globally.

Each scope allows a number of failures in a window (fixed, from the first
failure). Any scope over its limit pauses code entry for that requester,
right codes included, until the window ends. When the shared cache (Redis)
cannot be reached the counts fall back to this process's memory, so an
outage weakens the limits but never lifts them nor breaks the page.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_PREFIX = "patient-forms:code-failures"
_fallback = LocMemCache("patient-forms-throttle-fallback", {})


@dataclass(frozen=True)
class Requester:
    """Who is typing a code: the tablet's device cookie (if any) and its address."""

    device: str | None
    address: str

    def scopes(self) -> dict[str, str]:
        """Cache key per scope ("DEVICE", "ADDRESS", "GLOBAL")."""
        keys = {"DEVICE": f"{_PREFIX}:device:{self.device}"} if self.device else {}
        keys["ADDRESS"] = f"{_PREFIX}:address:{self.address}"
        keys["GLOBAL"] = f"{_PREFIX}:global"
        return keys


_LIMITS = {
    "DEVICE": "TABLET_CODE_FAILURES_PER_DEVICE",
    "ADDRESS": "TABLET_CODE_FAILURES_PER_ADDRESS",
    "GLOBAL": "TABLET_CODE_FAILURES_GLOBAL",
}


def _limit(scope: str) -> int:
    return getattr(settings, _LIMITS[scope])


def _window_seconds() -> int:
    return settings.TABLET_CODE_THROTTLE_MINUTES * 60


def _with_cache[T](action: Callable[[BaseCache], T]) -> T:
    try:
        return action(cache)
    except (RedisError, OSError):
        logger.warning("The cache is unreachable: counting wrong tablet codes in this process only", exc_info=True)
        return action(_fallback)


def blocked_scope(requester: Requester) -> str | None:
    """The first scope over its limit ("DEVICE", "ADDRESS", "GLOBAL"), or None to go ahead."""
    keys = requester.scopes()
    counts = _with_cache(lambda backend: backend.get_many(list(keys.values())))
    for scope, key in keys.items():
        if counts.get(key, 0) >= _limit(scope):
            return scope
    return None


def failure_record(requester: Requester) -> None:
    for key in requester.scopes().values():
        _with_cache(lambda backend, key=key: _count(backend, key))


def _count(backend: BaseCache, key: str) -> None:
    if backend.add(key, 1, timeout=_window_seconds()):
        return
    try:
        backend.incr(key)
    except ValueError:  # expired between add and incr
        backend.set(key, 1, timeout=_window_seconds())


def success_record(requester: Requester) -> None:
    """A right code forgives the device's earlier typos; the address and global counts stay."""
    if requester.device:
        key = requester.scopes()["DEVICE"]
        _with_cache(lambda backend: backend.delete(key))
