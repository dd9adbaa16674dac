"""Hypothesis profiles and the fuzz fixture.

The "ci" profile (the default) is derandomized and keeps no example
database, so every run tries the same examples and CI is reproducible.
`HYPOTHESIS_PROFILE=explore` draws new examples on each run, ten times as
many, for a longer hunt on a developer's machine.
"""

import os
import uuid
from contextlib import contextmanager

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    # The world is built once per test; each example rolls its writes back (Fuzz.example).
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.register_profile("explore", parent=settings.get_profile("ci"), derandomize=False, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


class Fuzz:
    """Counts the examples a test runs (the fuzzing volume) and isolates the ones that touch the database."""

    def __init__(self):
        self.examples = 0

    def count(self) -> None:
        self.examples += 1

    @contextmanager
    def example(self):
        """One example whose writes are rolled back, so that the next one starts from the same world."""
        self.count()
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


@pytest.fixture
def fuzz(request):
    counter = Fuzz()
    yield counter
    # Read by the terminal summary of tests/conftest.py, on the controller when run with xdist.
    request.node.user_properties.append(("fuzz_examples", counter.examples))


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Throttle counts (tablet codes, logins) in this test's own memory, never in the shared Redis."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
