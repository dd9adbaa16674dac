"""Counting wrong tablet codes in the cache: per device and per address.

Each scope allows a number of failures in a window (fixed, from the first
failure). Any scope over its limit pauses code entry for that requester,
right codes included, until the window ends. There is no count across
requesters: wrong codes from elsewhere never pause a tablet (a flood guard
sparing unfailed devices would be bypassed by minting a cookie per guess).
The counts go through `accounts.shared_cache`: a hung or unreachable Redis
costs one request its timeout, then the counts live in this process's memory
for a while, so an outage weakens the limits but never lifts them nor breaks
the page.
"""

from dataclasses import dataclass

from django.conf import settings

from accounts.shared_cache import count_in_window, with_shared_cache

_PREFIX = "patient-forms:code-failures"


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


def blocked_scope(requester: Requester) -> str | None:
    """The first scope over its limit ("DEVICE", "ADDRESS"), or None to go ahead."""
    keys = requester.scopes()
    counts = with_shared_cache(lambda backend: backend.get_many(list(keys.values())))
    for scope, key in keys.items():
        if counts.get(key, 0) >= _limit(scope):
            return scope
    return None


def failure_record(requester: Requester) -> None:
    for key in requester.scopes().values():
        with_shared_cache(lambda backend, key=key: count_in_window(backend, key, seconds=_window_seconds()))


def success_record(requester: Requester) -> None:
    """A right code forgives the device's earlier typos; the address's count stays."""
    if requester.device:
        key = requester.scopes()["DEVICE"]
        with_shared_cache(lambda backend: backend.delete(key))
