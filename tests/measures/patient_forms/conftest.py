import uuid

import pytest

from accounts.shared_cache import shared_cache_fallback_clear, shared_cache_pause_reset


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Each test counts wrong codes in its own in-process cache (never FLUSHDB on the shared Redis)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    shared_cache_fallback_clear()
    shared_cache_pause_reset()


@pytest.fixture(autouse=True)
def english_speaking_patient(request):
    """Patient forms follow the patient's language: read them in English unless a test says otherwise."""
    if "world" in request.fixturenames:
        from patients.services import patient_update

        world = request.getfixturevalue("world")
        patient_update(patient=world.patient_a, language="en")
