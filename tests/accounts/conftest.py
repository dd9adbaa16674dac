import uuid

import pytest

from accounts.shared_cache import shared_cache_fallback_clear, shared_cache_pause_reset


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Each test counts an account's failed sign-ins in its own memory, never in the shared Redis."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    shared_cache_fallback_clear()
    shared_cache_pause_reset()
