"""Counting wrong tablet codes in the cache: per device and per address.

Each scope allows a number of failures in a window (fixed, from the first
failure). Any scope over its limit pauses code entry for that requester,
right codes included, until the window ends. There is no count across
requesters: wrong codes from elsewhere never pause a tablet (a flood guard
sparing unfailed devices would be bypassed by minting a cookie per guess).
When the shared cache (Redis) cannot be reached the counts fall back to this
process's memory, so an outage weakens the limits but never lifts them nor
breaks the page; after a failure the cache is left alone for
CACHE_PAUSE_SECONDS, so that a hung Redis costs one request its timeout.
"""

import logging
import time
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
_cache_paused_until = 0.0


@dataclass(frozen=True)
class Requester:
    """Who is typing a code: the tablet's device cookie (if any) and its address."""

    device: str | None
    address: str

    def scopes(self) -> dict[str, str]:
        """Cache key per scope ("DEVICE", "ADDRESS")."""
        keys = {"DEVICE": f"{_PREFIX}:device:{self.device}"} if self.device else {}
        keys["ADDRESS"] = f"{_PREFIX}:address:{self.address}"
        return keys


_LIMITS = {
    "DEVICE": "TABLET_CODE_FAILURES_PER_DEVICE",
    "ADDRESS": "TABLET_CODE_FAILURES_PER_ADDRESS",
}


def _limit(scope: str) -> int:
    return getattr(settings, _LIMITS[scope])


def _window_seconds() -> int:
    return settings.TABLET_CODE_THROTTLE_MINUTES * 60


def _with_cache[T](action: Callable[[BaseCache], T]) -> T:
    global _cache_paused_until
    if time.monotonic() < _cache_paused_until:
        return action(_fallback)
    try:
        return action(cache)
    except (RedisError, OSError):
        _cache_paused_until = time.monotonic() + settings.CACHE_PAUSE_SECONDS
        logger.warning("The cache is unreachable: counting wrong tablet codes in this process only", exc_info=True)
        return action(_fallback)


def cache_pause_reset() -> None:
    """Use the shared cache again at once (tests, and after an operator fixed Redis)."""
    global _cache_paused_until
    _cache_paused_until = 0.0


def blocked_scope(requester: Requester) -> str | None:
    """The first scope over its limit ("DEVICE", "ADDRESS"), or None to go ahead."""
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
    """A right code forgives the device's earlier typos; the address's count stays."""
    if requester.device:
        key = requester.scopes()["DEVICE"]
        _with_cache(lambda backend: backend.delete(key))
