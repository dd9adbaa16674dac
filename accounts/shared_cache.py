"""The shared cache (Redis) for counters that must never hang or break a request.

A hung or unreachable Redis costs one request its socket timeout; for
CACHE_PAUSE_SECONDS after that, counters use this process's memory instead,
so limits weaken during an outage but never lift nor slow every page. Used by
the sign-in slow-down (accounts) and the tablet-code throttle (measures).
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_fallback = LocMemCache("alliance-shared-cache-fallback", {})
_paused_until = 0.0


def with_shared_cache[T](action: Callable[[BaseCache], T]) -> T:
    """`action(cache)`, or `action(process memory)` while the shared cache is paused after a failure."""
    global _paused_until
    if time.monotonic() < _paused_until:
        return action(_fallback)
    try:
        return action(cache)
    except (RedisError, OSError):
        _paused_until = time.monotonic() + settings.CACHE_PAUSE_SECONDS
        logger.warning("The cache is unreachable: counting in this process only for a while", exc_info=True)
        return action(_fallback)


def count_in_window(backend: BaseCache, key: str, *, seconds: int) -> None:
    """Add one to `key`, a count that ends `seconds` after its first increment."""
    if backend.add(key, 1, timeout=seconds):
        return
    try:
        backend.incr(key)
    except ValueError:  # expired between add and incr
        backend.set(key, 1, timeout=seconds)


def shared_cache_pause_reset() -> None:
    """Use the shared cache again at once (tests, and after an operator fixed Redis)."""
    global _paused_until
    _paused_until = 0.0


def shared_cache_fallback_clear() -> None:
    """Forget what was counted in this process's memory (tests)."""
    _fallback.clear()
